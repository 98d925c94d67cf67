/**
 * Offboarding: `removePerson` ends a membership; with the last one it revokes the person's tokens and
 * unlinks their Slack identities, while their history stays attributed. And a member acts and reads
 * only while they hold a role.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, memberships, slackIdentities, tickets } from '../../db/schema.ts';
import {
  actorOfPerson,
  addPerson,
  bearerOfToken,
  listPeople,
  personOfSlackUser,
  registerSlackUser,
  removePerson,
  setRoles,
} from '../../core/directory/index.ts';
import { systemActor, type PersonActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { commentOnTicket, getTicket, openTicket } from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { claimWorkspace, linkSlackChannel, makePerson, makeTenants } from '../support/server.ts';

describe.each(backends)('removing a person on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let t: Awaited<ReturnType<typeof makeTenants>>;
  const as = async (personId: string) => (await core.read(actorOfPerson, operator(), { personId, door: 'graphql', requestId: 'req' })) as PersonActor;
  const personOfSlack = (teamId: string, userId: string) => core.read(personOfSlackUser, systemActor('slack', 'slack', 'req'), { teamId, userId });
  const tokensOf = (personId: string) =>
    core.database.db.select().from(apiTokens).where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)));

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
    t = await makeTenants(core);
    await linkSlackChannel(core, t.a.id, 'TPROV', 'CSHAREDA');
    await claimWorkspace(core, t.a.id, 'TACME');
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('lets a client admin remove their own org’s person: membership gone, tokens revoked, Slack unlinked, history kept', async () => {
    const leaver = await makePerson(core, t.a.id, ['contact'], { name: 'Lea Leaver', slack: { teamId: 'TACME', userId: 'ULEAVER' } });
    const ticket = await core.execute(openTicket, await as(leaver.id), { orgId: t.a.id, title: 'Leaving soon' });
    await core.execute(commentOnTicket, await as(leaver.id), { ticketId: ticket.id, body: 'handing over' });

    await core.execute(removePerson, await as(t.aAdmin.id), { orgId: t.a.id, personId: leaver.id, reason: 'left the company' });

    expect(await core.database.db.select().from(memberships).where(eq(memberships.personId, leaver.id))).toEqual([]);
    expect(await tokensOf(leaver.id)).toEqual([]);
    expect(await core.read(bearerOfToken, systemActor('host', 'graphql', 'req'), { secret: leaver.token, door: 'graphql', requestId: 'req' })).toBeNull();
    expect(await personOfSlack('TACME', 'ULEAVER')).toBeNull();
    // Their ticket still names them as its initiator.
    const kept = await core.read(getTicket, await as(t.aAdmin.id), { id: ticket.id });
    expect(kept.initiatorId).toBe(leaver.id);
    const trail = await core.database.db.select().from(auditEvents).where(and(eq(auditEvents.chainId, t.a.id), eq(auditEvents.subjectId, leaver.id)));
    expect(trail.map((e) => e.action)).toContain('person.removed');
    expect(trail.find((e) => e.action === 'person.removed')!.data).toMatchObject({ name: 'Lea Leaver', reason: 'left the company', unlinkedSlack: [{ teamId: 'TACME', userId: 'ULEAVER' }] });
    expect((await core.read(listPeople, await as(t.aAdmin.id), { orgId: t.a.id })).map((p: { id: string }) => p.id)).not.toContain(leaver.id);
  });

  it('does not let a removed Slack user register themselves again, but lets an admin add them back', async () => {
    const leaver = await makePerson(core, t.a.id, ['contact'], { slack: { teamId: 'TACME', userId: 'UBACK' } });
    await core.execute(removePerson, await as(t.aAdmin.id), { orgId: t.a.id, personId: leaver.id });
    await expect(
      core.execute(registerSlackUser, systemActor('slack', 'slack', 'req'), {
        teamId: 'TACME',
        userId: 'UBACK',
        name: 'Back Again',
        providerTeamId: 'TPROV',
        channel: { teamId: 'TPROV', channelId: 'CSHAREDA' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const again = await core.execute(addPerson, await as(t.aAdmin.id), { orgId: t.a.id, name: 'Back Again', slack: { teamId: 'TACME', userId: 'UBACK' } });
    expect(await personOfSlack('TACME', 'UBACK')).toBe(again.id);
    const [identity] = await core.database.db.select().from(slackIdentities).where(eq(slackIdentities.userId, 'UBACK'));
    expect(identity!.unlinkedAt).toBeNull();
  });

  it('answers NOT_FOUND for another org’s person and FORBIDDEN for a contact, writing nothing', async () => {
    const before = await core.database.db.select().from(auditEvents);
    await expect(core.execute(removePerson, await as(t.aAdmin.id), { orgId: t.b.id, personId: t.bContact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(removePerson, await as(t.aAdmin.id), { orgId: t.a.id, personId: t.bContact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(removePerson, await as(t.aContact.id), { orgId: t.a.id, personId: t.aAdmin.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await core.database.db.select().from(auditEvents)).toHaveLength(before.length);
    expect(await tokensOf(t.bContact.id)).toHaveLength(1);
  });

  it('keeps the tokens of someone who still belongs to another org, and never removes the last provider admin', async () => {
    const both = await makePerson(core, t.a.id, ['contact']);
    await core.execute(addPerson, operator(), { orgId: t.b.id, personId: both.id, roles: ['contact'] });
    await core.execute(removePerson, await as(t.aAdmin.id), { orgId: t.a.id, personId: both.id });
    expect(await tokensOf(both.id)).toHaveLength(1);
    expect((await as(both.id)).memberships.map((m) => m.orgId)).toEqual([t.b.id]);
    const removedEvent = (await core.database.db.select().from(auditEvents).where(and(eq(auditEvents.chainId, t.a.id), eq(auditEvents.subjectId, both.id)))).find((e) => e.action === 'person.removed');
    // A's trail says nothing about the person's other org.
    expect(JSON.stringify(removedEvent!.data)).not.toContain(t.b.id);

    const [bootstrapAdmin] = await core.database.db.select().from(memberships).where(eq(memberships.orgId, core.providerId!));
    await expect(core.execute(removePerson, operator(), { orgId: core.providerId!, personId: bootstrapAdmin!.personId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('treats a member left without roles as a stranger: nothing to read, nothing to do', async () => {
    const idle = await makePerson(core, t.a.id, ['contact']);
    const ticket = await core.execute(openTicket, await as(idle.id), { orgId: t.a.id, title: 'Before the roles go' });
    await core.execute(setRoles, await as(t.aAdmin.id), { orgId: t.a.id, personId: idle.id, roles: [] });
    const actor = await as(idle.id);
    expect(actor.memberships).toEqual([]);
    await expect(core.read(getTicket, actor, { id: ticket.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(openTicket, actor, { orgId: t.a.id, title: 'After' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(commentOnTicket, actor, { ticketId: ticket.id, body: 'hello?' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(listPeople, actor, { orgId: t.a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await core.database.db.select().from(tickets).where(eq(tickets.initiatorId, idle.id))).toHaveLength(1);
  });
});
