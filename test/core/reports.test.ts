import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, alarmSources, tickets } from '../../db/schema.ts';
import type { PersonActor } from '../../core/actor.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { monthRange, percentileCont, slaReport } from '../../core/reports/index.ts';
import { createProbe, createService, setServiceAlarmMatches, setServiceOrgs, STATUS_ALARM_SOURCE } from '../../core/status/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { actorOf, operator, startCore } from '../support/core.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';

/**
 * A fixed history of November 2026 (Europe/Stockholm: 2026-10-31T23:00Z to 2026-11-30T23:00Z), read
 * on 2026-11-25T12:00Z. Org A's tickets (opened → first response, due time):
 *   1 URGENT 11-02 10:00, responded +600 s, due +30 min            met
 *   2 URGENT 11-03 10:00, responded +3600 s, breach recorded        breached
 *   3 URGENT 11-04 10:00, responded +1200 s                         met
 *   4 URGENT 11-05 10:00, responded +300 s                          met
 *   5 HIGH   11-10 09:00, responded +10800 s, due 11-12             met
 *   6 HIGH   11-20 09:00, no response, due 11-24 09:00 (passed; the timer has not fired) breached
 *   7 MEDIUM 11-24 09:00, no response, due 12-08                    pending
 *   8 LOW    11-11 09:00, responded +7200 s                         no target
 *   9 none   11-12 09:00, responded +1800 s                         (not agreed)
 *  10 HIGH   11-13 08:00, responded +1800 s, agreed at +3600 s (no due time) met
 *  11 LOW    10-31 23:30Z (= 11-01 00:30 in Stockholm), no response no target
 *  out: an URGENT ticket at 10-31 22:30Z (October in Stockholm), and org B's ticket.
 * URGENT waits 300, 600, 1200, 3600: median (600+1200)/2 = 900; p90 at 0.9·3 = 2.7 → 1200 + 0.7·2400 = 2880; 3 of 4 met.
 * HIGH waits 1800, 10800: median 6300; p90 at 0.9 → 1800 + 0.9·9000 = 9900; 2 met, 1 breached.
 * All: 300 600 1200 1800 1800 3600 7200 10800: median 1800; p90 at 6.3 → 7200 + 0.3·3600 = 8280; 5 met, 2 breached.
 *
 * Alarms (time to acknowledge, to resolve, escalation steps):
 *   a1 api     11-02  ack 60   resolved 600 (root cause)      step 0   → A and B (API is every org's)
 *   a2 api     11-03  ack 300  resolved 10800, DR, no cause   step 2   → A and B
 *   a3 api     11-04  ack 120  open                           step 1   → A and B
 *   a4 bsource 11-05  ack 30   resolved 60, no cause          step 0   → B only (B's private service)
 *   a5 other   11-06  open, not acknowledged                  step 0   → nobody's service
 *   a7 probe   11-07  ack 600  resolved 900 (root cause)      step 0   → A only (A's web service probe)
 *   a6 api     10-15                                                     → not this month
 * A: acks 60 120 300 600: median 210, p90 at 2.7 → 300 + 0.7·300 = 510; resolves 600 900 10800: median 900, p90 at 1.8 → 900 + 0.8·9900 = 8820.
 * Provider-wide: acks 30 60 120 300 600: median 120, p90 at 3.6 → 300 + 0.6·300 = 480;
 *   resolves 60 600 900 10800: median 750, p90 at 2.7 → 900 + 0.7·9900 = 7830.
 */
