/**
 * Intake: committed domain events become rows of Slack work (`slack_outbox`).
 *
 * Each event not yet taken in (`domain_events.notified_at` is null) is given to every rule; the
 * rules' output is then stored in one transaction that also marks the events as taken in, but only
 * those still unmarked, so two instances taking in at once (during a change of leader) store each
 * event's output once. Rules render outside that transaction: they read, they never write.
 */
import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { domainEvents, slackOutbox } from '../../../db/schema.ts';
import { toDomainEvent } from '../../../core/events/bus.ts';
import { cardOf } from './lookups.ts';
import type { NotifierContext, NotifierRule, SlackOutput } from './types.ts';

type OutboxInsert = typeof slackOutbox.$inferInsert;

/**
 * Take in up to `limit` events, oldest first; `now` (the notifier's clock) stamps them and the rows
 * queued from them. Returns how many events were looked at.
 */
export async function takeInEvents(db: Db, rules: readonly NotifierRule[], ctx: NotifierContext, { limit, now }: { limit: number; now: Date }): Promise<number> {
  const rows = await db.select().from(domainEvents).where(isNull(domainEvents.notifiedAt)).orderBy(asc(domainEvents.id)).limit(limit);
  if (rows.length === 0) return 0;

  const planned: Array<{ eventId: number; outputs: SlackOutput[] }> = [];
  for (const row of rows) {
    const event = toDomainEvent(row);
    const outputs: SlackOutput[] = [];
    for (const rule of rules) {
      try {
        outputs.push(...(await rule(event, ctx)));
      } catch (error) {
        // A rule that fails on one event must not hold up every event after it: the event goes on
        // without that rule's output, and the operator gets the reason.
        ctx.logger.error({ err: error, eventId: event.id, type: event.type }, 'a Slack notifier rule failed; its output for this event is dropped');
      }
    }
    planned.push({ eventId: row.id, outputs });
  }

  await db.transaction(async (tx) => {
    const taken = await tx
      .update(domainEvents)
      .set({ notifiedAt: now })
      .where(and(inArray(domainEvents.id, rows.map((r) => r.id)), isNull(domainEvents.notifiedAt)))
      .returning({ id: domainEvents.id });
    const takenIds = new Set(taken.map((t) => t.id));
    const values: OutboxInsert[] = [];
    // Cards first posted in this same batch: a thread post right after them goes to their channel.
    const cardChannels = new Map<string, string>();
    for (const { eventId, outputs } of planned) {
      if (!takenIds.has(eventId)) continue;
      for (const output of outputs) {
        const value = await toOutboxRow(tx, eventId, output, cardChannels, ctx);
        if (value) values.push({ ...value, createdAt: now });
      }
    }
    if (values.length > 0) await tx.insert(slackOutbox).values(values);
  });
  return rows.length;
}

async function toOutboxRow(
  tx: Tx,
  eventId: number,
  output: SlackOutput,
  cardChannels: Map<string, string>,
  ctx: NotifierContext,
): Promise<OutboxInsert | undefined> {
  switch (output.kind) {
    case 'card':
      if (!cardChannels.has(output.cardKey)) cardChannels.set(output.cardKey, (await cardChannel(tx, output.cardKey)) ?? output.channel);
      return {
        eventId,
        kind: 'card',
        cardKey: output.cardKey,
        channel: cardChannels.get(output.cardKey)!,
        body: { text: output.text, blocks: output.blocks },
      };
    case 'post': {
      const channel = output.threadOf
        ? (cardChannels.get(output.threadOf) ?? (await cardChannel(tx, output.threadOf)))
        : output.channel;
      if (!channel) {
        ctx.logger.warn({ eventId, threadOf: output.threadOf }, 'a Slack post has no channel and no card to go under; dropped');
        return undefined;
      }
      return {
        eventId,
        kind: 'post',
        channel,
        threadOf: output.threadOf ?? null,
        body: { text: output.text, ...(output.blocks ? { blocks: output.blocks } : {}) },
        page: output.page === true,
      };
    }
    case 'home':
      // Home views have no channel; each person's publishes queue on a lane of their own.
      return { eventId, kind: 'home', channel: `home:${output.personId}`, body: { personId: output.personId } };
  }
}

/** A card's channel: where it was posted, or where a still-queued first render is going. */
async function cardChannel(tx: Tx, cardKey: string): Promise<string | undefined> {
  const posted = await cardOf(tx, cardKey);
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
 * Mark events that happened (by the core's clock) before `before` as taken in without output: after
 * Slack was off for longer than the retry horizon, posting every old notice at once would only bury
 * the current ones. Returns how many.
 */
export async function skipStaleEvents(db: Db, before: Date, now: Date): Promise<number> {
  const skipped = await db
    .update(domainEvents)
    .set({ notifiedAt: now })
    .where(and(isNull(domainEvents.notifiedAt), lt(domainEvents.at, before)))
    .returning({ id: domainEvents.id });
  return skipped.length;
}
