import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRequests, alarms, alarmSources, tickets } from '../../db/schema.ts';
import { systemActor } from '../../core/actor.ts';
import { ManualClock } from '../../core/clock.ts';
import { GAUGE_CACHE_MS } from '../../core/reports/index.ts';
import { createProbe, createService } from '../../core/status/index.ts';
import { recordProbeResult } from '../../core/status/probes.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator } from '../support/core.ts';
import { makeClientOrg, startTestServer, type TestServer } from '../support/server.ts';

/** The value of one sample line of Prometheus text (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (.+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe.each(backends)("the operator's gauges on /metrics on %s", (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let upProbe: string;
  let downProbe: string;
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    const core = server.core;
    const org = (await makeClientOrg(core, `gauge-${randomUUID().slice(0, 6)}`)).id;
    let number = 0;
    const ticket = (fields: Partial<typeof tickets.$inferInsert>) =>
      core.database.db.insert(tickets).values({ orgId: org, number: ++number, key: `G-${number}`, title: 't', description: '', kind: 'incident', initiatorId: randomUUID(), ...fields });
    // Open: 2 URGENT (one breached this month), 1 HIGH, 1 not agreed; a resolved HIGH breached this month,
    // a closed one breached last month (Stockholm: October ends 2026-10-31T23:00Z).
    await ticket({ severity: 'URGENT', slaBreachedAt: new Date('2026-11-20T10:00:00Z') });
    await ticket({ severity: 'URGENT' });
    await ticket({ severity: 'HIGH', status: 'AWAITING_CLIENT' });
    await ticket({});
    await ticket({ severity: 'HIGH', status: 'RESOLVED', slaBreachedAt: new Date('2026-10-31T23:30:00Z') });
    await ticket({ severity: 'LOW', status: 'CLOSED', slaBreachedAt: new Date('2026-10-31T22:30:00Z') });

    const [source] = await core.database.db.insert(alarmSources).values({ name: 'grafana', secretHash: 'x' }).returning();
    const alarm = (fingerprint: string, state: 'TRIGGERED' | 'ACKNOWLEDGED' | 'RESOLVED') =>
      core.database.db.insert(alarms).values({ sourceId: source!.id, fingerprint, summary: fingerprint, severity: 'warning', state, triggeredAt: clock.now(), lastSeenAt: clock.now(), escalation: { policyId: null, name: 'd', steps: [], repeat: 0 } });
    await alarm('x1', 'TRIGGERED');
    await alarm('x2', 'ACKNOWLEDGED');
    await alarm('x3', 'ACKNOWLEDGED');
    await alarm('x4', 'RESOLVED');

    const request = (status: 'PENDING' | 'ACTIVE' | 'EXPIRED') =>
      core.database.db.insert(accessRequests).values({ orgId: org, requesterId: randomUUID(), reason: 'r', scope: 's', durationMinutes: 60, status, clientApprovalRequired: true, pendingUntil: clock.now(), otherDutyJustification: 'backup' });
    await request('PENDING');
    await request('ACTIVE');
    await request('ACTIVE');
    await request('EXPIRED');

    // Two probes of "API": one up (last result 120 ms), one down after a failure (its alarm opens: one more TRIGGERED).
    const service = await core.execute(createService, operator(), { name: 'API' });
    upProbe = (await core.execute(createProbe, operator(), { serviceId: service.id, name: 'up', url: 'http://127.0.0.1:9/a', intervalSeconds: 60 })).id;
    downProbe = (await core.execute(createProbe, operator(), { serviceId: service.id, name: 'down', url: 'http://127.0.0.1:9/b', intervalSeconds: 60, failureThreshold: 1 })).id;
    await core.execute(createProbe, operator(), { serviceId: service.id, name: 'new', url: 'http://127.0.0.1:9/c', intervalSeconds: 60 });
    const scheduler = () => systemActor('scheduler', 'scheduler', `test-${randomUUID()}`);
    const record = (probeId: string, at: string, up: boolean, latencyMs: number) =>
      core.transact(scheduler(), (ctx) => recordProbeResult(ctx, probeId, new Date(at), { up, latencyMs, statusCode: up ? 200 : null, error: up ? null : 'timeout' }), { requireRecord: false });
    await record(upProbe, '2026-11-25T11:58:00Z', true, 300);
    await record(upProbe, '2026-11-25T11:59:00Z', true, 120);
    await record(downProbe, '2026-11-25T11:59:00Z', false, 5000);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('shows open tickets by severity, breaches, open alarms by state, access requests and grants, and probes', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE opsdesk_tickets_open gauge');
    expect(sample(text, 'opsdesk_tickets_open', { severity: 'URGENT' })).toBe(2);
    expect(sample(text, 'opsdesk_tickets_open', { severity: 'HIGH' })).toBe(1);
    expect(sample(text, 'opsdesk_tickets_open', { severity: 'MEDIUM' })).toBe(0);
    expect(sample(text, 'opsdesk_tickets_open', { severity: 'none' })).toBe(1);
    expect(sample(text, 'opsdesk_sla_breaches_open')).toBe(1);
    expect(sample(text, 'opsdesk_sla_breaches_month')).toBe(2);
    expect(sample(text, 'opsdesk_alarms_open', { state: 'TRIGGERED' })).toBe(2);
    expect(sample(text, 'opsdesk_alarms_open', { state: 'ACKNOWLEDGED' })).toBe(2);
    expect(sample(text, 'opsdesk_access_requests_pending')).toBe(1);
    expect(sample(text, 'opsdesk_access_grants_active')).toBe(2);
    expect(sample(text, 'opsdesk_probe_up', { probe_id: upProbe, service: 'API' })).toBe(1);
    expect(sample(text, 'opsdesk_probe_up', { probe_id: downProbe, service: 'API' })).toBe(0);
    expect(sample(text, 'opsdesk_probe_latency_ms', { probe_id: upProbe, service: 'API' })).toBe(120);
    expect(sample(text, 'opsdesk_probe_latency_ms', { probe_id: downProbe, service: 'API' })).toBe(5000);
    // A probe without a verdict yet is absent.
    expect(text.match(/^opsdesk_probe_up\{/gm)).toHaveLength(2);
  });

  it('serves one reading for a few seconds, then reads the database again', async () => {
    await server.core.database.db.insert(accessRequests).values({ orgId: randomUUID(), requesterId: randomUUID(), reason: 'r', scope: 's', durationMinutes: 60, status: 'PENDING', clientApprovalRequired: true, pendingUntil: clock.now(), otherDutyJustification: 'backup' });
    expect(sample(await scrape(), 'opsdesk_access_requests_pending')).toBe(1);
    clock.advance(GAUGE_CACHE_MS);
    expect(sample(await scrape(), 'opsdesk_access_requests_pending')).toBe(2);
  });

  it('gives no figures (absent, or NaN), and still answers, while the database cannot be read', async () => {
    const core = server.core;
    const read = core.read.bind(core);
    core.read = (async () => {
      throw new Error('database unreachable');
    }) as typeof core.read;
    try {
      clock.advance(GAUGE_CACHE_MS);
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('opsdesk_http_requests_total');
      expect(sample(text, 'opsdesk_access_requests_pending')).toBeNaN();
      expect(sample(text, 'opsdesk_tickets_open', { severity: 'URGENT' })).toBeUndefined();
    } finally {
      core.read = read;
    }
    expect(sample(await scrape(), 'opsdesk_access_requests_pending')).toBe(2);
  });
});
