import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { archiveService, AVAILABILITY_RULE, createProbe, createService, publicStatus, removeProbe } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator, startCore } from '../../support/core.ts';

/**
 * The public API service's history, hand-computed, with "now" 2026-12-05T12:30Z (so the 90 days are
 * 2026-09-07 … 2026-12-05, the last 24 hours start at 2026-12-04T13:00, the last 7 days at 2026-11-28T13:00):
 *
 *   2026-09-01 10:00  down                 before the 90 days: counts nowhere
 *   2026-10-01 10:00  up 2500 ms           day 100%
 *   2026-12-01 10:00  up 800 ms, down      day 50%
 *   2026-12-04 12:59  up 1500 ms           day 100% (in the 7 days, not the 24 hours)
 *   2026-12-05 01:00  up 300 ms; 12:10 up 40, 12:11 up 60, 12:12 down; second probe 12:20 up 20
 *                                          day 4 of 5 = 80%
 * Over the 90 days 7 of 9 up: 77.777…% → 77.777 (rounded down).
 * 24 h successes 20 40 60 300: p50 rank 2 = 40 (≤50) → 50; p95 rank 4 = 300 (≤300) → 300.
 * 7 d adds 800 and 1500: 20 40 60 300 800 1500: p50 rank 3 = 60 (≤100) → 100; p95 rank 6 = 1500 (≤1500) → 1500.
 * 90 d adds 2500: p50 rank 4 = 300 (≤300) → 300; p95 rank 7 = 2500 (≤3000, capped at the slowest) → 2500.
 */
const API: Array<[probe: 0 | 1, at: string, latencyMs: number | null]> = [
  [0, '2026-09-01T10:00:00Z', null],
  [0, '2026-10-01T10:00:00Z', 2500],
  [0, '2026-12-01T10:00:00Z', 800],
  [0, '2026-12-01T10:00:30Z', null],
  [0, '2026-12-04T12:59:00Z', 1500],
  [0, '2026-12-05T01:00:00Z', 300],
  [0, '2026-12-05T12:10:00Z', 40],
  [0, '2026-12-05T12:11:00Z', 60],
  [0, '2026-12-05T12:12:00Z', null],
  [1, '2026-12-05T12:20:00Z', 20],
];

