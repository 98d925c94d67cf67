/**
 * Intake: committed domain events become rows of Slack work (`slack_outbox`).
 *
 * The notifier is a durable consumer of the events (core/events/consumer.ts, cursor `slack`): each
 * event after its cursor is given to every rule; the rules' output is then stored in one
 * transaction that also moves the cursor, only from where the batch began, so two instances taking
 * in at once (during a change of leader) store each event's output once. Rules render outside that
 * transaction: they read, they never write.
 */
import type { StoreTransaction as Tx } from '../store/index.ts';
import type { EventConsumer } from '../../../core/events/consumer.ts';
import type { Outbox, OutboxInsert } from '../store/outbox.ts';
import type { NotifierContext, NotifierRule, SlackOutput } from './types.ts';

/**
 * Take in up to `limit` events, oldest first; `now` (the notifier's clock) stamps them and the rows
 * queued from them. Returns how many events were looked at.
 */
export async function takeInEvents(
  consumer: EventConsumer,
  outbox: Outbox,
  rules: readonly NotifierRule[],
  ctx: NotifierContext,
  { limit, now }: { limit: number; now: Date },
): Promise<number> {
  const batch = await consumer.read(limit);
  if (batch.events.length === 0) {
    // Nothing new: the cursor still moves to this snapshot, so the next window is read from here.
    await consumer.commit(batch);
    return 0;
  }

  const planned: Array<{ eventId: number; outputs: SlackOutput[] }> = [];
  for (const event of batch.events) {
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
    planned.push({ eventId: event.id, outputs });
  }

  await consumer.commit(batch, async (tx) => {
    const values: OutboxInsert[] = [];
    // Cards first posted in this same batch: a thread post right after them goes to their channel.
    const cardChannels = new Map<string, string>();
    for (const { eventId, outputs } of planned) {
      for (const output of outputs) {
        const value = await toOutboxRow(tx, outbox, eventId, output, cardChannels, ctx);
        if (value) values.push({ ...value, createdAt: now });
      }
    }
    await outbox.queue(tx, values);
  });
  return batch.events.length;
}

async function toOutboxRow(
  tx: Tx,
  outbox: Outbox,
  eventId: number,
  output: SlackOutput,
  cardChannels: Map<string, string>,
  ctx: NotifierContext,
): Promise<OutboxInsert | undefined> {
  switch (output.kind) {
    case 'card':
      if (!cardChannels.has(output.cardKey)) cardChannels.set(output.cardKey, (await outbox.cardChannel(tx, output.cardKey)) ?? output.channel);
      return {
        eventId,
        kind: 'card',
        cardKey: output.cardKey,
        channel: cardChannels.get(output.cardKey)!,
        body: { text: output.text, blocks: output.blocks },
      };
    case 'post': {
      const channel = output.threadOf
        ? (cardChannels.get(output.threadOf) ?? (await outbox.cardChannel(tx, output.threadOf)))
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
