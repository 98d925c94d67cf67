/**
 * How long a durable sender (the Slack notifier, the email door) waits before trying a row again
 * after a passing failure: capped exponential backoff with full jitter (so lanes that failed together
 * during an outage do not all come back in the same second), never less than a floor (so a retry
 * never spins); and when to stop trying: once the row is older than the sender's retry horizon.
 */

export interface BackoffPolicy {
  /** The ceiling of the first wait. */
  firstMs: number;
  /** The ceiling of every wait. */
  capMs: number;
  /** No wait is shorter. */
  floorMs: number;
}

/** Slack's: from about a second up to five minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { firstMs: 1_000, capMs: 5 * 60_000, floorMs: 500 };

/** The wait before attempt `attempts + 1`, after `attempts` (at least 1) failed ones. */
export function backoffMs(attempts: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.firstMs * 2 ** Math.min(Math.max(0, attempts - 1), 30));
  return Math.max(policy.floorMs, Math.round(random() * ceiling));
}

export type RetryDecision =
  | { retry: true; notBefore: Date; delayMs: number }
  /** The row has been failing for longer than the horizon: give it up. */
  | { retry: false; waitedMs: number; detail: string };

/**
 * After a passing failure of a row queued at `queuedAt` and tried `attempts` times (this one
 * included): try again after `afterMs` (the far side said how long) or a backoff, unless the row is
 * already older than `horizonMs`.
 */
export function retryOrGiveUp(input: {
  queuedAt: Date;
  attempts: number;
  now: number;
  horizonMs: number;
  reason: string;
  afterMs?: number;
  policy?: BackoffPolicy;
}): RetryDecision {
  const waitedMs = input.now - input.queuedAt.getTime();
  if (waitedMs >= input.horizonMs) {
    const hours = Math.round((waitedMs / 3_600_000) * 10) / 10;
    return { retry: false, waitedMs, detail: `still failing after ${hours} h and ${input.attempts} attempts: ${input.reason}` };
  }
  const delayMs = input.afterMs ?? backoffMs(input.attempts, Math.random, input.policy);
  return { retry: true, notBefore: new Date(input.now + delayMs), delayMs };
}
