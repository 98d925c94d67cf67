import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type PersonActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { declareIncident, orgNotices, publicNotices, scheduleMaintenance } from '../../../core/incidents/index.ts';
import { createProbe, createService, followOrgStatus, orgStatus, publicStatus } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf, operator, startCore } from '../../support/core.ts';
import { makeClientOrg, makePerson } from '../../support/server.ts';

/**
 * A fixed history, "now" 2026-12-05T12:30Z. Acme's private reporting service (used by org A only)
 * has a probe with a failure threshold of 1:
 *   2026-12-04 10:00 up 120 ms, 2026-12-05 12:00 up 80 ms, 12:05 down (the probe goes DOWN)
 * → today 1 of 2 = 50%, over the 90 days 2 of 3 = 66.666%; 24 h: one success, 80 ms (p50 = p95 = 80,
 * capped at the slowest); 7 d: 80 and 120 (p50 rank 1 = 80 → ≤100 → 100; p95 rank 2 = 120 → ≤200, capped → 120).
 * Globex's private ledger (org B only) is down too; the public API has no checks.
 */
describe.each(backends)('a client org’s status page on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let agent: PersonActor;
  let clientA: PersonActor;
  let clientB: PersonActor;
  let orgA: string;
  let orgB: string;
  const ids: Record<string, string> = {};
  const clock = new ManualClock('2026-12-05T12:30:00Z');
  const scheduler = () => systemActor('scheduler', 'scheduler', `test-${randomUUID()}`);
  const record = (probeId: string, at: string, latencyMs: number | null) =>
    core.transact(
      scheduler(),
      (ctx) =>
        recordProbeResult(ctx, probeId, new Date(at), latencyMs === null ? { up: false, latencyMs: 5000, statusCode: 500, error: 'HTTP 500' } : { up: true, latencyMs, statusCode: 200, error: null }),
      { requireRecord: false },
    );

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    agent = await actorOf(core, (await makePerson(core, core.providerId!, ['agent'])).id);
    orgA = (await makeClientOrg(core, 'acme')).id;
    orgB = (await makeClientOrg(core, 'globex')).id;
    clientA = await actorOf(core, (await makePerson(core, orgA, ['contact'])).id);
    clientB = await actorOf(core, (await makePerson(core, orgB, ['contract_admin'])).id);
    const service = async (name: string, input: { isPublic?: boolean; orgIds?: string[] }) => (await core.execute(createService, operator(), { name, ...input })).id;
    ids.api = await service('Public API', { isPublic: true });
    ids.reporting = await service('Acme reporting', { orgIds: [orgA] });
    ids.ledger = await service('Globex ledger', { orgIds: [orgB] });
    const probe = async (serviceId: string) =>
      (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/hidden-path', intervalSeconds: 10, failureThreshold: 1 })).id;
    const reportingProbe = await probe(ids.reporting);
    await record(reportingProbe, '2026-12-04T10:00:00Z', 120);
    await record(reportingProbe, '2026-12-05T12:00:00Z', 80);
    await record(reportingProbe, '2026-12-05T12:05:00Z', null);
    await record(await probe(ids.ledger), '2026-12-05T12:06:00Z', null);
    ids.incident = (
      await core.execute(declareIncident, operator(), { title: 'Acme reports are late', impact: 'minor', message: 'Looking into it', serviceIds: [ids.reporting] })
    ).id;
    ids.ledgerIncident = (
      await core.execute(declareIncident, operator(), { title: 'Ledger outage', impact: 'major', message: 'Globex ledger down', serviceIds: [ids.ledger] })
    ).id;
    await core.execute(scheduleMaintenance, operator(), {
      title: 'Reporting upgrade',
      startsAt: '2026-12-06T22:00:00Z',
      endsAt: '2026-12-06T23:00:00Z',
      serviceIds: [ids.reporting, ids.api],
    });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('shows org A’s people its private service with its state, hand-computed availability and response-time charts', async () => {
    const status = await core.read(orgStatus, clientA, { orgId: orgA });
    expect(status.org).toEqual({ id: orgA, name: expect.any(String) });
    expect(status.services.map((s) => s.name)).toEqual(['Acme reporting', 'Public API']);
    expect(status.overall).toBe('down');
    const reporting = status.services[0]!;
    expect(reporting).toMatchObject({ state: 'down', stateLabel: expect.any(String), availability: { percent: 66.666 } });
    expect(reporting.availability.days.filter((d) => d.percent !== null)).toEqual([
      { date: '2026-12-04', percent: 100 },
      { date: '2026-12-05', percent: 50 },
    ]);
    const { last24Hours, last7Days, last90Days } = reporting.responseTimes;
    expect([last24Hours.p50Ms, last24Hours.p95Ms, last7Days.p50Ms, last7Days.p95Ms]).toEqual([80, 80, 100, 120]);
    // Charts: 24 hourly points from 2026-12-04T13:00, 28 six-hourly from 2026-11-28T13:00, 90 daily from 2026-09-07.
    expect(last24Hours.points).toHaveLength(24);
    expect(last24Hours.points[0]!.start.toISOString()).toBe('2026-12-04T13:00:00.000Z');
    expect(last24Hours.points.filter((p) => p.p50Ms !== null)).toEqual([{ start: new Date('2026-12-05T12:00:00Z'), p50Ms: 80, p95Ms: 80 }]);
    expect(last7Days.points).toHaveLength(28);
    expect(last7Days.points.filter((p) => p.p50Ms !== null)).toEqual([
      { start: new Date('2026-12-04T07:00:00Z'), p50Ms: 120, p95Ms: 120 },
      { start: new Date('2026-12-05T07:00:00Z'), p50Ms: 80, p95Ms: 80 },
    ]);
    expect(last90Days.points).toHaveLength(90);
    expect(last90Days.points[0]!.start.toISOString()).toBe('2026-09-07T00:00:00.000Z');
    expect(last90Days.points.filter((p) => p.p50Ms !== null).map((p) => [p.start.toISOString().slice(0, 10), p.p50Ms])).toEqual([
      ['2026-12-04', 120],
      ['2026-12-05', 80],
    ]);
    // Never which orgs use a service, nor a check's URL.
    expect(JSON.stringify(status)).not.toContain('hidden-path');
    expect(JSON.stringify(status)).not.toContain(orgB);
  });

  it('shows org A’s incidents and maintenance on the services it sees, naming only those', async () => {
    const notices = await core.read(orgNotices, clientA, { orgId: orgA });
    expect(notices.incidents.map((i) => [i.title, i.services])).toEqual([['Acme reports are late', ['Acme reporting']]]);
    expect(notices.maintenance.map((w) => [w.title, w.services])).toEqual([['Reporting upgrade', ['Acme reporting', 'Public API']]]);
    // The public page names the public service only, and has no private incident.
    const publicOnes = await core.read(publicNotices, systemActor('host', 'web', 'test'), {});
    expect(publicOnes.incidents).toEqual([]);
    expect(publicOnes.maintenance.map((w) => w.services)).toEqual([['Public API']]);
  });

  it('a client of org B sees nothing of org A’s page: NOT_FOUND exactly as for an org that does not exist', async () => {
    const notFound = { code: 'NOT_FOUND', message: 'organisation not found' };
    await expect(core.read(orgStatus, clientB, { orgId: orgA })).rejects.toMatchObject(notFound);
    await expect(core.read(orgNotices, clientB, { orgId: orgA })).rejects.toMatchObject(notFound);
    await expect(core.read(followOrgStatus, clientB, { orgId: orgA })).rejects.toMatchObject(notFound);
    await expect(core.read(orgStatus, clientB, { orgId: randomUUID() })).rejects.toMatchObject(notFound);
    await expect(core.read(orgStatus, clientB, { orgId: 'not-an-id' })).rejects.toMatchObject(notFound);
    // The provider's own org has no status page.
    await expect(core.read(orgStatus, agent, { orgId: core.providerId! })).rejects.toMatchObject(notFound);
    // B's own page: B's ledger and the public API, never A's reporting (its name, state or availability).
    const own = await core.read(orgStatus, clientB, { orgId: orgB });
    expect(own.services.map((s) => s.name)).toEqual(['Globex ledger', 'Public API']);
    const ownNotices = await core.read(orgNotices, clientB, { orgId: orgB });
    expect(ownNotices.incidents.map((i) => i.title)).toEqual(['Ledger outage']);
    expect(ownNotices.maintenance.map((w) => w.services)).toEqual([['Public API']]);
    const text = JSON.stringify([own, ownNotices]);
    for (const secret of ['Acme reporting', ids.reporting!, ids.incident!, 'Acme reports are late']) expect(text).not.toContain(secret);
  });

  it('provider staff read any client org’s page, as that org sees it', async () => {
    expect((await core.read(orgStatus, agent, { orgId: orgA })).services.map((s) => s.name)).toEqual(['Acme reporting', 'Public API']);
    expect((await core.read(orgStatus, agent, { orgId: orgB })).services.map((s) => s.name)).toEqual(['Globex ledger', 'Public API']);
    const followed = await core.read(followOrgStatus, agent, { orgId: orgA });
    expect(followed.subject).toEqual({ orgId: orgA });
    expect(() => followed.stillAllowed(clientB)).toThrow('organisation not found');
    expect(() => followed.stillAllowed(clientA)).not.toThrow();
  });

  it('leaves the public page as it was: public services only', async () => {
    const status = await core.read(publicStatus, clientA, {});
    expect(status.services.map((s) => s.name)).toEqual(['Public API']);
  });
});
