/** What the listeners of modals share: reading a submitted view's inputs and its private metadata. */
import type { z } from 'zod';

/** A submitted view's `state.values`: block id → action id → the input's value. */
export type ViewState = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: Array<{ value: string }>;
      selected_date_time?: number | null;
    }
  >
>;

/** The value of the input in `block` (every input's action id is `value`): typed text or the chosen option. */
export const fieldValue = (state: ViewState, block: string): string | undefined =>
  state[block]?.value?.value ?? state[block]?.value?.selected_option?.value ?? undefined;

/** A view's `private_metadata`, which opsdesk wrote as JSON; anything else reads as undefined. */
export function viewMetadata<S extends z.ZodTypeAny>(schema: S, text: string | undefined): z.output<S> | undefined {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