describe.each(backends)('the SLA report of an org and month on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let orgA: string;
  let orgB: string;
  let adminA: PersonActor;
  let contactA: PersonActor;
  let adminB: PersonActor;
  let agent: PersonActor;
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  const t = (iso: string, plusSeconds = 0) => new Date(new Date(iso).getTime() + plusSeconds * 1000);
  let number = 0;

  async function ticket(orgId: string, fields: Partial<typeof tickets.$inferInsert> & { createdAt: Date }) {
    number += 1;
    await core.database.db.insert(tickets).values({
      orgId,
      number,
      key: `T-${number}`,
      title: `Ticket ${number}`,
      description: '',
      kind: 'incident',
      initiatorId: randomUUID(),
      status: fields.firstResponseAt ? 'IN_PROGRESS' : 'RECEIVED',
      ...fields,
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    orgA = (await makeClientOrg(core, 'acme')).id;
    orgB = (await makeClientOrg(core, 'beta')).id;
    adminA = await actorOf(core, (await makePerson(core, orgA, ['contract_admin'])).id);
    contactA = await actorOf(core, (await makePerson(core, orgA, ['contact'])).id);
    adminB = await actorOf(core, (await makePerson(core, orgB, ['space_admin'])).id);
    agent = await actorOf(core, (await makePerson(core, core.providerId!, ['agent'])).id);

    const urgent = (start: string, wait: number, breached = false) =>
      ticket(orgA, {
        createdAt: t(start),
        severity: 'URGENT',
        severityAgreedAt: t(start),
        slaDueAt: t(start, 1800),
        slaBreachedAt: breached ? t(start, 1800) : null,
        firstResponseAt: t(start, wait),
      });
    await urgent('2026-11-02T10:00:00Z', 600);
    await urgent('2026-11-03T10:00:00Z', 3600, true);
    await urgent('2026-11-04T10:00:00Z', 1200);
    await urgent('2026-11-05T10:00:00Z', 300);
    await ticket(orgA, { createdAt: t('2026-11-10T09:00:00Z'), severity: 'HIGH', severityAgreedAt: t('2026-11-10T09:00:00Z'), slaDueAt: t('2026-11-12T09:00:00Z'), firstResponseAt: t('2026-11-10T09:00:00Z', 10800) });
    await ticket(orgA, { createdAt: t('2026-11-20T09:00:00Z'), severity: 'HIGH', severityAgreedAt: t('2026-11-20T09:00:00Z'), slaDueAt: t('2026-11-24T09:00:00Z') });
    await ticket(orgA, { createdAt: t('2026-11-24T09:00:00Z'), severity: 'MEDIUM', severityAgreedAt: t('2026-11-24T09:00:00Z'), slaDueAt: t('2026-12-08T09:00:00Z') });
    await ticket(orgA, { createdAt: t('2026-11-11T09:00:00Z'), severity: 'LOW', severityAgreedAt: t('2026-11-11T09:00:00Z'), firstResponseAt: t('2026-11-11T09:00:00Z', 7200) });
    await ticket(orgA, { createdAt: t('2026-11-12T09:00:00Z'), firstResponseAt: t('2026-11-12T09:00:00Z', 1800) });
    await ticket(orgA, { createdAt: t('2026-11-13T08:00:00Z'), severity: 'HIGH', severityAgreedAt: t('2026-11-13T08:00:00Z', 3600), firstResponseAt: t('2026-11-13T08:00:00Z', 1800) });
    await ticket(orgA, { createdAt: t('2026-10-31T23:30:00Z'), severity: 'LOW', severityAgreedAt: t('2026-10-31T23:30:00Z') });
    await ticket(orgA, { createdAt: t('2026-10-31T22:30:00Z'), severity: 'URGENT', severityAgreedAt: t('2026-10-31T22:30:00Z'), slaDueAt: t('2026-10-31T23:00:00Z'), slaBreachedAt: t('2026-10-31T23:00:00Z') });
    await ticket(orgB, { createdAt: t('2026-11-02T10:00:00Z'), severity: 'URGENT', severityAgreedAt: t('2026-11-02T10:00:00Z'), slaDueAt: t('2026-11-02T10:30:00Z'), slaBreachedAt: t('2026-11-02T10:30:00Z') });

    // Services: API is every org's, matched by the alarm service "api"; B's private one by its source; A's web service by its probe.
    const api = await core.execute(createService, operator(), { name: 'API', isPublic: true });
    await core.execute(setServiceAlarmMatches, operator(), { serviceId: api.id, matches: [{ alarmService: 'api' }] });
    const privateB = await core.execute(createService, operator(), { name: 'B reports' });
    await core.execute(setServiceOrgs, operator(), { serviceId: privateB.id, orgIds: [orgB] });
    await core.execute(setServiceAlarmMatches, operator(), { serviceId: privateB.id, matches: [{ sourceName: 'bsource' }] });
    const web = await core.execute(createService, operator(), { name: 'A web' });
    await core.execute(setServiceOrgs, operator(), { serviceId: web.id, orgIds: [orgA] });
    const probe = await core.execute(createProbe, operator(), { serviceId: web.id, name: 'home', url: 'http://127.0.0.1:9/', intervalSeconds: 60 });

    const [grafana] = await core.database.db.insert(alarmSources).values({ name: 'grafana', secretHash: 'x' }).returning();
    const [bsource] = await core.database.db.insert(alarmSources).values({ name: 'bsource', secretHash: 'x' }).returning();
    const [status] = await core.database.db.insert(alarmSources).values({ name: STATUS_ALARM_SOURCE, secretHash: 'x' }).returning();
    const alarm = async (
      sourceId: string,
      fingerprint: string,
      service: string | null,
      at: string,
      o: { ack?: number; resolved?: number; step?: number; dr?: boolean; rootCause?: string } = {},
    ) =>
      core.database.db.insert(alarms).values({
        sourceId,
        fingerprint,
        summary: fingerprint,
        severity: 'critical',
        service,
        state: o.resolved !== undefined ? 'RESOLVED' : o.ack !== undefined ? 'ACKNOWLEDGED' : 'TRIGGERED',
        triggeredAt: t(at),
        lastSeenAt: t(at),
        escalation: { policyId: null, name: 'default', steps: [], repeat: 0 },
        escalationStep: o.step ?? 0,
        acknowledgedAt: o.ack !== undefined ? t(at, o.ack) : null,
        resolvedAt: o.resolved !== undefined ? t(at, o.resolved) : null,
        rootCause: o.rootCause ?? null,
        disasterRecoveryAt: o.dr ? t(at, 7200) : null,
      });
    await alarm(grafana!.id, 'a1', 'api', '2026-11-02T10:00:00Z', { ack: 60, resolved: 600, rootCause: 'disk' });
    await alarm(grafana!.id, 'a2', 'api', '2026-11-03T10:00:00Z', { ack: 300, resolved: 10800, step: 2, dr: true });
    await alarm(grafana!.id, 'a3', 'api', '2026-11-04T10:00:00Z', { ack: 120, step: 1 });
    await alarm(bsource!.id, 'a4', null, '2026-11-05T10:00:00Z', { ack: 30, resolved: 60 });
    await alarm(grafana!.id, 'a5', 'other', '2026-11-06T10:00:00Z');
    await alarm(status!.id, `probe:${probe.id}`, 'A web', '2026-11-07T10:00:00Z', { ack: 600, resolved: 900, rootCause: 'deploy' });
    await alarm(grafana!.id, 'a6', 'api', '2026-10-15T10:00:00Z', { ack: 10, resolved: 20 });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('counts the month in Stockholm time, and percentiles the way percentile_cont does', () => {
    expect(monthRange('2026-11', 'Europe/Stockholm')).toMatchObject({ from: new Date('2026-10-31T23:00:00Z'), to: new Date('2026-11-30T23:00:00Z') });
    expect(monthRange('2026-07', 'Europe/Stockholm')).toMatchObject({ from: new Date('2026-06-30T22:00:00Z'), to: new Date('2026-07-31T22:00:00Z') });
    expect(monthRange('2026-12', 'Europe/Stockholm').to).toEqual(new Date('2026-12-31T23:00:00Z'));
    expect(percentileCont([1, 2, 3, 10], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3, 10], 0.9)).toBeCloseTo(7.9, 10);
    expect(percentileCont([], 0.5)).toBeNull();
  });

  it('gives the hand-computed ticket figures per severity, the total and the breaches', async () => {
    const report = await core.read(slaReport, agent, { orgId: orgA, month: '2026-11' });
    expect(report).toMatchObject({ month: '2026-11', timeZone: 'Europe/Stockholm', complete: false, from: new Date('2026-10-31T23:00:00Z') });
    const by = Object.fromEntries(report.severities.map((s) => [s.severity, s]));
    expect(by.URGENT).toMatchObject({ opened: 4, responded: 4, responseMedianSeconds: 900, met: 3, breached: 1, pending: 0, noTarget: 0, metRatio: 0.75, target: { minutes: 30, clock: 'continuous' } });
    expect(by.URGENT!.responseP90Seconds).toBeCloseTo(2880, 6);
    expect(by.HIGH).toMatchObject({ opened: 3, responded: 2, responseMedianSeconds: 6300, met: 2, breached: 1, target: { minutes: 18 * 60, clock: 'working' } });
    expect(by.HIGH!.responseP90Seconds).toBeCloseTo(9900, 6);
    expect(by.HIGH!.metRatio).toBeCloseTo(2 / 3, 10);
    expect(by.MEDIUM).toMatchObject({ opened: 1, responded: 0, responseMedianSeconds: null, pending: 1, metRatio: null });
    expect(by.LOW).toMatchObject({ opened: 2, responded: 1, responseMedianSeconds: 7200, responseP90Seconds: 7200, noTarget: 2, metRatio: null, target: { minutes: null } });
    expect(by.NONE).toMatchObject({ opened: 1, responded: 1, responseMedianSeconds: 1800, met: 0, breached: 0, pending: 0, noTarget: 0, target: null });
    expect(report.total).toMatchObject({ opened: 11, responded: 8, responseMedianSeconds: 1800, met: 5, breached: 2, pending: 1, noTarget: 2 });
    expect(report.total.responseP90Seconds).toBeCloseTo(8280, 6);
    expect(report.total.metRatio).toBeCloseTo(5 / 7, 10);
    expect(report.breaches.map((b) => [b.severity, b.openedAt.toISOString(), b.breachedAt?.toISOString() ?? null])).toEqual([
      ['URGENT', '2026-11-03T10:00:00.000Z', '2026-11-03T10:30:00.000Z'],
      ['HIGH', '2026-11-20T09:00:00.000Z', null],
    ]);
  });

  it("gives the alarms of the org's services, and the provider-wide figures to staff only", async () => {
    const report = await core.read(slaReport, agent, { orgId: orgA, month: '2026-11' });
    expect(report.alarms).toMatchObject({ triggered: 4, acknowledged: 4, ackMedianSeconds: 210, resolved: 3, resolveMedianSeconds: 900, escalated: 2, escalations: 3, disasterRecoveries: 1, followUpsOpen: 1 });
    expect(report.alarms.ackP90Seconds).toBeCloseTo(510, 6);
    expect(report.alarms.resolveP90Seconds).toBeCloseTo(8820, 6);
    expect(report.providerAlarms).toMatchObject({ triggered: 6, acknowledged: 5, ackMedianSeconds: 120, resolved: 4, resolveMedianSeconds: 750, escalated: 2, escalations: 3, disasterRecoveries: 1, followUpsOpen: 2 });
    expect(report.providerAlarms!.ackP90Seconds).toBeCloseTo(480, 6);
    expect(report.providerAlarms!.resolveP90Seconds).toBeCloseTo(7830, 6);

    const forB = await core.read(slaReport, adminB, { orgId: orgB, month: '2026-11' });
    expect(forB.alarms).toMatchObject({ triggered: 4, acknowledged: 4, resolved: 3, followUpsOpen: 2 });
    expect(forB.providerAlarms).toBeNull();
    expect(forB.total).toMatchObject({ opened: 1, breached: 1 });
  });

  it("lets a client admin read their own org's report, and nobody else's", async () => {
    const own = await core.read(slaReport, adminA, { orgId: orgA, month: '2026-11' });
    expect(own.total.opened).toBe(11);
    expect(own.providerAlarms).toBeNull();
    await expect(core.read(slaReport, adminB, { orgId: orgA, month: '2026-11' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'organisation not found' });
    await expect(core.read(slaReport, contactA, { orgId: orgA, month: '2026-11' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.read(slaReport, agent, { orgId: core.providerId!, month: '2026-11' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(slaReport, agent, { orgId: randomUUID(), month: '2026-11' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(slaReport, agent, { orgId: orgA, month: '2026-13' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('shows an empty month as zeros and nulls', async () => {
    const report = await core.read(slaReport, agent, { orgId: orgA, month: '2026-09' });
    expect(report).toMatchObject({ complete: true, breaches: [], total: { opened: 0, responseMedianSeconds: null, metRatio: null } });
    expect(report.alarms).toMatchObject({ triggered: 0, ackMedianSeconds: null, resolveP90Seconds: null, escalations: 0 });
  });
});
