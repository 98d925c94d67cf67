/**
 * Intake of a durable sender: committed domain events become rows of its own outbox.
 *
 * The sender is a durable consumer of the events (core/events/consumer.ts, a cursor of its own in
 * `event_cursors`): each event after its cursor is given to every rule; the rules' output is then
 * stored (by the sender's own store) in one transaction that also moves the cursor, only from where
 * the batch began, so two instances taking in at once (during a change of leader) store each
 * event's output once. Rules render outside that transaction: they read, they never write.
 */
import type { DomainEvent } from '../../core/events/bus.ts';
import type { EventConsumer } from '../../core/events/consumer.ts';
import type { Logger } from '../../core/observability.ts';

/** Turns one committed domain event into a sender's output; [] for events it does not handle. */
export type DeliveryRule<Ctx, Output> = (event: DomainEvent, ctx: Ctx) => Promise<Output[]>;

/** The transaction that moves the cursor; the sender's store writes its rows in it. */
export type IntakeTransaction = Parameters<NonNullable<Parameters<EventConsumer['commit']>[1]>>[0];

export interface Planned<Output> {
  eventId: number;
  outputs: Output[];
}

/**
 * Take in up to `limit` events, oldest first: run every rule on each (a rule that throws loses only
 * its own output for that event, with one error line naming `rule`), then `store` the outputs in
 * the transaction that moves the cursor. Returns how many events were looked at.
 */
export async function takeIn<Ctx, Output>(input: {
  consumer: EventConsumer;
  rules: readonly DeliveryRule<Ctx, Output>[];
  ctx: Ctx;
  limit: number;
  logger: Logger;
  /** Names the sender's rules in the log: `a Slack notifier rule`, `an email rule`. */
  rule: string;
  store: (tx: IntakeTransaction, planned: Planned<Output>[]) => Promise<void>;
}): Promise<number> {
  const batch = await input.consumer.read(input.limit);
  if (batch.events.length === 0) {
    // Nothing new: the cursor still moves to this snapshot, so the next window is read from here.
    await input.consumer.commit(batch);
    return 0;
  }
  const planned: Planned<Output>[] = [];
  for (const event of batch.events) {
    const outputs: Output[] = [];
    for (const rule of input.rules) {
      try {
        outputs.push(...(await rule(event, input.ctx)));
      } catch (error) {
        // A rule that fails on one event must not hold up every event after it: the event goes on
        // without that rule's output, and the operator gets the reason.
        input.logger.error({ err: error, eventId: event.id, type: event.type }, `${input.rule} failed; its output for this event is dropped`);
      }
    }
    planned.push({ eventId: event.id, outputs });
  }
  await input.consumer.commit(batch, (tx) => input.store(tx, planned));
  return batch.events.length;
}

/** Take in batch after batch until a batch comes back short (nothing more waits). */
export async function takeInAll(takeBatch: () => Promise<number>, limit: number): Promise<void> {
  while ((await takeBatch()) === limit) {
    // a full batch: there may be more
  }
}