describe.each(backends)('the public status on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const ids: Record<string, string> = {};
  const clock = new ManualClock('2026-12-05T12:30:00Z');
  const anonymous = () => systemActor('host', 'web', `test-${randomUUID()}`);
  const scheduler = () => systemActor('scheduler', 'scheduler', `test-${randomUUID()}`);
  const record = (probeId: string, at: string, latencyMs: number | null) =>
    core.transact(
      scheduler(),
      (ctx) =>
        recordProbeResult(ctx, probeId, new Date(at), latencyMs === null ? { up: false, latencyMs: 5000, statusCode: null, error: 'timeout' } : { up: true, latencyMs, statusCode: 200, error: null }),
      { requireRecord: false },
    );

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    const service = async (name: string, isPublic: boolean) => (await core.execute(createService, operator(), { name, isPublic, description: `${name} service` })).id;
    const probe = async (serviceId: string, name: string) =>
      (await core.execute(createProbe, operator(), { serviceId, name, url: `http://127.0.0.1:9/${name}-secret-path`, intervalSeconds: 10, failureThreshold: 100 })).id;
    ids.api = await service('API', true);
    ids.billing = await service('Billing database', false);
    ids.old = await service('Old portal', true);
    ids.web = await service('Website', true);
    ids.apiProbes = [await probe(ids.api, 'health'), await probe(ids.api, 'login')].join(',');
    ids.billingProbe = await probe(ids.billing, 'pg');
    const [health, login] = ids.apiProbes.split(',') as [string, string];
    for (const [n, at, latency] of API) await record(n === 0 ? health : login, at, latency);
    // The second probe is removed: its history stays the service's.
    await core.execute(removeProbe, operator(), { probeId: login });
    await record(ids.billingProbe, '2026-12-05T12:00:00Z', null);
    await core.execute(archiveService, operator(), { serviceId: ids.old });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('gives the hand-computed daily and overall availability and p50/p95 over 24 hours, 7 days and 90 days', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    expect(status.generatedAt.toISOString()).toBe('2026-12-05T12:30:00.000Z');
    expect(status.availabilityRule).toBe(AVAILABILITY_RULE);
    const api = status.services.find((s) => s.name === 'API')!;
    expect(api).toMatchObject({ state: 'operational', stateLabel: 'Operational', description: 'API service' });
    expect(api.availability.percent).toBe(77.777);
    expect(api.availability.days).toHaveLength(90);
    expect(api.availability.days[0]).toEqual({ date: '2026-09-07', percent: null });
    expect(api.availability.days.at(-1)).toEqual({ date: '2026-12-05', percent: 80 });
    const withData = api.availability.days.filter((d) => d.percent !== null);
    expect(withData).toEqual([
      { date: '2026-10-01', percent: 100 },
      { date: '2026-12-01', percent: 50 },
      { date: '2026-12-04', percent: 100 },
      { date: '2026-12-05', percent: 80 },
    ]);
    expect(api.responseTimes).toMatchObject({
      last24Hours: { p50Ms: 50, p95Ms: 300 },
      last7Days: { p50Ms: 100, p95Ms: 1500 },
      last90Days: { p50Ms: 300, p95Ms: 2500 },
    });
  });

  it('draws the charts from the same rollups: hourly over 24 hours, 6-hourly over 7 days, daily over 90 days', async () => {
    const { responseTimes } = (await core.read(publicStatus, anonymous(), {})).services.find((s) => s.name === 'API')!;
    const withData = (points: Array<{ start: Date; p50Ms: number | null; p95Ms: number | null }>) =>
      points.filter((p) => p.p50Ms !== null).map((p) => [p.start.toISOString(), p.p50Ms, p.p95Ms]);
    expect(responseTimes.last24Hours.points.map((p) => p.start.toISOString()).slice(0, 2)).toEqual(['2026-12-04T13:00:00.000Z', '2026-12-04T14:00:00.000Z']);
    // 01:00 alone (300); 12:00 has 40, 60 and the removed probe's 20: p50 rank 2 = 40 → 50, p95 rank 3 = 60 → 100, capped at 60.
    expect(withData(responseTimes.last24Hours.points)).toEqual([
      ['2026-12-05T01:00:00.000Z', 300, 300],
      ['2026-12-05T12:00:00.000Z', 50, 60],
    ]);
    expect(responseTimes.last7Days.points).toHaveLength(28);
    expect(withData(responseTimes.last7Days.points)).toEqual([
      ['2026-12-01T07:00:00.000Z', 800, 800],
      ['2026-12-04T07:00:00.000Z', 1500, 1500],
      ['2026-12-05T01:00:00.000Z', 300, 300],
      ['2026-12-05T07:00:00.000Z', 50, 60],
    ]);
    expect(responseTimes.last90Days.points).toHaveLength(90);
    // 2026-12-05: 300, 40, 60, 20: p50 rank 2 = 40 → 50; p95 rank 4 = 300 → 300.
    expect(withData(responseTimes.last90Days.points)).toEqual([
      ['2026-10-01T00:00:00.000Z', 2500, 2500],
      ['2026-12-01T00:00:00.000Z', 800, 800],
      ['2026-12-04T00:00:00.000Z', 1500, 1500],
      ['2026-12-05T00:00:00.000Z', 50, 300],
    ]);
  });

  it('says a public service without checks has no data, and never shows a private or archived service', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    expect(status.services.map((s) => s.name)).toEqual(['API', 'Website']);
    const website = status.services[1]!;
    expect(website).toMatchObject({ state: 'unknown', availability: { percent: null } });
    expect(website.availability.days.every((d) => d.percent === null)).toBe(true);
    expect(website.responseTimes.last90Days).toMatchObject({ p50Ms: null, p95Ms: null });
    expect(website.responseTimes.last90Days.points.every((p) => p.p50Ms === null && p.p95Ms === null)).toBe(true);
    // The billing database is down (its one result failed) but internal: the overall state ignores it.
    expect(status.overall).toBe('operational');
    const text = JSON.stringify(status);
    for (const secret of ['Billing', 'Old portal', 'secret-path', '127.0.0.1', ids.billing!, ids.billingProbe!, ...ids.apiProbes!.split(',')]) {
      expect(text).not.toContain(secret);
    }
    expect(Object.keys(status.services[0]!).sort()).toEqual(['availability', 'description', 'id', 'name', 'responseTimes', 'state', 'stateLabel']);
  });

  it('answers the same to a signed-in provider admin: the public page lists public services only', async () => {
    const status = await core.read(publicStatus, operator(), {});
    expect(status.services.map((s) => s.name)).toEqual(['API', 'Website']);
  });
});
