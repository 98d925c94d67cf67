/**
 * A small world with one real row of every kind an ID argument of schema.graphql can name, for the
 * tests that walk the schema: client A's (and the provider's) rows, and client B's where a client
 * can own one. Built through the core commands, as any door would.
 */
import { eq } from 'drizzle-orm';
import { apiTokens } from '../../db/schema.ts';
import type { Core } from '../../core/core.ts';
import { decideAccess, requestAccess, setAccessEligibility } from '../../core/access/index.ts';
import { addOverride, createAlarmSource, createEscalationPolicy, createSchedule } from '../../core/alarms/index.ts';
import { announceRelease, createRelease } from '../../core/announcements/index.ts';
import { openTicket } from '../../core/tickets/index.ts';
import { createHeartbeat, createProbe, createService } from '../../core/status/index.ts';
import { quarantineMail } from '../../core/mail/index.ts';
import { declareIncident, scheduleMaintenance } from '../../core/incidents/index.ts';
import { startOrgExport } from '../../core/exports/index.ts';
import { systemActor } from '../../core/actor.ts';
import { operator } from './core.ts';
import { actorOf } from './tickets.ts';
import { firing, ingest } from './alarms.ts';
import { makePerson, makeTenants, type MadePerson } from './server.ts';

/** What an ID argument names. `staff` is a provider person; `person` a client person. */
export const ID_KINDS = ['org', 'person', 'staff', 'token', 'ticket', 'pendingRequest', 'grant', 'release', 'announcement', 'alarm', 'schedule', 'override', 'policy', 'mail', 'service', 'probe', 'heartbeat', 'incident', 'maintenance', 'orgExport'] as const;
export type IdKind = (typeof ID_KINDS)[number];
export type Ids = Record<IdKind, string>;

const DAY = 24 * 60 * 60 * 1000;

export interface World {
  tenants: Awaited<ReturnType<typeof makeTenants>>;
  engineer: MadePerson;
  approver: MadePerson;
  productOwner: MadePerson;
  oncall: MadePerson;
  /** Client A's rows, and the provider's (alarms, schedules, policies: no client owns one). */
  own: Ids;
  /** Client B's rows where a client can own one; the provider's rows otherwise, which B's people cannot see either. */
  other: Ids;
  /** A key of A's ticket, for ticketByKey. */
  ticketKey: string;
  alarmSource: string;
  /** Names and words of B that nothing shown to A may contain. */
  secretsOfB: string[];
}

