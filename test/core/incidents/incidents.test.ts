/**
 * Incidents and maintenance in the core: who is told and who sees, incidents that open by
 * themselves when a paging alarm on a public service stays unacknowledged, and maintenance windows
 * (by hand and from announced releases) that hold paging and release it at their end.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents } from '../../../db/schema.ts';
import { acknowledgeAlarm, createEscalationPolicy, setAlarmRoute } from '../../../core/alarms/index.ts';
import { cancelRelease, createAndAnnounceRelease, rescheduleRelease } from '../../../core/announcements/index.ts';
import type { PersonActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import {
  cancelMaintenance,
  declareIncident,
  getIncident,
  getMaintenanceWindow,
  listIncidents,
  listMaintenanceWindows,
  postIncidentUpdate,
  scheduleMaintenance,
} from '../../../core/incidents/index.ts';
import { createService, setServiceAlarmMatches } from '../../../core/status/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf, operator, startCore } from '../../support/core.ts';
import { makeClientOrg, makePerson, type MadePerson } from '../../support/server.ts';
import { firing, ingest, makeAlarmSource } from '../../support/alarms.ts';
import { DAY, HOUR, MINUTE, releaseInput } from '../../support/announcements.ts';

describe.each(backends)('incidents and maintenance on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let agent: PersonActor;
  let po: PersonActor;
  let clientA: PersonActor;
  let clientB: PersonActor;
  let orgA: string;
  let orgB: string;
  let adminA: MadePerson;
  let ada: MadePerson;
  let publicApi: string;
  let privateA: string;
  let source: { id: string; name: string };

  const trail = async (action: string, subjectId?: string) =>
    core.database.db
      .select()
      .from(auditEvents)
      .where(subjectId ? and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)) : eq(auditEvents.action, action))
      .orderBy(asc(auditEvents.seq));
  const pagesOf = async (alarmId: string) => (await trail('alarm.page_sent', alarmId)).length;
  const pass = async (ms: number) => {
    clock.advance(ms);
    await core.timers.runDue();
  };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    agent = await actorOf(core, (await makePerson(core, core.providerId!, ['agent'])).id);
    po = await actorOf(core, (await makePerson(core, core.providerId!, ['product_owner'])).id);
    ada = await makePerson(core, core.providerId!, ['oncall'], { name: 'Ada', slack: { teamId: 'TPROV0001', userId: 'UADA00001' } });
    orgA = (await makeClientOrg(core, 'acme')).id;
    orgB = (await makeClientOrg(core, 'globex')).id;
    adminA = await makePerson(core, orgA, ['space_admin']);
    clientA = await actorOf(core, (await makePerson(core, orgA, ['contact'])).id);
    clientB = await actorOf(core, (await makePerson(core, orgB, ['contract_admin'])).id);
    publicApi = (await core.execute(createService, operator(), { name: 'Public API', isPublic: true, orgIds: [orgA] })).id;
    privateA = (await core.execute(createService, operator(), { name: 'Acme reporting', orgIds: [orgA] })).id;
    source = await makeAlarmSource(core);
    await core.execute(setServiceAlarmMatches, operator(), { serviceId: publicApi, matches: [{ sourceName: source.name, alarmService: 'api' }] });
    await core.execute(setServiceAlarmMatches, operator(), { serviceId: privateA, matches: [{ sourceName: source.name, alarmService: 'reporting' }] });
    const policy = await core.execute(createEscalationPolicy, operator(), { name: 'ada', steps: [{ target: { type: 'person', personId: ada.id }, waitMinutes: 30 }] });
    await core.execute(setAlarmRoute, operator(), { sourceName: source.name, policyId: policy.id });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('tells only the orgs that use an affected service, names its admins and owners, and hides it from other clients', async () => {
    const incident = await core.execute(declareIncident, agent, { title: 'Reports are slow', impact: 'minor', message: 'We are looking into it.', serviceIds: [privateA] });
    const notices = await trail('incident_notice.sent', incident.id);
    expect(notices.map((n) => n.orgId)).toEqual([orgA]);
    expect((notices[0]!.data as { recipients: string[] }).recipients).toEqual([adminA.id]);
    expect((await core.read(getIncident, clientA, { incidentId: incident.id })).services.map((s) => s.name)).toEqual(['Acme reporting']);
    await expect(core.read(getIncident, clientB, { incidentId: incident.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'incident not found' });
    expect((await core.read(listIncidents, clientB, {})).map((i) => i.id)).not.toContain(incident.id);
    await expect(core.execute(postIncidentUpdate, clientA, { incidentId: incident.id, status: 'identified', message: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await core.execute(postIncidentUpdate, agent, { incidentId: incident.id, status: 'identified', message: 'A slow query.' });
    await core.execute(postIncidentUpdate, agent, { incidentId: incident.id, status: 'resolved', message: 'Fixed.' });
    const view = await core.read(getIncident, clientA, { incidentId: incident.id });
    expect(view.updates.map((u) => u.status)).toEqual(['resolved', 'identified', 'investigating']);
    expect(view.resolvedAt).not.toBeNull();
    expect((await trail('incident_notice.sent', incident.id)).map((n) => (n.data as { notice: string }).notice)).toEqual(['opened', 'updated', 'resolved']);
    await expect(core.execute(postIncidentUpdate, agent, { incidentId: incident.id, status: 'monitoring', message: 'again' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('opens an incident by itself when a paging alarm on a public service stays unacknowledged, and not when it is acknowledged in time', async () => {
    const [acked] = await ingest(core, source, firing('api-1', { service: 'api' }));
    await pass(5 * MINUTE);
    await core.execute(acknowledgeAlarm, await actorOf(core, ada.id), { alarmId: acked!.alarmId! });
    // An alarm of a service that is not public opens nothing either.
    const [internal] = await ingest(core, source, firing('rep-1', { service: 'reporting' }));
    await pass(10 * MINUTE);
    expect(await trail('incident.declared')).toHaveLength(1); // the one declared above

    const [open] = await ingest(core, source, firing('api-2', { service: 'api' }));
    await pass(9 * MINUTE);
    expect(await trail('incident.declared')).toHaveLength(1);
    await pass(1 * MINUTE);
    const declared = await trail('incident.declared');
    expect(declared).toHaveLength(2);
    const auto = await core.read(getIncident, agent, { incidentId: declared[1]!.subjectId });
    expect(auto).toMatchObject({ origin: 'automatic', status: 'investigating', impact: 'major', alarmIds: [open!.alarmId] });
    expect(auto.services.map((s) => s.name)).toEqual(['Public API']);
    expect(internal!.alarmId).not.toBe(open!.alarmId);
    await core.execute(postIncidentUpdate, agent, { incidentId: auto.id, status: 'resolved', message: 'Recovered.' });
  });

  it('holds paging during a maintenance window, records the alarm with a note, and pages the still-open alarm at the end', async () => {
    const window = await core.execute(scheduleMaintenance, agent, {
      title: 'Database upgrade',
      startsAt: new Date(clock.now().getTime() + HOUR),
      endsAt: new Date(clock.now().getTime() + 3 * HOUR),
      serviceIds: [publicApi],
    });
    expect((await trail('maintenance_notice.sent', window.id)).map((n) => [n.orgId, (n.data as { notice: string }).notice])).toEqual([[orgA, 'scheduled']]);
    await pass(HOUR);
    expect((await core.read(getMaintenanceWindow, clientA, { windowId: window.id })).state).toBe('in_progress');
    const [held] = await ingest(core, source, firing('api-3', { service: 'api' }));
    const [other] = await ingest(core, source, firing('rep-2', { service: 'reporting' }));
    const triggered = (await trail('alarm.triggered', held!.alarmId!))[0]!.data as { paged: string[]; pagingHeldBy?: { id: string } };
    expect(triggered.paged).toEqual([]);
    expect(triggered.pagingHeldBy?.id).toBe(window.id);
    expect(await pagesOf(held!.alarmId!)).toBe(0);
    expect(await pagesOf(other!.alarmId!)).toBe(1); // another service pages as ever
    await pass(90 * MINUTE);
    expect(await pagesOf(held!.alarmId!)).toBe(0);
    expect(await trail('incident.declared')).toHaveLength(2); // a held alarm does not open an incident
    await pass(30 * MINUTE);
    expect(await pagesOf(held!.alarmId!)).toBe(1);
    const escalated = (await trail('alarm.escalated', held!.alarmId!))[0]!.data as { releasedFrom: string };
    expect(escalated.releasedFrom).toBe(window.id);
    expect((await trail('maintenance_notice.sent', window.id)).map((n) => (n.data as { notice: string }).notice)).toEqual(['scheduled', 'started', 'ended']);
    const [row] = await core.database.db.select().from(alarms).where(inArray(alarms.id, [held!.alarmId!]));
    expect(row!.pagingHeldBy).toBeNull();
  });

  it('a cancelled window pages what it held at once, and a client of another org does not see it', async () => {
    const window = await core.execute(scheduleMaintenance, agent, {
      title: 'Reporting move',
      startsAt: clock.now(),
      endsAt: new Date(clock.now().getTime() + 2 * HOUR),
      serviceIds: [privateA],
    });
    await core.timers.runDue();
    await expect(core.read(getMaintenanceWindow, clientB, { windowId: window.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await core.read(listMaintenanceWindows, clientB, {})).map((w) => w.id)).not.toContain(window.id);
    const [held] = await ingest(core, source, firing('rep-3', { service: 'reporting' }));
    expect(await pagesOf(held!.alarmId!)).toBe(0);
    await core.execute(cancelMaintenance, agent, { windowId: window.id, reason: 'postponed' });
    expect(await pagesOf(held!.alarmId!)).toBe(1);
  });

  it('a release with downtime gets a window over the public services; rescheduling moves it and cancelling removes it', async () => {
    const { release } = await core.execute(createAndAnnounceRelease, po, { release: releaseInput(clock.now(), 15 * DAY) });
    const [window] = (await core.read(listMaintenanceWindows, agent, {})).filter((w) => w.releaseId === release.id);
    expect(window).toMatchObject({ allPublic: true, startsAt: release.windowStart });
    expect(window!.services.map((s) => s.name)).toEqual(['Public API']);
    // Client B sees it: it covers a public service.
    expect((await core.read(getMaintenanceWindow, clientB, { windowId: window!.id })).services.map((s) => s.name)).toEqual(['Public API']);

    const windowStart = new Date(release.windowStart.getTime() + DAY);
    await core.execute(rescheduleRelease, po, { releaseId: release.id, windowStart, windowEnd: new Date(windowStart.getTime() + 2 * HOUR) });
    expect((await core.read(getMaintenanceWindow, agent, { windowId: window!.id })).startsAt).toEqual(windowStart);
    await core.execute(cancelRelease, po, { releaseId: release.id, reason: 'not ready' });
    expect((await core.read(getMaintenanceWindow, agent, { windowId: window!.id })).state).toBe('cancelled');
    expect((await core.read(listMaintenanceWindows, agent, {})).map((w) => w.id)).not.toContain(window!.id);
    expect((await trail('maintenance_notice.sent', window!.id)).map((n) => (n.data as { notice: string }).notice)).toEqual(['scheduled', 'rescheduled', 'cancelled']);
  });

  it('a release window starts and ends on the announcement’s own notice timers, holding paging in between', async () => {
    const { release } = await core.execute(createAndAnnounceRelease, po, { release: releaseInput(clock.now(), 15 * DAY) });
    const [window] = (await core.read(listMaintenanceWindows, agent, {})).filter((w) => w.releaseId === release.id);
    await pass(15 * DAY);
    expect((await core.read(getMaintenanceWindow, agent, { windowId: window!.id })).state).toBe('in_progress');
    const [held] = await ingest(core, source, firing('api-4', { service: 'api' }));
    expect(await pagesOf(held!.alarmId!)).toBe(0);
    await pass(2 * HOUR);
    expect((await core.read(getMaintenanceWindow, agent, { windowId: window!.id })).state).toBe('completed');
    expect(await pagesOf(held!.alarmId!)).toBe(1);
  });

  it('a window in force holds what its services cover now: a match added during it is held too', async () => {
    const window = await core.execute(scheduleMaintenance, agent, {
      title: 'API move',
      startsAt: clock.now(),
      endsAt: new Date(clock.now().getTime() + HOUR),
      serviceIds: [publicApi],
    });
    await core.timers.runDue();
    await core.execute(setServiceAlarmMatches, operator(), {
      serviceId: publicApi,
      matches: [
        { sourceName: source.name, alarmService: 'api' },
        { sourceName: source.name, alarmService: 'api-v2' },
      ],
    });
    const [held] = await ingest(core, source, firing('api-v2-1', { service: 'api-v2' }));
    expect(((await trail('alarm.triggered', held!.alarmId!))[0]!.data as { pagingHeldBy?: { id: string } }).pagingHeldBy?.id).toBe(window.id);
    expect(await pagesOf(held!.alarmId!)).toBe(0);
    await core.execute(cancelMaintenance, agent, { windowId: window.id });
    expect(await pagesOf(held!.alarmId!)).toBe(1);
  });
});
