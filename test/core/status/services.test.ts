import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema.ts';
import type { PersonActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import {
  archiveService,
  createService,
  getService,
  listServices,
  serviceAvailability,
  serviceChecks,
  setServiceAlarmMatches,
  setServiceOrgs,
  updateService,
} from '../../../core/status/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf, startCore } from '../../support/core.ts';
import { makeClientOrg, makePerson } from '../../support/server.ts';
import { firing, ingest, makeAlarmSource } from '../../support/alarms.ts';

describe.each(backends)('services and who sees them on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let admin: PersonActor;
  let agent: PersonActor;
  let clientA: PersonActor;
  let clientB: PersonActor;
  let orgA: string;
  let orgB: string;
  let publicId: string;
  let sharedId: string;
  let privateA: string;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const names = async (actor: PersonActor) => (await core.read(listServices, actor, {})).map((s) => s.name);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    admin = await actorOf(core, (await makePerson(core, core.providerId!, ['admin'])).id);
    agent = await actorOf(core, (await makePerson(core, core.providerId!, ['agent'])).id);
    orgA = (await makeClientOrg(core, 'acme')).id;
    orgB = (await makeClientOrg(core, 'globex')).id;
    clientA = await actorOf(core, (await makePerson(core, orgA, ['contact'])).id);
    clientB = await actorOf(core, (await makePerson(core, orgB, ['contract_admin'])).id);
    publicId = (await core.execute(createService, admin, { name: 'Public API', isPublic: true })).id;
    sharedId = (await core.execute(createService, admin, { name: 'Console', description: 'The web console' })).id;
    privateA = (await core.execute(createService, admin, { name: 'Acme reporting', orgIds: [orgA] })).id;
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('provider staff see every service with the orgs that use it; a client sees the public ones and their own org’s', async () => {
    expect(await names(agent)).toEqual(['Acme reporting', 'Console', 'Public API']);
    expect((await core.read(getService, agent, { serviceId: privateA })).orgIds).toEqual([orgA]);
    expect(await names(clientA)).toEqual(['Acme reporting', 'Console', 'Public API']);
    // A client is not told which other orgs use a service.
    expect((await core.read(getService, clientA, { serviceId: privateA })).orgIds).toEqual([]);
    expect(await names(clientB)).toEqual(['Console', 'Public API']);
  });

  it('a client of org B sees nothing of org A’s private service: not its name, its state, its availability or its checks', async () => {
    const notFound = { code: 'NOT_FOUND', message: 'service not found' };
    await expect(core.read(getService, clientB, { serviceId: privateA })).rejects.toMatchObject(notFound);
    await expect(
      core.read(serviceAvailability, clientB, { serviceId: privateA, from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z' }),
    ).rejects.toMatchObject(notFound);
    await expect(core.read(serviceChecks, clientB, { serviceId: privateA })).rejects.toMatchObject(notFound);
    await expect(core.execute(updateService, clientB, { serviceId: privateA, name: 'mine now' })).rejects.toMatchObject(notFound);
    // The same answer as for a service that does not exist.
    await expect(core.read(getService, clientB, { serviceId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject(notFound);
  });

  it('clients never see probes or heartbeats, and only provider admins manage services', async () => {
    await expect(core.read(serviceChecks, clientA, { serviceId: privateA })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(createService, clientA, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(createService, agent, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'only provider admins may do this (manage services)' });
    await expect(core.execute(updateService, clientA, { serviceId: privateA, name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(createService, admin, { name: 'Console' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(core.execute(setServiceOrgs, admin, { serviceId: privateA, orgIds: [core.providerId!] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('opening a private service to every org shows it to client B; narrowing it again hides it, each change on the trail', async () => {
    await core.execute(setServiceOrgs, admin, { serviceId: privateA, orgIds: null });
    expect(await names(clientB)).toContain('Acme reporting');
    await core.execute(setServiceOrgs, admin, { serviceId: privateA, orgIds: [orgA] });
    expect(await names(clientB)).not.toContain('Acme reporting');
    const trail = await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, privateA)).orderBy(asc(auditEvents.seq));
    expect(trail.map((e) => e.action)).toEqual(['service.created', 'service.orgs_set', 'service.orgs_set']);
    expect(trail.every((e) => e.orgId === null && e.chainId === core.providerId)).toBe(true);
    expect(trail[1]!.data).toMatchObject({ orgIds: null, previous: { orgIds: [orgA] } });
  });

  it('a service is degraded while an alarm matched to it (by source or service value) is open, and operational with no checks down', async () => {
    const source = await makeAlarmSource(core, 'prometheus');
    await core.execute(setServiceAlarmMatches, admin, { serviceId: sharedId, matches: [{ alarmService: 'console' }] });
    await expect(core.execute(setServiceAlarmMatches, admin, { serviceId: publicId, matches: [{ alarmService: 'console' }] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await core.read(getService, clientB, { serviceId: sharedId })).state).toBe('unknown');
    await ingest(core, source, firing('console-5xx', { service: 'console' }));
    expect((await core.read(getService, clientB, { serviceId: sharedId })).state).toBe('degraded');
    expect((await core.read(getService, clientB, { serviceId: publicId })).state).toBe('unknown');
    await ingest(core, source, firing('console-5xx', { service: 'console', status: 'resolved' }));
    expect((await core.read(getService, clientB, { serviceId: sharedId })).state).toBe('unknown');
  });

  it('an archived service leaves every list and every read', async () => {
    const { id } = await core.execute(createService, admin, { name: 'Legacy', isPublic: true });
    await core.execute(archiveService, admin, { serviceId: id });
    expect(await names(agent)).not.toContain('Legacy');
    await expect(core.read(getService, agent, { serviceId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Its name is free again.
    await core.execute(createService, admin, { name: 'Legacy' });
  });
});
