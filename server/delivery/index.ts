/**
 * The delivery machinery the doors that send share (the Slack notifier, email): a durable consumer
 * of the domain events with its own cursor, rules that turn events into rows of the door's own
 * outbox, lanes with order per lane, retries with backoff over a horizon, and one leading instance.
 * What is sent, and how, stays in each door.
 */
export { backoffMs, DEFAULT_BACKOFF, retryOrGiveUp, type BackoffPolicy, type RetryDecision } from './backoff.ts';
export { takeIn, takeInAll, type DeliveryRule, type IntakeTransaction, type Planned } from './intake.ts';
export { sendRound, type RoundOptions } from './lanes.ts';
export { DeliveryLoop, type DeliveryLoopOptions, type DeliveryWorker } from './loop.ts';
