import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import { declareIncident, postIncidentUpdate, scheduleMaintenance } from '../../../core/incidents/index.ts';
import { createProbe, createService } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

describe.each(backends)('GET /status.json on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock('2026-12-05T12:30:00Z');
  const ids: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    const { core } = server;
    for (const [name, isPublic] of [['API', true], ['Internal queue', false]] as const) {
      const serviceId = (await core.execute(createService, operator(), { name, isPublic })).id;
      const probeId = (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/private-health', intervalSeconds: 10 })).id;
      ids.push(serviceId, probeId);
      await core.transact(
        systemActor('scheduler', 'scheduler', `test-${randomUUID()}`),
        (ctx) => recordProbeResult(ctx, probeId, new Date('2026-12-05T12:00:00Z'), { up: true, latencyMs: 120, statusCode: 200, error: null }),
        { requireRecord: false },
      );
    }
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('answers anyone without credentials with the public services only, no internal field, and a 30-second public cache', async () => {
    const res = await fetch(`${server.url}/status.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    const body = (await res.json()) as Record<string, unknown> & { services: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ generatedAt: '2026-12-05T12:30:00.000Z', overall: 'operational', days: 90 });
    expect(body.availabilityRule).toMatch(/during a scheduled maintenance window of the service are not counted/);
    expect(body.services.map((s) => s.name)).toEqual(['API']);
    expect(body.services[0]).toMatchObject({
      id: ids[0],
      state: 'operational',
      availability: { percent: 100 },
      responseTimes: { last24Hours: { p50Ms: 120, p95Ms: 120 } },
    });
    const text = JSON.stringify(body);
    for (const hidden of ['Internal queue', 'private-health', 'probe', 'heartbeat', 'orgIds', 'isPublic', 'allOrgs', ids[1]!, ids[2]!, ids[3]!]) expect(text).not.toContain(hidden);
  });

  it('lists the incidents and maintenance of public services, with their public updates, and nothing of internal ones', async () => {
    const [api, , internal] = ids;
    const outage = await server.core.execute(declareIncident, operator(), {
      title: 'API errors',
      impact: 'major',
      message: 'We are looking into failing API calls.',
      serviceIds: [api!, internal!],
    });
    await server.core.execute(postIncidentUpdate, operator(), { incidentId: outage.id, status: 'identified', message: 'A bad deploy; rolling back.' });
    await server.core.execute(declareIncident, operator(), { title: 'Queue backlog', impact: 'minor', message: 'Internal only.', serviceIds: [internal!] });
    await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Database upgrade',
      description: 'The API is read-only for up to 20 minutes.',
      startsAt: new Date('2026-12-09T05:00:00Z'),
      endsAt: new Date('2026-12-09T06:00:00Z'),
      serviceIds: [api!],
    });
    await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Queue host swap',
      startsAt: new Date('2026-12-08T05:00:00Z'),
      endsAt: new Date('2026-12-08T06:00:00Z'),
      serviceIds: [internal!],
    });
    const body = (await (await fetch(`${server.url}/status.json`)).json()) as { incidents: unknown[]; maintenance: unknown[] };
    expect(body.incidents).toEqual([
      expect.objectContaining({
        id: outage.id,
        title: 'API errors',
        impact: 'major',
        status: 'identified',
        resolvedAt: null,
        services: ['API'],
        updates: [
          expect.objectContaining({ status: 'identified', message: 'A bad deploy; rolling back.' }),
          expect.objectContaining({ status: 'investigating', message: 'We are looking into failing API calls.' }),
        ],
      }),
    ]);
    expect(body.maintenance).toEqual([
      { id: expect.any(String), title: 'Database upgrade', description: 'The API is read-only for up to 20 minutes.', startsAt: '2026-12-09T05:00:00.000Z', endsAt: '2026-12-09T06:00:00.000Z', state: 'scheduled', services: ['API'] },
    ]);
    const text = JSON.stringify(body);
    for (const hidden of ['Internal queue', 'Queue backlog', 'Queue host swap', 'Internal only', 'byName', 'alarm']) expect(text).not.toContain(hidden);
  });

  it('answers the same to a browser that asks for HTML by that name, and serves the app at /status', async () => {
    const json = await fetch(`${server.url}/status.json`, { headers: { accept: 'text/html,*/*' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const page = await fetch(`${server.url}/status`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
