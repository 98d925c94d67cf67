/**
 * @deprecated What notifier rules looked up with the database to address a message; rules now read
 * the directory's queries (`slackUsers`, `linkedChannels`) through `ctx.read`. Goes once every rule has moved.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { channelLinks, slackIdentities, type ChannelLink } from '../../../db/schema.ts';

/**
 * The Slack user id to DM each person at, keyed by person id; people without one are left out.
 * A person known in several teams is reached in the provider's team when possible.
 */
export async function slackUsersOf(db: Queryable, teamId: string, personIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (personIds.length === 0) return found;
  const rows = await db
    .select({ personId: slackIdentities.personId, teamId: slackIdentities.teamId, userId: slackIdentities.userId })
    .from(slackIdentities)
    .where(inArray(slackIdentities.personId, personIds));
  for (const row of rows) {
    if (!found.has(row.personId) || row.teamId === teamId) found.set(row.personId, row.userId);
  }
  return found;
}

/** The channels linked to an org for one purpose (oldest link first). */
export async function linkedChannels(db: Queryable, teamId: string, orgId: string, purpose: ChannelLink['purpose']): Promise<string[]> {
  const rows = await db
    .select({ channelId: channelLinks.channelId })
    .from(channelLinks)
    .where(and(eq(channelLinks.teamId, teamId), eq(channelLinks.orgId, orgId), eq(channelLinks.purpose, purpose)))
    .orderBy(channelLinks.createdAt);
  return rows.map((r) => r.channelId);
}
