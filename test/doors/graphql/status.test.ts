import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { gql } from '../../support/clients.ts';

describe.each(backends)('services, probes and heartbeats over GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let tenants: Awaited<ReturnType<typeof makeTenants>>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    tenants = await makeTenants(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('an admin sets up a private service of org A with a probe and a heartbeat; A’s contact sees the service, B’s contact sees nothing of it', async () => {
    const created = await gql(server.url, server.adminToken, 'mutation($input: CreateServiceInput!) { createService(input: $input) { id name isPublic allOrgs orgIds state } }', {
      input: { name: 'Acme reporting', description: 'Monthly reports', orgIds: [tenants.a.id] },
    });
    expect(created.errors).toBeUndefined();
    const service = created.data!.createService;
    expect(service).toMatchObject({ name: 'Acme reporting', isPublic: false, allOrgs: false, orgIds: [tenants.a.id], state: 'UNKNOWN' });

    const probe = await gql(server.url, server.adminToken, 'mutation($input: CreateProbeInput!) { createProbe(input: $input) { id method url intervalSeconds failureThreshold successThreshold timeoutMs state } }', {
      input: { serviceId: service.id, name: 'health', url: 'https://reports.example.test/health', intervalSeconds: 30 },
    });
    expect(probe.data!.createProbe).toMatchObject({ method: 'GET', intervalSeconds: 30, failureThreshold: 3, successThreshold: 2, timeoutMs: 10000, state: 'UNKNOWN' });
    const heartbeat = await gql(server.url, server.adminToken, 'mutation($input: CreateHeartbeatInput!) { createHeartbeat(input: $input) { heartbeat { id graceSeconds dueBy } secret } }', {
      input: { serviceId: service.id, name: 'nightly export', intervalSeconds: 86400 },
    });
    expect(heartbeat.data!.createHeartbeat.secret).toMatch(/^odh_/);
    expect(heartbeat.data!.createHeartbeat.heartbeat.graceSeconds).toBe(17280);

    const checks = await gql(server.url, server.adminToken, 'query($id: ID!) { serviceChecks(serviceId: $id) { probes { id } heartbeats { id name } } }', { id: service.id });
    expect(checks.data!.serviceChecks).toEqual({ probes: [{ id: probe.data!.createProbe.id }], heartbeats: [{ id: heartbeat.data!.createHeartbeat.heartbeat.id, name: 'nightly export' }] });

    const seenByA = await gql(server.url, tenants.aContact.token, '{ services { name orgIds state } }');
    expect(seenByA.data!.services).toEqual([{ name: 'Acme reporting', orgIds: [], state: 'UNKNOWN' }]);
    const aChecks = await gql(server.url, tenants.aContact.token, 'query($id: ID!) { serviceChecks(serviceId: $id) { probes { url } } }', { id: service.id });
    expect(aChecks.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await gql(server.url, tenants.bContact.token, '{ services { name } }')).data!.services).toEqual([]);
    const one = await gql(server.url, tenants.bContact.token, 'query($id: ID!) { service(id: $id) { name } }', { id: service.id });
    expect(one.errors?.[0]).toMatchObject({ message: 'service not found', extensions: { code: 'NOT_FOUND' } });
    const figures = await gql(
      server.url,
      tenants.bAdmin.token,
      'query($id: ID!) { serviceAvailability(serviceId: $id, since: "2026-01-01T00:00:00Z", until: "2026-02-01T00:00:00Z") { availability } }',
      { id: service.id },
    );
    expect(figures.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('reads availability with its grain and an empty series when nothing was recorded', async () => {
    const { data } = await gql(server.url, server.adminToken, '{ services { id } }');
    const figures = await gql(
      server.url,
      tenants.aContact.token,
      'query($id: ID!) { serviceAvailability(serviceId: $id, since: "2026-01-01T00:00:00Z", until: "2026-02-01T00:00:00Z") { since until grain count availability p50Ms p95Ms series { start } } }',
      { id: data!.services[0].id },
    );
    expect(figures.data!.serviceAvailability).toEqual({
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
      grain: 'DAY',
      count: 0,
      availability: null,
      p50Ms: null,
      p95Ms: null,
      series: [],
    });
  });
});
