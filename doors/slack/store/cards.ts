/** The cards the notifier keeps up to date: where each was posted (its channel and message ts). */
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { slackCards } from '../../../db/schema.ts';

export interface CardPlace {
  channel: string;
  ts: string;
}

export class Cards {
  constructor(private readonly db: Queryable) {}

  /** Where a card was posted, once it has been. */
  async placeOf(cardKey: string, db: Queryable = this.db): Promise<CardPlace | undefined> {
    const [row] = await db.select({ channel: slackCards.channel, ts: slackCards.ts }).from(slackCards).where(eq(slackCards.cardKey, cardKey));
    return row;
  }

  /** Which card a Slack message is (to read a reply in its thread as a comment on the card's subject). */
  async keyAt(channel: string, ts: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ cardKey: slackCards.cardKey })
      .from(slackCards)
      .where(and(eq(slackCards.channel, channel), eq(slackCards.ts, ts)));
    return row?.cardKey;
  }

  /** The card is (now) this message: its first post, or its new post after someone deleted it. */
  async remember(cardKey: string, place: CardPlace, now: Date): Promise<void> {
    await this.db
      .insert(slackCards)
      .values({ cardKey, ...place })
      .onConflictDoUpdate({ target: slackCards.cardKey, set: { ...place, updatedAt: now } });
  }
}
