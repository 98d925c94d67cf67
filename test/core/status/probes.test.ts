import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents, probeRollups, probeSamples } from '../../../db/schema.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { createProbe, createService, getProbe, probeResults, removeProbe, STATUS_ALARM_SOURCE } from '../../../core/status/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator, startCore } from '../../support/core.ts';
import { rounds, runDue, startTarget, type Target } from '../../support/status.ts';

const INTERVAL = 30_000;

describe.each(backends)('status probes on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let target: Target;
  let serviceId: string;
  let flapping: boolean[] = [];
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  const probe = (path: string, extra: Record<string, unknown> = {}) =>
    core.execute(createProbe, operator(), { serviceId, name: path.slice(1), url: `${target.url}${path}`, intervalSeconds: INTERVAL / 1000, ...extra });
  const alarmOf = async (probeId: string) =>
    core.database.db.select().from(alarms).where(eq(alarms.fingerprint, `probe:${probeId}`)).orderBy(asc(alarms.triggeredAt));
  const trail = async (probeId: string) =>
    (await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, probeId)).orderBy(asc(auditEvents.at), asc(auditEvents.seq))).map((e) => e.action);

  beforeAll(async () => {
    target = await startTarget((path) => {
      if (path === '/ok') return { status: 200, body: 'all systems go' };
      if (path === '/fail') return { status: 500, body: 'oops' };
      if (path === '/slow') return { status: 200, body: 'late', delayMs: 3000 };
      if (path === '/wrong-body') return { status: 200, body: 'maintenance page' };
      if (path === '/flap') return { status: flapping.shift() === false ? 503 : 200, body: 'all systems go' };
      return { status: 404 };
    });
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    serviceId = (await core.execute(createService, operator(), { name: 'API', isPublic: true })).id;
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
    await target?.close();
  });

  it('checks a healthy endpoint once per interval, records each result as a sample and in its minute, hour and day, and opens no alarm', async () => {
    const { id } = await probe('/ok', { bodyContains: 'systems go' });
    await rounds(clock, INTERVAL, 4, core);
    await core.execute(removeProbe, operator(), { probeId: id });
    const samples = await core.read(probeResults, operator(), { probeId: id });
    expect(samples).toHaveLength(4);
    expect(samples.every((s) => s.up && s.statusCode === 200 && s.error === null)).toBe(true);
    expect(target.hits.get('/ok')).toBe(4);
    const rollups = await core.database.db.select().from(probeRollups).where(eq(probeRollups.probeId, id));
    const byGrain = (grain: string) => rollups.filter((r) => r.grain === grain);
    expect(byGrain('minute').map((r) => r.count)).toEqual([2, 2]);
    expect(byGrain('hour').map((r) => [r.count, r.upCount])).toEqual([[4, 4]]);
    expect(byGrain('day').map((r) => [r.count, r.upCount])).toEqual([[4, 4]]);
    expect((await core.read(getProbe, operator(), { probeId: id })).state).toBe('up');
    expect(await alarmOf(id)).toEqual([]);
    expect(await trail(id)).toEqual(['probe.created', 'probe.removed']);
  });

  it('opens one alarm after three failures in a row (a 500), through the alarms capability, and keeps it folded while it fails', async () => {
    const { id } = await probe('/fail');
    await rounds(clock, INTERVAL, 2, core);
    expect(await alarmOf(id)).toEqual([]);
    await rounds(clock, INTERVAL, 3, core);
    await core.execute(removeProbe, operator(), { probeId: id });
    const opened = await alarmOf(id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ state: 'TRIGGERED', severity: 'critical', service: 'API', count: 1 });
    expect(opened[0]!.details).toMatchObject({ statusCode: 500, error: 'expected status 200, got 500', consecutiveFailures: 3 });
    expect((await core.read(getProbe, operator(), { probeId: id })).state).toBe('down');
    expect(await trail(id)).toEqual(['probe.created', 'probe.down', 'probe.removed']);
    const [triggered] = await core.database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, opened[0]!.id), eq(auditEvents.action, 'alarm.triggered')));
    expect(triggered).toMatchObject({ door: 'scheduler', actorId: 'scheduler' });
    expect(triggered!.data).toMatchObject({ source: STATUS_ALARM_SOURCE, fingerprint: `probe:${id}` });
  });

  it('counts an answer slower than the timeout as a failure, and does not wait for it', async () => {
    const { id } = await probe('/slow', { timeoutMs: 200, failureThreshold: 1 });
    await runDue(core);
    await core.execute(removeProbe, operator(), { probeId: id });
    const [sample] = await core.read(probeResults, operator(), { probeId: id });
    expect(sample).toMatchObject({ up: false, statusCode: null, error: 'no complete answer within 200 ms' });
    expect(sample!.latencyMs).toBeLessThan(3000);
    expect(await alarmOf(id)).toHaveLength(1);
  });

  it('counts a body without the expected text as a failure, whatever the status', async () => {
    const { id } = await probe('/wrong-body', { bodyContains: 'systems go', failureThreshold: 2 });
    await rounds(clock, INTERVAL, 2, core);
    await core.execute(removeProbe, operator(), { probeId: id });
    const samples = await core.read(probeResults, operator(), { probeId: id });
    expect(samples.map((s) => [s.up, s.statusCode, s.error])).toEqual([
      [false, 200, 'the response body does not contain the expected text'],
      [false, 200, 'the response body does not contain the expected text'],
    ]);
    expect(await alarmOf(id)).toHaveLength(1);
  });

  it('on a flapping endpoint opens an alarm only after N failures in a row and resolves it only after M successes in a row', async () => {
    // up, down, down, up (no alarm: two in a row), down ×3 (alarm), up, down (still down), up, up (resolved)
    flapping = [true, false, false, true, false, false, false, true, false, true, true];
    const { id } = await probe('/flap');
    const states: string[] = [];
    for (let i = 0; i < 11; i++) {
      await rounds(clock, INTERVAL, 1, core);
      states.push((await core.read(getProbe, operator(), { probeId: id })).state);
    }
    await core.execute(removeProbe, operator(), { probeId: id });
    expect(states).toEqual(['up', 'up', 'up', 'up', 'up', 'up', 'down', 'down', 'down', 'down', 'up']);
    const [alarm] = await alarmOf(id);
    expect(alarm).toMatchObject({ state: 'RESOLVED', resolvedBy: `source ${STATUS_ALARM_SOURCE}` });
    expect(await trail(id)).toEqual(['probe.created', 'probe.down', 'probe.recovered', 'probe.removed']);
    const samples = await core.database.db.select().from(probeSamples).where(eq(probeSamples.probeId, id)).orderBy(asc(probeSamples.at));
    expect(samples.map((s) => s.up)).toEqual([true, false, false, true, false, false, false, true, false, true, true]);
  });

  it('refuses a probe that would run more often than every 10 seconds, or time out after its interval', async () => {
    await expect(probe('/ok', { intervalSeconds: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(probe('/ok', { intervalSeconds: 10, timeoutMs: 20_000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(probe('/ok', { method: 'HEAD', bodyContains: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
