import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { setRoles } from '../../../core/directory/index.ts';
import { declareIncident } from '../../../core/incidents/index.ts';
import { createProbe, createService } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { collect, gql, wsClient } from '../../support/clients.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../../support/server.ts';

const PAGE = `query($orgId: ID!) { orgStatus(orgId: $orgId) {
  orgId orgName overall days availabilityRule
  services { name state stateLabel availabilityPercent availabilityDays { date percent }
    last24Hours { p50Ms p95Ms chart { starts p50Ms p95Ms } } last7Days { chart { starts } } last90Days { p50Ms chart { starts } } }
  incidents { title services updates { message } }
  maintenance { title services } } }`;
const CHANGES = 'subscription($orgId: ID!) { orgStatusChanged(orgId: $orgId) { orgId at } }';

describe.each(backends)('orgStatus and orgStatusChanged over GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let tenants: Awaited<ReturnType<typeof makeTenants>>;
  const ids: Record<string, string> = {};
  const clients: Array<ReturnType<typeof wsClient>> = [];
  const record = (probeId: string, up: boolean) =>
    server.core.transact(
      systemActor('scheduler', 'scheduler', `test-${randomUUID()}`),
      (ctx) => recordProbeResult(ctx, probeId, new Date(), up ? { up: true, latencyMs: 70, statusCode: 200, error: null } : { up: false, latencyMs: 30, statusCode: 503, error: 'HTTP 503' }),
      { requireRecord: false },
    );
  const subscribe = (token: string, orgId: string) => {
    const client = wsClient(server.url, token);
    clients.push(client);
    return collect(client, CHANGES, { orgId });
  };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    tenants = await makeTenants(server.core);
    ids.api = (await server.core.execute(createService, operator(), { name: 'Public API', isPublic: true })).id;
    ids.reporting = (await server.core.execute(createService, operator(), { name: 'Acme reporting', orgIds: [tenants.a.id] })).id;
    ids.ledger = (await server.core.execute(createService, operator(), { name: 'Beta ledger', orgIds: [tenants.b.id] })).id;
    const probe = async (serviceId: string) =>
      (await server.core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/hidden', intervalSeconds: 10, failureThreshold: 1 })).id;
    ids.reportingProbe = await probe(ids.reporting);
    ids.ledgerProbe = await probe(ids.ledger);
    await record(ids.reportingProbe, true);
    await record(ids.ledgerProbe, true);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server?.stop();
    await db?.dispose();
  });

  it('shows org A’s contact A’s page with its private service, figures and chart points', async () => {
    const { data, errors } = await gql(server.url, tenants.aContact.token, PAGE, { orgId: tenants.a.id });
    expect(errors).toBeUndefined();
    const page = data!.orgStatus;
    expect(page).toMatchObject({ orgId: tenants.a.id, orgName: tenants.a.name, overall: 'OPERATIONAL', days: 90 });
    expect(page.services.map((s: { name: string }) => s.name)).toEqual(['Acme reporting', 'Public API']);
    const reporting = page.services[0];
    expect(reporting).toMatchObject({ state: 'OPERATIONAL', availabilityPercent: 100, last24Hours: { p50Ms: 70, p95Ms: 70 } });
    expect(reporting.availabilityDays).toHaveLength(90);
    const chart = reporting.last24Hours.chart;
    expect([chart.starts.length, chart.p50Ms.length, chart.p95Ms.length]).toEqual([24, 24, 24]);
    expect([chart.p50Ms.at(-1), chart.p95Ms.at(-1)]).toEqual([70, 70]);
    expect(chart.p50Ms.slice(0, -1).every((v: number | null) => v === null)).toBe(true);
    expect(reporting.last7Days.chart.starts).toHaveLength(28);
    expect(reporting.last90Days.chart.starts).toHaveLength(90);
    // Provider staff read the same page.
    const staff = await gql(server.url, server.adminToken, PAGE, { orgId: tenants.a.id });
    expect(staff.data!.orgStatus.services).toEqual(page.services);
  });

  it('tells org B’s people NOT_FOUND for A’s page, exactly as for an org that does not exist, and never shows A’s service on B’s', async () => {
    const theirs = await gql(server.url, tenants.bAdmin.token, PAGE, { orgId: tenants.a.id });
    const unknown = await gql(server.url, tenants.bAdmin.token, PAGE, { orgId: randomUUID() });
    expect(theirs.data).toBeNull();
    expect(theirs.errors).toEqual(unknown.errors);
    expect(theirs.errors?.[0]).toMatchObject({ message: 'organisation not found', extensions: { code: 'NOT_FOUND' } });
    const own = await gql(server.url, tenants.bContact.token, PAGE, { orgId: tenants.b.id });
    expect(own.data!.orgStatus.services.map((s: { name: string }) => s.name)).toEqual(['Beta ledger', 'Public API']);
    expect(JSON.stringify(own)).not.toContain('Acme reporting');
    const refused = collect(wsClient(server.url, tenants.bContact.token), CHANGES, { orgId: tenants.a.id });
    await refused.until(() => refused.errors.length > 0 || refused.completed);
    expect(refused.errors[0]).toMatchObject({ message: 'organisation not found' });
  });

  it('signals A’s subscribers when A’s private service goes down, and B’s only when B’s page changes', async () => {
    const aFeed = subscribe(tenants.aContact.token, tenants.a.id);
    const bFeed = subscribe(tenants.bContact.token, tenants.b.id);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscriptions register, as the other suites do
    await record(ids.reportingProbe!, false);
    await aFeed.until(() => aFeed.received.length === 1);
    expect(aFeed.received[0]).toEqual({ orgStatusChanged: { orgId: tenants.a.id, at: expect.any(String) } });
    const after = await gql(server.url, tenants.aContact.token, PAGE, { orgId: tenants.a.id });
    expect(after.data!.orgStatus.overall).toBe('DOWN');
    expect(after.data!.orgStatus.services[0]).toMatchObject({ name: 'Acme reporting', state: 'DOWN' });

    // A change of B's page: B is told once (A's outage was not a change of B's page).
    await server.core.execute(declareIncident, operator(), { title: 'Ledger slow', impact: 'minor', message: 'Looking into it.', serviceIds: [ids.ledger!] });
    await bFeed.until(() => bFeed.received.length === 1);
    expect(bFeed.received).toEqual([{ orgStatusChanged: { orgId: tenants.b.id, at: expect.any(String) } }]);
    expect(JSON.stringify(bFeed.received)).not.toContain(tenants.a.id);
    const bPage = await gql(server.url, tenants.bContact.token, PAGE, { orgId: tenants.b.id });
    expect(bPage.data!.orgStatus.incidents).toEqual([{ title: 'Ledger slow', services: ['Beta ledger'], updates: [{ message: 'Looking into it.' }] }]);
  });

  it('ends the subscription with FORBIDDEN when the subscriber loses access to the org', async () => {
    const feed = subscribe(tenants.aAdmin.token, tenants.a.id);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscription register
    await server.core.execute(setRoles, operator(), { orgId: tenants.a.id, personId: tenants.aAdmin.id, roles: [] });
    await feed.until(() => feed.errors.length > 0);
    expect(feed.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