export async function buildWorld(core: Core): Promise<World> {
  const tenants = await makeTenants(core);
  const { a, b, aContact, aAdmin, bContact, bAdmin } = tenants;
  const provider = core.providerId!;
  const engineer = await makePerson(core, provider, ['agent'], { name: 'World Engineer' });
  const approver = await makePerson(core, provider, ['access_approver'], { name: 'World Approver' });
  const productOwner = await makePerson(core, provider, ['product_owner'], { name: 'World Product Owner' });
  const oncall = await makePerson(core, provider, ['oncall'], { name: 'World On-call' });
  await core.execute(setAccessEligibility, operator(), { personId: engineer.id, eligible: true });

  const tokenOf = async (personId: string) => (await core.database.db.select().from(apiTokens).where(eq(apiTokens.personId, personId)))[0]!.id;
  const ticketOf = async (person: MadePerson, orgId: string, title: string) =>
    core.execute(openTicket, await actorOf(core, person.id), { orgId, title });
  const ticketA = await ticketOf(aContact, a.id, 'World ticket of A');
  const ticketB = await ticketOf(bContact, b.id, 'World ticket of B, secret beta');

  const ask = async (orgId: string, ticketId: string) =>
    core.execute(requestAccess, await actorOf(core, engineer.id), { orgId, ticketId, reason: 'check the reports', scope: 'reporting database, read only', durationMinutes: 240 });
  const grant = async (orgId: string, ticketId: string, clientAdmin: MadePerson) => {
    const request = await ask(orgId, ticketId);
    await core.execute(decideAccess, await actorOf(core, approver.id), { requestId: request.id, decision: 'APPROVE' });
    return core.execute(decideAccess, await actorOf(core, clientAdmin.id), { requestId: request.id, decision: 'APPROVE' });
  };

  const owner = await actorOf(core, productOwner.id);
  let version = 0;
  const announced = async (orgId: string) => {
    const windowStart = new Date(core.clock.now().getTime() + 30 * DAY + version * DAY);
    const release = await core.execute(createRelease, owner, {
      version: `4.${++version}.0`,
      title: `World release ${version}`,
      changeLog: '- things',
      windowStart,
      windowEnd: new Date(windowStart.getTime() + 2 * 60 * 60 * 1000),
    });
    const { announcement } = await core.execute(announceRelease, owner, { releaseId: release.id, orgIds: [orgId] });
    return { release: release.id, announcement: announcement.id };
  };
  const toA = await announced(a.id);
  const toB = await announced(b.id);

  const source = await core.execute(createAlarmSource, operator(), { name: 'world-monitor' });
  const [alarm] = await ingest(core, source, firing('world-disk'));
  const schedule = await core.execute(createSchedule, operator(), { name: 'world rotation', timeZone: 'Europe/Stockholm', startDate: '2026-01-05', members: [oncall.id] });
  const start = new Date(core.clock.now().getTime() + 100 * DAY);
  const override = await core.execute(addOverride, operator(), { scheduleId: schedule.id, personId: oncall.id, startsAt: start, endsAt: new Date(start.getTime() + DAY) });
  const policy = await core.execute(createEscalationPolicy, operator(), { name: 'world policy', steps: [{ target: { type: 'channel' } }] });

  const held = await core.execute(quarantineMail, systemActor('email', 'email', 'world'), {
    reason: 'no Authentication-Results from mx.world.example',
    mail: { messageId: 'world-mail@mail.example', source: 'world', from: 'someone@world.example', fromName: null, recipients: [], subject: 'World mail', text: 'hello', attachments: [], references: [], authenticationResults: [], size: 100 },
  });
  // A private service of each client; the checks are the provider's (no client sees one).
  const serviceA = await core.execute(createService, operator(), { name: 'World service of A', orgIds: [a.id] });
  const serviceB = await core.execute(createService, operator(), { name: 'World service of B, secret beta', orgIds: [b.id] });
  const probe = await core.execute(createProbe, operator(), { serviceId: serviceA.id, name: 'world probe', url: 'http://127.0.0.1:9/health', intervalSeconds: 60 });
  const { heartbeat } = await core.execute(createHeartbeat, operator(), { serviceId: serviceA.id, name: 'world heartbeat', intervalSeconds: 3600 });
  // An incident and a maintenance window of each client's private service.
  const incidentOf = (serviceId: string, title: string) =>
    core.execute(declareIncident, operator(), { title, impact: 'minor', message: 'looking into it', serviceIds: [serviceId] });
  const windowOf = (serviceId: string, title: string) =>
    core.execute(scheduleMaintenance, operator(), { title, startsAt: new Date(Date.now() + 30 * DAY), endsAt: new Date(Date.now() + 31 * DAY), serviceIds: [serviceId] });
  const incidentA = await incidentOf(serviceA.id, 'World incident of A');
  const incidentB = await incidentOf(serviceB.id, 'World incident of B, secret beta');
  const windowA = await windowOf(serviceA.id, 'World window of A');
  const windowB = await windowOf(serviceB.id, 'World window of B, secret beta');
  // A back-up of each client, asked for by its admin (queued: tests that need it written run the timers).
  const exportOf = async (orgId: string, admin: MadePerson) => (await core.execute(startOrgExport, await actorOf(core, admin.id), { orgId })).id;
  const providerRows = { alarm: alarm!.alarmId!, schedule: schedule.id, override: override.id, policy: policy.id, mail: held.id, probe: probe.id, heartbeat: heartbeat.id };
  const own: Ids = {
    org: a.id,
    person: aContact.id,
    staff: engineer.id,
    token: await tokenOf(aContact.id),
    ticket: ticketA.id,
    pendingRequest: (await ask(a.id, ticketA.id)).id,
    grant: (await grant(a.id, ticketA.id, aAdmin)).id,
    release: toA.release,
    announcement: toA.announcement,
    service: serviceA.id,
    incident: incidentA.id,
    maintenance: windowA.id,
    orgExport: await exportOf(a.id, aAdmin),
    ...providerRows,
  };
  const other: Ids = {
    org: b.id,
    person: bContact.id,
    staff: bAdmin.id,
    token: await tokenOf(bContact.id),
    ticket: ticketB.id,
    pendingRequest: (await ask(b.id, ticketB.id)).id,
    grant: (await grant(b.id, ticketB.id, bAdmin)).id,
    release: toB.release,
    announcement: toB.announcement,
    service: serviceB.id,
    incident: incidentB.id,
    maintenance: windowB.id,
    orgExport: await exportOf(b.id, bAdmin),
    ...providerRows,
  };
  return {
    tenants,
    engineer,
    approver,
    productOwner,
    oncall,
    own,
    other,
    ticketKey: ticketA.key,
    alarmSource: source.name,
    secretsOfB: [b.name, b.slug, bContact.name, bAdmin.name, ticketB.key, 'secret beta'],
  };
}
