/**
 * The notifier's queue (`slack_outbox`): rows of Slack work in order per lane (a channel, or one
 * person's App Home), each lane's head, folding renders queued behind it, the pages that have waited
 * too long, and each row's fate (sent, retried later, given up).
 */
import { and, asc, count, eq, gt, inArray, isNull, lt, lte, ne } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../../../db/client.ts';
import { slackOutbox, type SlackOutboxRow } from '../../../db/schema.ts';
import type { Cards } from './cards.ts';

/** A page not sent this long after it was queued is late ("cannot reach Slack for 60 seconds"). */
export const PAGE_LATE_AFTER_MS = 60_000;

export type OutboxInsert = typeof slackOutbox.$inferInsert;

const pending = eq(slackOutbox.status, 'pending');
const latePage = (now: Date) => and(pending, eq(slackOutbox.page, true), lte(slackOutbox.createdAt, new Date(now.getTime() - PAGE_LATE_AFTER_MS)));

export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly cards: Cards,
  ) {}

  /** Queue rows, in the transaction that moves the notifier's cursor past the events they come from. */
  async queue(tx: Tx, rows: OutboxInsert[]): Promise<void> {
    if (rows.length > 0) await tx.insert(slackOutbox).values(rows);
  }

  /** A card's channel: where it was posted, or where a still-queued first render is going. */
  async cardChannel(tx: Queryable, cardKey: string): Promise<string | undefined> {
    const posted = await this.cards.placeOf(cardKey, tx);
    if (posted) return posted.channel;
    const [queued] = await tx
      .select({ channel: slackOutbox.channel })
      .from(slackOutbox)
      .where(and(eq(slackOutbox.cardKey, cardKey), eq(slackOutbox.kind, 'card')))
      .orderBy(asc(slackOutbox.id))
      .limit(1);
    return queued?.channel ?? undefined;
  }

  /**
   * The first pending row of every lane, however long the queue: after an outage one busy channel's
   * backlog must not hide the other lanes' heads.
   */
  laneHeads(): Promise<SlackOutboxRow[]> {
    return this.db.selectDistinctOn([slackOutbox.channel]).from(slackOutbox).where(pending).orderBy(slackOutbox.channel, asc(slackOutbox.id));
  }

  async depth(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(slackOutbox).where(pending);
    return Number(row?.n ?? 0);
  }

  /**
   * A card or App Home render queued behind a newer one of the same subject in its lane is stale:
   * the head takes the newest body (keeping its place in the lane, and its attempts if it has already
   * been tried and is waiting) and the later ones are superseded. Returns the head as it is to be
   * sent and how many renders folded into it.
   */
  async foldLaterRenders(head: SlackOutboxRow): Promise<{ head: SlackOutboxRow; folded: number }> {
    if (head.kind === 'post') return { head, folded: 0 };
    const later = await this.db
      .select({ id: slackOutbox.id, body: slackOutbox.body })
      .from(slackOutbox)
      .where(
        and(
          pending,
          eq(slackOutbox.channel, head.channel!),
          gt(slackOutbox.id, head.id),
          eq(slackOutbox.kind, head.kind),
          head.cardKey === null ? isNull(slackOutbox.cardKey) : eq(slackOutbox.cardKey, head.cardKey),
        ),
      )
      .orderBy(asc(slackOutbox.id));
    if (later.length === 0) return { head, folded: 0 };
    const newest = later[later.length - 1]!;
    await this.db.transaction(async (tx) => {
      await tx.update(slackOutbox).set({ body: newest.body }).where(eq(slackOutbox.id, head.id));
      await tx.update(slackOutbox).set({ status: 'superseded' }).where(inArray(slackOutbox.id, later.map((r) => r.id)));
    });
    return { head: { ...head, body: newest.body }, folded: later.length };
  }

  async sent(row: SlackOutboxRow, attempts: number, at: Date): Promise<void> {
    await this.db.update(slackOutbox).set({ status: 'sent', sentAt: at, attempts }).where(eq(slackOutbox.id, row.id));
  }

  async retryLater(row: SlackOutboxRow, attempts: number, notBefore: Date, reason: string): Promise<void> {
    await this.db.update(slackOutbox).set({ attempts, notBefore, lastError: reason }).where(eq(slackOutbox.id, row.id));
  }

  async givenUp(row: SlackOutboxRow, attempts: number, reason: string): Promise<void> {
    await this.db.update(slackOutbox).set({ status: 'failed', attempts, lastError: reason }).where(eq(slackOutbox.id, row.id));
  }

  /** Stamp the pages that have just become late (each once, whichever instance leads); returns them. */
  markLatePages(now: Date): Promise<Array<Pick<SlackOutboxRow, 'id' | 'eventId' | 'channel'>>> {
    return this.db
      .update(slackOutbox)
      .set({ lateAt: now })
      .where(and(latePage(now), isNull(slackOutbox.lateAt)))
      .returning({ id: slackOutbox.id, eventId: slackOutbox.eventId, channel: slackOutbox.channel });
  }

  /** Pages still unsent more than PAGE_LATE_AFTER_MS after they were queued. */
  async latePages(now: Date): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(slackOutbox).where(latePage(now));
    return Number(row?.n ?? 0);
  }

  /** Sent and abandoned rows are kept a while for inspection; older ones go. */
  async prune(before: Date): Promise<void> {
    await this.db.delete(slackOutbox).where(and(ne(slackOutbox.status, 'pending'), lt(slackOutbox.createdAt, before)));
  }
}
