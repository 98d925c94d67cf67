/**
 * What a service and its checks are, in words and derived facts: the states and their labels, the
 * latency histogram's bounds, how p50/p95 come out of rollups, and the views doors render.
 */
import { CHECK_STATES, PROBE_METHODS, ROLLUP_GRAINS, type HeartbeatRow, type ProbeRow, type ProbeSampleRow, type ServiceRow } from '../../db/schema.ts';

export { CHECK_STATES, PROBE_METHODS, ROLLUP_GRAINS };
export type { HeartbeatRow, ProbeRow, ProbeSampleRow, ServiceRow };
export type CheckState = (typeof CHECK_STATES)[number];
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/**
 * A service's state as everyone is shown it:
 * - `down`: a probe or heartbeat of it is down (its alarm is open);
 * - `degraded`: no check is down, but an alarm matched to the service (by source or `service` value) is open;
 * - `operational`: a check reported up and nothing is open;
 * - `unknown`: no check has reported yet and no matched alarm is open.
 */
export const SERVICE_STATES = ['operational', 'degraded', 'down', 'unknown'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export const SERVICE_STATE_LABELS: Record<ServiceState, string> = {
  operational: 'Operational',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'No data yet',
};

export function serviceState(checks: readonly CheckState[], openMatchedAlarms: number): ServiceState {
  if (checks.includes('down')) return 'down';
  if (openMatchedAlarms > 0) return 'degraded';
  if (checks.includes('up')) return 'operational';
  return 'unknown';
}

/** Defaults and limits of a probe. */
export const PROBE_DEFAULTS = { failureThreshold: 3, successThreshold: 2, timeoutMs: 10_000, expectedStatus: 200 } as const;
export const MIN_INTERVAL_SECONDS = 10;

/**
 * Upper bounds (ms, inclusive) of the latency histogram kept in every rollup; one more bucket
 * holds what is slower than the last bound. Roughly ×1.5–2 apart: a percentile read from them is
 * within one bucket of the exact one.
 */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000] as const;
export const BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

/** The bucket a latency falls in. */
export function bucketOf(latencyMs: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return i === -1 ? LATENCY_BOUNDS_MS.length : i;
}

/** A histogram with one count in the latency's bucket. */
export function oneSample(latencyMs: number): number[] {
  const buckets = new Array<number>(BUCKET_COUNT).fill(0);
  buckets[bucketOf(latencyMs)] = 1;
  return buckets;
}

/**
 * The q-quantile (0 < q ≤ 1) of the latencies a histogram counts: the sample of nearest rank
 * ⌈q·n⌉ is in some bucket, and the answer is that bucket's upper bound, no higher than the
 * slowest latency seen and no lower than the fastest (so a range whose samples all fall in one
 * bucket answers within [min, max]). Null without samples.
 */
export function quantile(buckets: readonly number[], q: number, minMs: number | null, maxMs: number | null): number | null {
  const n = buckets.reduce((a, b) => a + b, 0);
  if (n === 0 || minMs === null || maxMs === null) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]!;
    if (seen >= rank) {
      const upper = i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i]! : maxMs;
      return Math.max(minMs, Math.min(upper, maxMs));
    }
  }
  return maxMs;
}

/** The start (UTC) of the minute, hour or day an instant is in. */
export function truncate(at: Date, grain: RollupGrain): Date {
  const d = new Date(at);
  d.setUTCSeconds(0, 0);
  if (grain === 'hour' || grain === 'day') d.setUTCMinutes(0);
  if (grain === 'day') d.setUTCHours(0);
  return d;
}

/** A service as a reader is shown it; the orgs that use it only for provider staff. */
export interface ServiceView {
  id: string;
  name: string;
  description: string;
  isPublic: boolean;
  allOrgs: boolean;
  /** The client orgs that use it when not all do; empty for client readers (they learn no other org). */
  orgIds: string[];
  state: ServiceState;
  archivedAt: Date | null;
  createdAt: Date;
}

/** A probe as provider staff see it (clients never see probes' URLs). */
export type ProbeView = ProbeRow;

/** A heartbeat as provider staff see it; never its secret or hash. */
export type HeartbeatView = Omit<HeartbeatRow, 'secretHash'> & { dueBy: Date };

/** A service with its checks and the alarm matches, for provider staff. */
export interface ServiceDetail extends ServiceView {
  probes: ProbeView[];
  heartbeats: HeartbeatView[];
  alarmMatches: Array<{ sourceName: string | null; alarmService: string | null }>;
}

/** Figures over a time range, from the rollups. */
export interface AvailabilityFigures {
  /** Probe results counted, and how many were up. */
  count: number;
  upCount: number;
  /** upCount / count, null without results. */
  availability: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

export interface AvailabilityPoint extends AvailabilityFigures {
  start: Date;
}

export interface AvailabilityReport extends AvailabilityFigures {
  from: Date;
  to: Date;
  grain: RollupGrain;
  /** One point per rollup period that has results, oldest first. */
  series: AvailabilityPoint[];
}
