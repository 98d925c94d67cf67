import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { alertmanagerBody, makeAlarmSource } from '../../support/alarms.ts';
import { verifyChain } from '../../../core/audit/verify.ts';

describe.each(backends)('alarm webhooks on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let source: Awaited<ReturnType<typeof makeAlarmSource>>;
  let other: Awaited<ReturnType<typeof makeAlarmSource>>;

  const post = (path: string, body: unknown, secret: string | null = source.secret, raw = false) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: raw ? (body as string) : JSON.stringify(body),
    });
  const alarmCount = async () => (await server.core.database.db.select({ n: count() }).from(alarms))[0]!.n;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { env: { ALARM_WEBHOOK_MAX_BYTES: '4096' } });
    source = await makeAlarmSource(server.core, 'prometheus');
    other = await makeAlarmSource(server.core, 'nagios');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('commits a generic alarm and answers 202 with its id, on the trail as the source through the webhook door', async () => {
    const response = await post('/hooks/alarms/prometheus', { dedupKey: 'api-5xx', summary: 'API 5xx above 5%', severity: 'critical', service: 'api', details: { rate: 0.07 }, time: '2026-11-23T08:59:00Z' });
    expect(response.status).toBe(202);
    const { alarms: [outcome] } = (await response.json()) as { alarms: Array<{ alarmId: string; outcome: string }> };
    expect(outcome).toMatchObject({ outcome: 'triggered', fingerprint: 'api-5xx' });
    const [row] = await server.core.database.db.select().from(alarms).where(eq(alarms.id, outcome!.alarmId));
    expect(row).toMatchObject({ summary: 'API 5xx above 5%', severity: 'critical', service: 'api', details: { rate: 0.07, reportedAt: '2026-11-23T08:59:00.000Z' } });
    const [event] = await server.core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, outcome!.alarmId));
    expect(event).toMatchObject({ action: 'alarm.triggered', door: 'webhook', actorType: 'system', actorId: 'webhook', actorName: 'alarm source prometheus' });
  });

  it('answers each of many simultaneous deliveries with its own alarms, each on the trail under its own request id', async () => {
    const deliveries = Array.from({ length: 24 }, (_, i) => ({ requestId: `burst-${i}`, fingerprint: `burst-alarm-${i}` }));
    const responses = await Promise.all(
      deliveries.map(({ requestId, fingerprint }) =>
        fetch(`${server.url}/hooks/alarms/prometheus`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${source.secret}`, 'x-request-id': requestId },
          body: JSON.stringify({ fingerprint, summary: `Burst ${fingerprint}`, severity: 'warning' }),
        }),
      ),
    );
    const answers = (await Promise.all(responses.map((r) => r.json()))) as Array<{ alarms: Array<{ alarmId: string; fingerprint: string; outcome: string }> }>;
    expect(responses.map((r) => r.status)).toEqual(deliveries.map(() => 202));
    expect(answers.map((a) => a.alarms.map((x) => `${x.fingerprint}:${x.outcome}`))).toEqual(deliveries.map((d) => [`${d.fingerprint}:triggered`]));
    const trail = await server.core.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'alarm.triggered'));
    const requestIdOf = new Map(trail.map((e) => [e.subjectId, e.requestId]));
    expect(answers.map((a) => requestIdOf.get(a.alarms[0]!.alarmId))).toEqual(deliveries.map((d) => d.requestId));
    expect((await verifyChain(server.core.database.db, server.core.providerId!)).ok).toBe(true);
  });

  it('folds a repeated generic alarm into the open one', async () => {
    const body = { fingerprint: 'queue-lag', summary: 'Queue lag', severity: 'warning' };
    const first = (await (await post('/hooks/alarms/prometheus', body)).json()) as { alarms: Array<{ alarmId: string }> };
    const second = (await (await post('/hooks/alarms/prometheus', body)).json()) as { alarms: Array<{ alarmId: string; outcome: string; count: number }> };
    expect(second.alarms[0]).toMatchObject({ alarmId: first.alarms[0]!.alarmId, outcome: 'folded', count: 2 });
    // The same fingerprint from another source is another alarm.
    const elsewhere = (await (await post('/hooks/alarms/nagios', body, other.secret)).json()) as { alarms: Array<{ alarmId: string; outcome: string }> };
    expect(elsewhere.alarms[0]!.outcome).toBe('triggered');
  });

  it('refuses a wrong, missing or other source\'s secret with 401 and stores nothing', async () => {
    const before = await alarmCount();
    const body = { fingerprint: 'x', summary: 'x', severity: 'info' };
    for (const [path, secret] of [
      ['/hooks/alarms/prometheus', 'ods_wrong'],
      ['/hooks/alarms/prometheus', null],
      ['/hooks/alarms/prometheus', other.secret],
      ['/hooks/alarms/no-such-source', source.secret],
      ['/hooks/alertmanager/prometheus', 'ods_wrong'],
    ] as const) {
      const response = await post(path, body, secret);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'unknown alarm source or wrong secret (send it as "Authorization: Bearer <secret>")' } });
    }
    expect(await alarmCount()).toBe(before);
  });

  it('refuses malformed bodies with 400 naming the bad field, and stores nothing', async () => {
    const before = await alarmCount();
    const cases: Array<[unknown, string]> = [
      [{ fingerprint: 'a', summary: 'a', severity: 'urgent' }, "invalid input: severity: Invalid enum value. Expected 'critical' | 'warning' | 'info', received 'urgent'"],
      [{ summary: 'a', severity: 'info' }, 'invalid input: fingerprint: required (or dedupKey)'],
      [{ fingerprint: 'a', severity: 'info' }, 'invalid input: summary: Required'],
      [{ fingerprint: 'a', summary: 'a', severity: 'info', time: 'yesterday' }, 'invalid input: time: an ISO 8601 date-time'],
      [{ fingerprint: 'a', summary: 'a', severity: 'info', colour: 'red' }, "invalid input: (input): Unrecognized key(s) in object: 'colour'"],
      [[1, 2], 'invalid input: (input): Expected object, received array'],
    ];
    for (const [body, message] of cases) {
      const response = await post('/hooks/alarms/prometheus', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
    }
    const broken = await post('/hooks/alarms/prometheus', '{"fingerprint": ', source.secret, true);
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'the body is not valid JSON' } });
    const wrongVersion = await post('/hooks/alertmanager/prometheus', { ...alertmanagerBody('firing', [{ fingerprint: 'f1' }]), version: '3' });
    expect(wrongVersion.status).toBe(400);
    expect(((await wrongVersion.json()) as { error: { message: string } }).error.message).toBe('invalid input: version: only version "4" of the Alertmanager webhook is understood');
    const noFingerprint = alertmanagerBody('firing', [{ fingerprint: 'f1' }]);
    delete (noFingerprint.alerts[0] as { fingerprint?: string }).fingerprint;
    const missing = await post('/hooks/alertmanager/prometheus', noFingerprint);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('invalid input: alerts.0.fingerprint: Required');
    expect(await alarmCount()).toBe(before);
  });

  it('refuses a body over the size limit with 413 and stores nothing', async () => {
    const before = await alarmCount();
    const response = await post('/hooks/alarms/prometheus', { fingerprint: 'big', summary: 'big', severity: 'info', details: { blob: 'x'.repeat(5000) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'the body is larger than the limit of 4096 bytes' } });
    expect(await alarmCount()).toBe(before);
  });

  it('turns a grouped Alertmanager notification into one alarm per fingerprint', async () => {
    const response = await post('/hooks/alertmanager/prometheus', alertmanagerBody('firing', [
      { fingerprint: 'a1b2c3d4e5f60001', severity: 'critical', service: 'db' },
      { fingerprint: 'a1b2c3d4e5f60002', severity: 'warning' },
      { fingerprint: 'a1b2c3d4e5f60003', severity: 'none', summary: 'Low disk' },
    ]));
    expect(response.status).toBe(202);
    const { alarms: outcomes } = (await response.json()) as { alarms: Array<{ alarmId: string; outcome: string }> };
    expect(outcomes.map((o) => o.outcome)).toEqual(['triggered', 'triggered', 'triggered']);
    const rows = await Promise.all(outcomes.map(async (o) => (await server.core.database.db.select().from(alarms).where(eq(alarms.id, o.alarmId)))[0]!));
    expect(rows.map((r) => [r.fingerprint, r.severity, r.service])).toEqual([
      ['a1b2c3d4e5f60001', 'critical', 'db'],
      ['a1b2c3d4e5f60002', 'warning', null],
      ['a1b2c3d4e5f60003', 'info', null],
    ]);
    expect(rows[2]!.summary).toBe('Low disk');
    expect(rows[0]!.details).toMatchObject({ labels: { alertname: 'DiskFull', instance: 'a1b2c3d4e5f60001:9100' }, groupKey: '{}:{alertname="DiskFull"}' });
  });

  it('resolves alarms whose alerts Alertmanager reports resolved, and folds those still firing', async () => {
    await post('/hooks/alertmanager/prometheus', alertmanagerBody('firing', [{ fingerprint: 'r-1' }, { fingerprint: 'r-2' }]));
    const response = await post('/hooks/alertmanager/prometheus', alertmanagerBody('firing', [
      { fingerprint: 'r-1', status: 'resolved' },
      { fingerprint: 'r-2', status: 'firing' },
    ]));
    const { alarms: outcomes } = (await response.json()) as { alarms: Array<{ outcome: string; count: number }> };
    expect(outcomes.map((o) => [o.outcome, o.count])).toEqual([['resolved', 1], ['folded', 2]]);
    const [resolved] = await server.core.database.db.select().from(alarms).where(eq(alarms.fingerprint, 'r-1'));
    expect(resolved).toMatchObject({ state: 'RESOLVED', resolvedBy: 'source prometheus' });
  });
});
