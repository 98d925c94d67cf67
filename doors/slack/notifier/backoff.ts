/**
 * How long the notifier waits before trying a message again after a passing failure: capped
 * exponential backoff with full jitter (so lanes that failed together during an outage do not all
 * come back in the same second), never less than a floor (so a retry never spins).
 */

/** How long a message that keeps failing for a passing reason is retried; the default of `SLACK_RETRY_HORIZON_HOURS`. */
export const DEFAULT_RETRY_HORIZON_MS = 24 * 3_600_000;

const FIRST_MS = 1_000;
const CAP_MS = 5 * 60_000;
const FLOOR_MS = 500;

/** The wait before attempt `attempts + 1`, after `attempts` (at least 1) failed ones. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, FIRST_MS * 2 ** Math.min(Math.max(0, attempts - 1), 30));
  return Math.max(FLOOR_MS, Math.round(random() * ceiling));
}
