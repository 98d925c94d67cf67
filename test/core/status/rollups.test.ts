import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { probeSamples, timers } from '../../../db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { createProbe, createService, quantile, removeProbe, serviceAvailability } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator, startCore } from '../../support/core.ts';

/**
 * A fixed history, hand-computed. Successful latencies (ms) and failures per minute:
 *   09:00  10, 20, 40       + 1 failure   → 3/4 up
 *   09:01  80, 150, 400     + 1 failure   → 3/4 up
 *   09:02  30, 45, 60, 90                 → 4/4 up
 * Over the three minutes: 10 of 12 up (availability 5/6). The ten successes sorted:
 *   10 20 | 30 40 45 | 60 80 90 | 150 | 400     (buckets ≤25, ≤50, ≤100, ≤200, ≤500)
 * p50: nearest rank ⌈0.5·10⌉ = 5 is 45, in the ≤50 bucket → 50.
 * p95: nearest rank ⌈0.95·10⌉ = 10 is 400, in the ≤500 bucket → 500, capped at the maximum seen → 400.
 * Mean of the successes: 925 / 10 = 92.5 → 93. Failures (timeouts of 5000 ms) count for availability only.
 * Per minute: 09:00 p50 rank 2 (20, ≤25) → 25, p95 rank 3 (40, ≤50) → 50 capped at 40;
 *   09:01 p50 rank 2 (150, ≤200) → 200, p95 rank 3 (400) → 400; 09:02 p50 rank 2 (45, ≤50) → 50, p95 rank 4 (90, ≤100) → 90.
 * The probe is removed afterwards: its history stays the service's.
 */
const HISTORY: Array<[string, number[], number]> = [
  ['2026-11-23T09:00', [10, 20, 40], 1],
  ['2026-11-23T09:01', [80, 150, 400], 1],
  ['2026-11-23T09:02', [30, 45, 60, 90], 0],
];

describe.each(backends)('availability and latency from rollups on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let serviceId: string;
  let probeId: string;
  const clock = new ManualClock('2026-11-23T12:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    serviceId = (await core.execute(createService, operator(), { name: 'API', isPublic: true })).id;
    probeId = (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/health', intervalSeconds: 10, failureThreshold: 100 })).id;
    // Its timer never fires here (nobody runs what is due): the history is recorded as the runs would record it.
    const scheduler = () => systemActor('scheduler', 'scheduler', `test-${randomUUID()}`);
    for (const [minute, latencies, failures] of HISTORY) {
      const results = [...latencies.map((latencyMs) => ({ up: true, latencyMs, statusCode: 200, error: null })), ...Array.from({ length: failures }, () => ({ up: false, latencyMs: 5000, statusCode: null, error: 'timeout' }))];
      for (const [i, result] of results.entries()) {
        await core.transact(scheduler(), (ctx) => recordProbeResult(ctx, probeId, new Date(`${minute}:${String(i * 10).padStart(2, '0')}Z`), result), { requireRecord: false });
      }
    }
    await core.execute(removeProbe, operator(), { probeId });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('gives the hand-computed availability, p50 and p95 over the minutes, and per minute', async () => {
    const report = await core.read(serviceAvailability, operator(), { serviceId, from: '2026-11-23T09:00:00Z', to: '2026-11-23T09:03:00Z' });
    expect(report).toMatchObject({ grain: 'minute', count: 12, upCount: 10, p50Ms: 50, p95Ms: 400, avgMs: 93, minMs: 10, maxMs: 400 });
    expect(report.availability).toBeCloseTo(5 / 6, 10);
    expect(report.series.map((p) => [p.start.toISOString(), p.count, p.upCount, p.p50Ms, p.p95Ms])).toEqual([
      ['2026-11-23T09:00:00.000Z', 4, 3, 25, 40],
      ['2026-11-23T09:01:00.000Z', 4, 3, 200, 400],
      ['2026-11-23T09:02:00.000Z', 4, 4, 50, 90],
    ]);
  });

  it('gives the same figures from the hour and day rollups, and only the range asked for', async () => {
    const expected = { count: 12, upCount: 10, p50Ms: 50, p95Ms: 400, avgMs: 93 };
    expect(await core.read(serviceAvailability, operator(), { serviceId, from: '2026-11-23T09:00:00Z', to: '2026-11-23T10:00:00Z', grain: 'hour' })).toMatchObject(expected);
    expect(await core.read(serviceAvailability, operator(), { serviceId, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toMatchObject({ grain: 'day', ...expected });
    expect(await core.read(serviceAvailability, operator(), { serviceId, probeId, from: '2026-11-23T09:01:00Z', to: '2026-11-23T09:02:00Z' })).toMatchObject({ count: 4, upCount: 3, minMs: 80, maxMs: 400 });
    expect(await core.read(serviceAvailability, operator(), { serviceId, from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z' })).toMatchObject({ count: 0, availability: null, p50Ms: null, series: [] });
  });

  it('prunes raw samples after 14 days at the daily run, and keeps the rollups', async () => {
    const samples = async () => (await core.database.db.select().from(probeSamples).where(eq(probeSamples.probeId, probeId))).length;
    expect(await samples()).toBe(12);
    clock.set('2026-12-07T03:00:00Z');
    await core.timers.runDue();
    expect(await samples()).toBe(12);
    clock.set('2026-12-08T03:00:00Z');
    await core.timers.runDue();
    expect(await samples()).toBe(0);
    expect(await core.read(serviceAvailability, operator(), { serviceId, from: '2026-11-23T09:00:00Z', to: '2026-11-23T10:00:00Z' })).toMatchObject({ count: 12, upCount: 10 });
    const [next] = await core.database.db.select().from(timers).where(and(eq(timers.key, 'status.prune'), eq(timers.status, 'pending')));
    expect(next!.dueAt.toISOString()).toBe('2026-12-09T03:00:00.000Z');
  });

  it('reads a quantile as the upper bound of the bucket holding the nearest-rank sample, within the range seen', () => {
    const buckets = [2, 3, 3, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(quantile(buckets, 0.5, 10, 400)).toBe(50);
    expect(quantile(buckets, 0.2, 10, 400)).toBe(25);
    expect(quantile(buckets, 0.95, 10, 400)).toBe(400);
    expect(quantile([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], 0.5, 12_000, 15_000)).toBe(15_000);
    expect(quantile(new Array(14).fill(0), 0.5, null, null)).toBeNull();
  });
});
