/**
 * Rollups: each probe result is added to its minute's, hour's and day's row in one statement.
 * Only successful results count towards latency (a timeout's "latency" is the timeout); every
 * result counts towards availability.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { probeRollups } from '../../../db/schema.ts';
import { BUCKET_COUNT, oneSample, ROLLUP_GRAINS, truncate } from '../model.ts';

export async function addToRollups(tx: Tx, probeId: string, at: Date, up: boolean, latencyMs: number): Promise<void> {
  await tx
    .insert(probeRollups)
    .values(
      ROLLUP_GRAINS.map((grain) => ({
        probeId,
        grain,
        start: truncate(at, grain),
        count: 1,
        upCount: up ? 1 : 0,
        latencySumMs: up ? latencyMs : 0,
        latencyMinMs: up ? latencyMs : null,
        latencyMaxMs: up ? latencyMs : null,
        buckets: up ? oneSample(latencyMs) : new Array<number>(BUCKET_COUNT).fill(0),
      })),
    )
    .onConflictDoUpdate({
      target: [probeRollups.probeId, probeRollups.grain, probeRollups.start],
      set: {
        count: sql`${probeRollups.count} + excluded.count`,
        upCount: sql`${probeRollups.upCount} + excluded.up_count`,
        latencySumMs: sql`${probeRollups.latencySumMs} + excluded.latency_sum_ms`,
        // least/greatest skip nulls: a failed result leaves them as they were.
        latencyMinMs: sql`least(${probeRollups.latencyMinMs}, excluded.latency_min_ms)`,
        latencyMaxMs: sql`greatest(${probeRollups.latencyMaxMs}, excluded.latency_max_ms)`,
        buckets: sql`(select array_agg(a + b order by i) from unnest(${probeRollups.buckets}, excluded.buckets) with ordinality as t(a, b, i))`,
      },
    });
}
