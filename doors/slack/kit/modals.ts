/**
 * What the listeners that open modals share: reading a submitted view's inputs, and where a
 * modal opened from (a client org's linked channel, or a choice of client orgs for provider staff).
 */
import { and, asc, eq } from 'drizzle-orm';
import { channelLinks, orgs } from '../../../db/schema.ts';
import type { SlackDeps } from '../context.ts';

/** A submitted view's `state.values`: block id → action id → the input's value. */
export type ViewState = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

/** The value of the input in `block` (every input's action id is `value`): typed text or the chosen option. */
export const fieldValue = (state: ViewState, block: string): string | undefined =>
  state[block]?.value?.value ?? state[block]?.value?.selected_option?.value ?? undefined;

/** The client org a channel is linked to, when it is a client's (Slack Connect) channel. */
export async function clientOrgOfChannel(deps: SlackDeps, teamId: string, channelId: string): Promise<string | undefined> {
  const [link] = await deps.core.database.db
    .select({ orgId: channelLinks.orgId, purpose: channelLinks.purpose })
    .from(channelLinks)
    .where(and(eq(channelLinks.teamId, await deps.workspace.channelTeamId(teamId)), eq(channelLinks.channelId, channelId)));
  return link?.purpose === 'client' ? link.orgId : undefined;
}

/** Every client org by name, for provider staff to choose from. */
export function clientOrgChoices(deps: SlackDeps): Promise<Array<{ id: string; name: string }>> {
  return deps.core.database.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.kind, 'client')).orderBy(asc(orgs.name));
}
