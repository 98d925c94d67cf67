import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import { declareIncident } from '../../../core/incidents/index.ts';
import { createProbe, createService } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { eventually } from '../../support/clients.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { sseClient, type SseClient } from '../../support/status.ts';

describe.each(backends)('GET /status/events on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer | undefined;
  const clock = new ManualClock('2026-12-05T12:30:00Z');
  const probes: Record<string, string> = {};
  const services: Record<string, string> = {};
  const clients: SseClient[] = [];
  const record = (probeId: string, up: boolean) =>
    server!.core.transact(
      systemActor('scheduler', 'scheduler', `test-${randomUUID()}`),
      (ctx) => recordProbeResult(ctx, probeId, clock.now(), up ? { up: true, latencyMs: 90, statusCode: 200, error: null } : { up: false, latencyMs: 40, statusCode: 503, error: 'HTTP 503' }),
      { requireRecord: false },
    );
  const open = async (headers: Record<string, string> = {}) => {
    const client = await sseClient(`${server!.url}/status/events`, headers);
    clients.push(client);
    return client;
  };
  const versions = (client: SseClient) => client.frames.filter((f) => f.event === 'status').map((f) => (JSON.parse(f.data) as { version: number }).version);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock, env: { STATUS_STREAM_MAX_PER_ADDRESS: '2', STATUS_STREAM_MAX_CONNECTIONS: '3' } });
    for (const [name, isPublic] of [['API', true], ['Internal queue', false]] as const) {
      services[name] = (await server.core.execute(createService, operator(), { name, isPublic })).id;
      probes[name] = (await server.core.execute(createProbe, operator(), { serviceId: services[name]!, name: 'health', url: 'http://127.0.0.1:9/x', intervalSeconds: 10, failureThreshold: 1 })).id;
      await record(probes[name]!, true);
    }
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
    await db?.dispose();
  });

  it('tells an open stream that the status changed when a public probe goes down; /status.json?v= then shows it, fresh', async () => {
    const client = await open();
    expect(client.status).toBe(200);
    expect(client.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(client.response.headers.get('cache-control')).toBe('no-store');
    await eventually(() => versions(client).length === 1);
    const [first] = versions(client);
    // The JSON a browser or proxy may have kept says operational.
    expect(((await (await fetch(`${server!.url}/status.json`)).json()) as { overall: string }).overall).toBe('operational');

    await record(probes.API!, false);
    await eventually(() => versions(client).length === 2);
    const changed = versions(client)[1]!;
    expect(changed).toBeGreaterThan(first!);
    const body = (await (await fetch(`${server!.url}/status.json?v=${changed}`)).json()) as { overall: string; services: Array<{ name: string; state: string }> };
    expect(body.overall).toBe('down');
    expect(body.services).toEqual([expect.objectContaining({ name: 'API', state: 'down' })]);
    // A frame carries nothing but the version.
    expect(Object.keys(JSON.parse(client.frames.at(-1)!.data))).toEqual(['version']);
  });

  it('tells nothing of what the public page does not show: an internal service going down is not a change', async () => {
    const client = await open();
    await eventually(() => versions(client).length === 1);
    const start = versions(client)[0]!;
    await record(probes['Internal queue']!, false);
    await server!.core.execute(declareIncident, operator(), { title: 'API errors', impact: 'major', message: 'Looking into it.', serviceIds: [services.API!] });
    await eventually(() => versions(client).length === 2);
    // One change (the incident), whichever order the watch read them in.
    expect(versions(client)[1]).toBe(start + 1);
    const body = (await (await fetch(`${server!.url}/status.json?v=${start + 1}`)).json()) as { incidents: Array<{ title: string }> };
    expect(body.incidents.map((i) => i.title)).toEqual(['API errors']);
    expect(JSON.stringify(client.frames)).not.toContain('Internal');
    client.close();
  });

  it('limits open streams per address and in total, with RATE_LIMITED', async () => {
    for (const client of clients.splice(0)) client.close();
    const a1 = await open({ 'x-forwarded-for': '203.0.113.1' });
    const a2 = await open({ 'x-forwarded-for': '203.0.113.1' });
    expect([a1.status, a2.status]).toEqual([200, 200]);
    const a3 = await open({ 'x-forwarded-for': '203.0.113.1' });
    expect(a3.status).toBe(429);
    expect(await a3.response.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    const b1 = await open({ 'x-forwarded-for': '203.0.113.2' });
    expect(b1.status).toBe(200);
    const b2 = await open({ 'x-forwarded-for': '203.0.113.2' });
    expect(b2.status).toBe(429);
    // A closed stream frees its place.
    a1.close();
    await eventually(async () => {
      const again = await open({ 'x-forwarded-for': '203.0.113.3' });
      if (again.status === 200) return true;
      clients.splice(clients.indexOf(again), 1);
      return false;
    });
  });

  it('ends every open stream when the server shuts down', async () => {
    const open1 = clients.filter((c) => c.status === 200);
    expect(open1.length).toBeGreaterThan(0);
    await server!.stop();
    server = undefined;
    await Promise.all(open1.map((c) => c.ended));
  });
});
