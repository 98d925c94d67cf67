/**
 * The availability rule's maintenance clause: a probe result while its service is in a maintenance
 * window (announced ahead; its paging held) is kept as a sample but counted in neither availability
 * nor response times. A fixed history on a manual clock, checked against hand-computed figures:
 *
 *   08:30 up 100 ms                         counted
 *   09:10 down, 09:20 down, 09:30 up 900 ms  in the window 09:00-10:00: samples only
 *   10:30 up 200 ms                         counted
 *
 * Today: 2 of 2 counted results up = 100 % (60 % if the window were counted); 24-hour p95 is the
 * bucket of 200 ms (≤ 200), not 900.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { scheduleMaintenance } from '../../../core/incidents/index.ts';
import { createProbe, createService, publicStatus } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { probeSamples } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator, startCore } from '../../support/core.ts';

describe.each(backends)('availability leaves maintenance out on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let probeId: string;
  const clock = new ManualClock('2026-12-05T08:00:00Z');
  const record = (at: string, latencyMs: number | null) =>
    core.transact(
      systemActor('scheduler', 'scheduler', `test-${randomUUID()}`),
      (ctx) =>
        recordProbeResult(ctx, probeId, new Date(at), latencyMs === null ? { up: false, latencyMs: 5000, statusCode: null, error: 'timeout' } : { up: true, latencyMs, statusCode: 200, error: null }),
      { requireRecord: false },
    );

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    const serviceId = (await core.execute(createService, operator(), { name: 'Billing', isPublic: true })).id;
    probeId = (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/health', intervalSeconds: 10, failureThreshold: 100 })).id;
    await core.execute(scheduleMaintenance, operator(), {
      title: 'Billing database upgrade',
      startsAt: new Date('2026-12-05T09:00:00Z'),
      endsAt: new Date('2026-12-05T10:00:00Z'),
      serviceIds: [serviceId],
    });
    await record('2026-12-05T08:30:00Z', 100);
    await record('2026-12-05T09:10:00Z', null);
    await record('2026-12-05T09:20:00Z', null);
    await record('2026-12-05T09:30:00Z', 900);
    await record('2026-12-05T10:30:00Z', 200);
    clock.set(new Date('2026-12-05T11:00:00Z'));
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('keeps every result as a sample, and counts only those outside the window', async () => {
    const [samples] = await core.database.db.select({ n: count() }).from(probeSamples).where(eq(probeSamples.probeId, probeId));
    expect(samples!.n).toBe(5);
    const status = await core.read(publicStatus, systemActor('host', 'web', 'test'), {});
    const [billing] = status.services;
    expect(billing!.availability.days.at(-1)).toEqual({ date: '2026-12-05', percent: 100 });
    expect(billing!.availability.percent).toBe(100);
    expect(billing!.responseTimes.last24Hours).toMatchObject({ p50Ms: 100, p95Ms: 200 });
    // The chart leaves the window's hour empty; the current hour (11:00, the last point) has no result yet.
    const points = billing!.responseTimes.last24Hours.points.filter((p) => p.start >= new Date('2026-12-05T08:00:00Z'));
    expect(points.map((p) => [p.start.toISOString().slice(11, 16), p.p50Ms, p.p95Ms])).toEqual([
      ['08:00', 100, 100],
      ['09:00', null, null],
      ['10:00', 200, 200],
      ['11:00', null, null],
    ]);
    expect(status.availabilityRule).toMatch(/maintenance window of the service are not counted/);
  });
});
