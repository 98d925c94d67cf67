/**
 * Intake: committed domain events become rows of Slack work (`slack_outbox`).
 *
 * The notifier is a durable consumer of the events (cursor `slack`), through the shared intake
 * (server/delivery/intake.ts): every rule runs on each event after the cursor, and what they return
 * is stored here, in the transaction that moves the cursor. Rules read, they never write.
 */
import type { StoreTransaction as Tx } from '../store/index.ts';
import type { EventConsumer } from '../../../core/events/consumer.ts';
import { takeIn } from '../../../server/delivery/index.ts';
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
  return takeIn<NotifierContext, SlackOutput>({
    consumer,
    rules,
    ctx,
    limit,
    logger: ctx.logger,
    rule: 'a Slack notifier rule',
    async store(tx, planned) {
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
    },
  });
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
