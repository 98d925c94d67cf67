/**
 * Block Kit building blocks every Slack presenter shares. Presenters are pure: a core view in,
 * blocks out; they never read the database or decide who may do what.
 */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;

/** What a slash command's `ack`/`respond` or `chat.postEphemeral` takes. */
export interface SlackReply {
  response_type?: 'ephemeral' | 'in_channel';
  text: string;
  blocks?: KnownBlock[];
}

export function section(markdown: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: markdown } };
}

export function context(markdown: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: markdown }] };
}

export const divider = (): KnownBlock => ({ type: 'divider' });

/** A button whose value names what it acts on; pressing it runs the button defined for `actionId` (kit/buttons.ts). */
export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/** A choice in a select or radio group; Slack cuts option text at 75 characters. */
export function option(text: string, value: string, description?: string) {
  return {
    text: { type: 'plain_text' as const, text: text.slice(0, 75) },
    value,
    ...(description ? { description: { type: 'plain_text' as const, text: description.slice(0, 75) } } : {}),
  };
}

/**
 * A modal's input. Every input's action id is `value`, so `fieldValue(state, blockId)` reads any of
 * them (kit/modals.ts).
 */
export function input(blockId: string, label: string, element: Record<string, unknown>, options: { optional?: boolean; hint?: string } = {}): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: { type: 'plain_text', text: label },
    element: { ...element, action_id: 'value' },
    ...(options.hint ? { hint: { type: 'plain_text', text: options.hint } } : {}),
  } as KnownBlock;
}

export function ephemeral(text: string, blocks?: KnownBlock[]): SlackReply {
  return { response_type: 'ephemeral', text, ...(blocks ? { blocks } : {}) };
}

export function inChannel(text: string, blocks?: KnownBlock[]): SlackReply {
  return { response_type: 'in_channel', text, ...(blocks ? { blocks } : {}) };
}
