/**
 * What notifier rules and Slack listeners look up to address a message: people's Slack users,
 * an org's linked channels, and the cards the notifier has posted.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { channelLinks, slackCards, slackIdentities, type ChannelLink } from '../../../db/schema.ts';

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

/** Where a card was posted, once it has been. */
export async function cardOf(db: Queryable, cardKey: string): Promise<{ channel: string; ts: string } | undefined> {
  const [row] = await db.select({ channel: slackCards.channel, ts: slackCards.ts }).from(slackCards).where(eq(slackCards.cardKey, cardKey));
  return row;
}

/** Which card a Slack message is (to read a thread reply as a comment on the card's subject). */
export async function cardAt(db: Queryable, channel: string, ts: string): Promise<string | undefined> {
  const [row] = await db
    .select({ cardKey: slackCards.cardKey })
    .from(slackCards)
    .where(and(eq(slackCards.channel, channel), eq(slackCards.ts, ts)));
  return row?.cardKey;
}
