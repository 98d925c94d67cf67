import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents, heartbeats } from '../../../db/schema.ts';
import { ManualClock } from '../../../core/clock.ts';
import { createHeartbeat, createService, removeHeartbeat, rotateHeartbeatSecret, serviceChecks } from '../../../core/status/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator } from '../../support/core.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

const MINUTE = 60_000;

describe.each(backends)('heartbeat webhook on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let serviceId: string;
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  const beat = (id: string, secret: string | null) =>
    fetch(`${server.url}/hooks/heartbeat/${id}`, { method: 'POST', headers: secret ? { authorization: `Bearer ${secret}` } : {} });
  const alarmsOf = (id: string) => server.core.database.db.select().from(alarms).where(eq(alarms.fingerprint, `heartbeat:${id}`)).orderBy(asc(alarms.triggeredAt));
  const trail = async (id: string) =>
    (await server.core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id)).orderBy(asc(auditEvents.at), asc(auditEvents.seq))).map((e) => e.action);
  const stateOf = async (id: string) => (await server.core.read(serviceChecks, operator(), { serviceId })).heartbeats.find((h) => h.id === id)?.state;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    serviceId = (await server.core.execute(createService, operator(), { name: 'Nightly backup' })).id;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('a beat in time keeps the heartbeat up; a missing one opens an alarm at interval plus grace; the next beat resolves it', async () => {
    const { heartbeat, secret } = await server.core.execute(createHeartbeat, operator(), { serviceId, name: 'backup job', intervalSeconds: 600, graceSeconds: 60 });
    const first = await beat(heartbeat.id, secret);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ heartbeat: heartbeat.id, dueBy: '2026-11-23T09:11:00.000Z', recovered: false });
    expect(await stateOf(heartbeat.id)).toBe('up');

    clock.advance(10 * MINUTE);
    await server.core.timers.runDue();
    expect(await alarmsOf(heartbeat.id)).toEqual([]);
    expect((await beat(heartbeat.id, secret)).status).toBe(202);

    // The next deadline is 09:21; at 09:21:01 the beat is missing.
    clock.advance(11 * MINUTE + 1000);
    await server.core.timers.runDue();
    const [opened] = await alarmsOf(heartbeat.id);
    expect(opened).toMatchObject({ state: 'TRIGGERED', service: 'Nightly backup', summary: 'Nightly backup: heartbeat backup job is missing' });
    expect(await stateOf(heartbeat.id)).toBe('down');

    clock.advance(5 * MINUTE);
    const back = await beat(heartbeat.id, secret);
    expect(await back.json()).toMatchObject({ recovered: true });
    const [resolved] = await alarmsOf(heartbeat.id);
    expect(resolved).toMatchObject({ id: opened!.id, state: 'RESOLVED' });
    expect(await stateOf(heartbeat.id)).toBe('up');
    expect(await trail(heartbeat.id)).toEqual(['heartbeat.created', 'heartbeat.beat', 'heartbeat.beat', 'heartbeat.missed', 'heartbeat.recovered']);
    const [beatEvent] = await server.core.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'heartbeat.beat'));
    expect(beatEvent).toMatchObject({ door: 'webhook', actorId: 'webhook', actorName: 'heartbeat backup job' });
  });

  it('a heartbeat that never reports is missing once its first interval and grace have passed', async () => {
    const { heartbeat } = await server.core.execute(createHeartbeat, operator(), { serviceId, name: 'silent job', intervalSeconds: 60, graceSeconds: 30 });
    clock.advance(89_000);
    await server.core.timers.runDue();
    expect(await alarmsOf(heartbeat.id)).toEqual([]);
    clock.advance(2000);
    await server.core.timers.runDue();
    expect(await alarmsOf(heartbeat.id)).toHaveLength(1);
    await server.core.execute(removeHeartbeat, operator(), { heartbeatId: heartbeat.id });
  });

  it('refuses a wrong, missing or rotated secret, and an unknown heartbeat, with 401 and writes nothing', async () => {
    const { heartbeat, secret } = await server.core.execute(createHeartbeat, operator(), { serviceId, name: 'guarded job', intervalSeconds: 600 });
    const { secret: rotated } = await server.core.execute(rotateHeartbeatSecret, operator(), { heartbeatId: heartbeat.id });
    const events = async () => (await server.core.database.db.select({ n: count() }).from(auditEvents))[0]!.n;
    const before = await events();
    const [row] = await server.core.database.db.select().from(heartbeats).where(eq(heartbeats.id, heartbeat.id));
    for (const response of [
      await beat(heartbeat.id, 'odh_wrong'),
      await beat(heartbeat.id, null),
      await beat(heartbeat.id, secret),
      await beat('00000000-0000-4000-8000-000000000000', rotated),
      await beat('not-a-uuid', rotated),
    ]) {
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(JSON.stringify(body)).not.toMatch(/hash|select|stack/i);
    }
    expect(await events()).toBe(before);
    const [after] = await server.core.database.db.select().from(heartbeats).where(eq(heartbeats.id, heartbeat.id));
    expect(after).toEqual(row);
    expect((await beat(heartbeat.id, rotated)).status).toBe(202);
  });
});
