/**
 * The notifier's reads and writes of its queue (`slack_outbox`): each lane's head, folding the
 * renders queued behind it, and the pages that have waited too long. Only the notifier calls these.
 */
import { and, asc, count, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { slackOutbox, type SlackOutboxRow } from '../../../db/schema.ts';

/** A page not sent this long after it was queued is late (issue: "cannot reach Slack for 60 seconds"). */
export const PAGE_LATE_AFTER_MS = 60_000;

const pending = eq(slackOutbox.status, 'pending');

/**
 * The first pending row of every lane, however long the queue: after an outage one busy channel's
 * backlog must not hide the other lanes' heads.
 */
export async function laneHeads(db: Db): Promise<SlackOutboxRow[]> {
  return db.selectDistinctOn([slackOutbox.channel]).from(slackOutbox).where(pending).orderBy(slackOutbox.channel, asc(slackOutbox.id));
}

export async function queueDepth(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(slackOutbox).where(pending);
  return Number(row?.n ?? 0);
}

/**
 * A card or App Home render queued behind a newer one of the same subject in its lane is stale:
 * the head takes the newest body (keeping its place in the lane, and its attempts if it has already
 * been tried and is waiting) and the later ones are superseded. Returns the head as it is to be
 * sent and how many renders folded into it.
 */
export async function foldLaterRenders(db: Db, head: SlackOutboxRow): Promise<{ head: SlackOutboxRow; folded: number }> {
  if (head.kind === 'post') return { head, folded: 0 };
  const later = await db
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
  await db.transaction(async (tx) => {
    await tx.update(slackOutbox).set({ body: newest.body }).where(eq(slackOutbox.id, head.id));
    await tx.update(slackOutbox).set({ status: 'superseded' }).where(inArray(slackOutbox.id, later.map((r) => r.id)));
  });
  return { head: { ...head, body: newest.body }, folded: later.length };
}

const latePage = (now: Date) =>
  and(pending, eq(slackOutbox.page, true), lte(slackOutbox.createdAt, new Date(now.getTime() - PAGE_LATE_AFTER_MS)));

/** Stamp the pages that have just become late (each once, whichever instance leads); returns them. */
export async function markLatePages(db: Db, now: Date): Promise<Array<Pick<SlackOutboxRow, 'id' | 'eventId' | 'channel'>>> {
  return db
    .update(slackOutbox)
    .set({ lateAt: now })
    .where(and(latePage(now), isNull(slackOutbox.lateAt)))
    .returning({ id: slackOutbox.id, eventId: slackOutbox.eventId, channel: slackOutbox.channel });
}

/** Pages still unsent more than PAGE_LATE_AFTER_MS after they were queued. */
export async function countLatePages(db: Db, now: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(slackOutbox).where(latePage(now));
  return Number(row?.n ?? 0);
}
