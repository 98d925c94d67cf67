import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, memberships, people, slackIdentities } from '../../db/schema.ts';
import {
  actorOfPerson,
  addPerson,
  claimSlackWorkspace,
  createApiToken,
  linkChannel,
  listOrgs,
  listSlackWorkspaces,
  registerSlackUser,
  releaseSlackWorkspace,
  revokeApiToken,
  setRoles,
} from '../../core/directory/index.ts';
import { systemActor, type PersonActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { claimWorkspace, linkSlackChannel, makeTenants } from '../support/server.ts';

describe.each(backends)('the directory on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let t: Awaited<ReturnType<typeof makeTenants>>;
  const actorOf = (personId: string, door: 'graphql' | 'cli') => core.read(actorOfPerson, operator(), { personId, door, requestId: 'req' });
  const as = async (personId: string) => (await actorOf(personId, 'graphql')) as PersonActor;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
    t = await makeTenants(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('gives a new client person the contact role when none is named', async () => {
    const person = await core.execute(addPerson, await as(t.aAdmin.id), { orgId: t.a.id, name: 'Default Role' });
    expect(person.roles).toEqual(['contact']);
  });

  it("lets a client admin add someone another org knows by email as a new person of their own, claiming nobody", async () => {
    const twin = await core.execute(addPerson, await as(t.aAdmin.id), { orgId: t.a.id, name: 'Twin', email: t.bContact.email });
    expect(twin.id).not.toBe(t.bContact.id);
    const rows = await core.database.db.select().from(memberships).where(eq(memberships.personId, t.bContact.id));
    expect(rows.map((m) => m.orgId)).toEqual([t.b.id]);
    await expect(
      core.execute(addPerson, await as(t.aAdmin.id), { orgId: t.a.id, name: 'Twin again', email: t.bContact.email }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: `${t.bContact.email} is already a member of ${t.a.name}` });
  });

  it('lets the provider admin add an existing person to a further org, by naming them', async () => {
    const admin = (await actorOf((await core.database.db.select().from(memberships).where(eq(memberships.orgId, core.providerId!)))[0]!.personId, 'cli'))!;
    const added = await core.execute(addPerson, admin, { orgId: t.a.id, personId: t.bAdmin.id, roles: ['space_owner'] });
    expect(added.id).toBe(t.bAdmin.id);
    await expect(core.execute(addPerson, await as(t.aAdmin.id), { orgId: t.a.id, personId: t.bContact.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(addPerson, admin, { orgId: t.a.id, personId: t.bAdmin.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a client admin the tokens of someone who also belongs to another org', async () => {
    await expect(
      core.execute(createApiToken, await as(t.aAdmin.id), { personId: t.bAdmin.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("answers a client admin naming another org's person word for word like a person that does not exist", async () => {
    const admin = await as(t.aAdmin.id);
    const nobody = await core.execute(createApiToken, admin, { personId: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
    const elsewhere = await core.execute(createApiToken, admin, { personId: t.bContact.id }).catch((e) => e);
    expect({ code: elsewhere.code, message: elsewhere.message }).toEqual({ code: nobody.code, message: nobody.message });
    expect(nobody.code).toBe('NOT_FOUND');
    const theirs = await core.execute(createApiToken, operator(), { personId: t.bContact.id });
    const noToken = await core.execute(revokeApiToken, admin, { tokenId: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
    const theirToken = await core.execute(revokeApiToken, admin, { tokenId: theirs.id }).catch((e) => e);
    expect({ code: theirToken.code, message: theirToken.message }).toEqual({ code: 'NOT_FOUND', message: noToken.message });
  });

  it('lets a person manage their own tokens, and revoking twice is a conflict', async () => {
    const me = await as(t.aContact.id);
    const token = await core.execute(createApiToken, me, { personId: me.id, label: 'mine' });
    expect(token.token).toMatch(/^odk_/);
    expect(token).not.toHaveProperty('tokenHash');
    await core.execute(revokeApiToken, me, { tokenId: token.id });
    await expect(core.execute(revokeApiToken, me, { tokenId: token.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps at least one provider admin', async () => {
    const [adminMembership] = await core.database.db.select().from(memberships).where(eq(memberships.orgId, core.providerId!));
    await expect(
      core.execute(setRoles, operator(), { orgId: core.providerId!, personId: adminMembership!.personId, roles: ['agent'] }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/last provider admin/) });
  });

  it('links a provider channel with a purpose, and refuses a purpose that does not fit the org', async () => {
    const linked = await core.execute(linkChannel, operator(), { orgId: core.providerId!, teamId: 'TPROV', channelId: 'CONCALL', purpose: 'oncall' });
    expect(linked.purpose).toBe('oncall');
    await expect(
      core.execute(linkChannel, operator(), { orgId: t.a.id, teamId: 'TPROV', channelId: 'CSUPPORT', purpose: 'support' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const moved = await core.execute(linkChannel, operator(), { orgId: t.a.id, teamId: 'TPROV', channelId: 'CONCALL' });
    expect(moved.movedFromOrgId).toBe(core.providerId);
  });

  describe('who a Slack user is', () => {
    const slack = () => systemActor('slack', 'slack', 'req-slack');

    it("makes a user of the org's own workspace in its linked client channel a contact of that org", async () => {
      await linkSlackChannel(core, t.a.id, 'TPROV', 'CSHARED');
      await claimWorkspace(core, t.a.id, 'TACME');
      const result = await core.execute(registerSlackUser, slack(), {
        teamId: 'TACME',
        userId: 'UCLIENT1',
        name: 'Carla Client',
        providerTeamId: 'TPROV',
        channel: { teamId: 'TPROV', channelId: 'CSHARED' },
      });
      const [member] = await core.database.db.select().from(memberships).where(eq(memberships.personId, result.personId));
      expect(member).toMatchObject({ orgId: t.a.id, roles: ['contact'] });
      // A second registration of the same identity (two first clicks racing) changes nothing.
      await expect(
        core.execute(registerSlackUser, slack(), {
          teamId: 'TACME',
          userId: 'UCLIENT1',
          name: 'Carla Client',
          providerTeamId: 'TPROV',
          channel: { teamId: 'TPROV', channelId: 'CSHARED' },
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('makes a user of the provider team provider staff without roles, who see no org until given one', async () => {
      const result = await core.execute(registerSlackUser, slack(), { teamId: 'TPROV', userId: 'USTAFF1', name: 'Sam Staff', providerTeamId: 'TPROV' });
      const [member] = await core.database.db.select().from(memberships).where(eq(memberships.personId, result.personId));
      expect(member).toMatchObject({ orgId: core.providerId, roles: [] });
      // A membership without a role is no membership to act or read through, not even their own org's.
      expect(await core.read(listOrgs, await as(result.personId), {})).toEqual([]);
      await core.execute(setRoles, operator(), { orgId: core.providerId!, personId: result.personId, roles: ['agent'] });
      expect((await core.read(listOrgs, await as(result.personId), {})).map((o: { id: string }) => o.id)).toEqual(
        expect.arrayContaining([t.a.id, t.b.id]),
      );
    });

    it('refuses anyone else and stores nothing', async () => {
      await expect(
        core.execute(registerSlackUser, slack(), {
          teamId: 'TSTRANGER',
          userId: 'USTRANGE',
          name: 'Stranger',
          providerTeamId: 'TPROV',
          channel: { teamId: 'TSTRANGER', channelId: 'CRANDOM' },
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await core.database.db.select().from(people).where(eq(people.name, 'Stranger'))).toEqual([]);
      expect(await core.database.db.select().from(slackIdentities).where(eq(slackIdentities.userId, 'USTRANGE'))).toEqual([]);
    });
  });

  describe("an org's Slack workspaces", () => {
    it("lets the org's client admin claim and release a workspace of theirs, each on the org's chain", async () => {
      const admin = await as(t.aAdmin.id);
      const claimed = await core.execute(claimSlackWorkspace, admin, { orgId: t.a.id, teamId: 'TACMESALES' });
      expect(claimed).toMatchObject({ teamId: 'TACMESALES', orgId: t.a.id });
      expect((await core.read(listSlackWorkspaces, await as(t.aContact.id), { orgId: t.a.id })).map((w: { teamId: string }) => w.teamId)).toContain('TACMESALES');
      await expect(core.execute(claimSlackWorkspace, admin, { orgId: t.a.id, teamId: 'TACMESALES' })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/already registered with/),
      });
      await core.execute(releaseSlackWorkspace, admin, { orgId: t.a.id, teamId: 'TACMESALES' });
      await expect(core.execute(releaseSlackWorkspace, admin, { orgId: t.a.id, teamId: 'TACMESALES' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const trail = await core.database.db
        .select({ action: auditEvents.action, chainId: auditEvents.chainId, actorId: auditEvents.actorId })
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectType, 'slack_workspace'), eq(auditEvents.subjectId, 'TACMESALES')))
        .orderBy(asc(auditEvents.seq));
      expect(trail).toEqual([
        { action: 'slack_workspace.claimed', chainId: t.a.id, actorId: t.aAdmin.id },
        { action: 'slack_workspace.released', chainId: t.a.id, actorId: t.aAdmin.id },
      ]);
    });

    it("tells a client admin nothing of who holds a workspace: another org's and the provider's read the same", async () => {
      await claimWorkspace(core, t.b.id, 'TBETAHQ');
      await linkSlackChannel(core, core.providerId!, 'TPROVHQ', 'CSUPPORTHQ', 'support');
      const refusals = [];
      for (const teamId of ['TBETAHQ', 'TPROVHQ']) {
        const refused = await core.execute(claimSlackWorkspace, await as(t.aAdmin.id), { orgId: t.a.id, teamId }).catch((e) => e);
        refusals.push({ code: refused.code, message: refused.message.replace(teamId, '<team>') });
      }
      expect(refusals).toEqual([
        { code: 'CONFLICT', message: `Slack workspace <team> cannot be registered with ${t.a.name}; ask the provider` },
        { code: 'CONFLICT', message: `Slack workspace <team> cannot be registered with ${t.a.name}; ask the provider` },
      ]);
      // The operator sees every org, and is told where it is.
      await expect(core.execute(claimSlackWorkspace, operator(), { orgId: t.a.id, teamId: 'TBETAHQ' })).rejects.toMatchObject({
        message: `Slack workspace TBETAHQ is already registered with ${t.b.name}; release it there first`,
      });
      await expect(core.execute(claimSlackWorkspace, operator(), { orgId: t.a.id, teamId: 'TPROVHQ' })).rejects.toMatchObject({
        message: expect.stringMatching(/provider's own/),
      });
    });

    it("refuses a contact, another client's person, and the provider org itself", async () => {
      const input = { orgId: t.a.id, teamId: 'TACMEOPS' };
      await expect(core.execute(claimSlackWorkspace, await as(t.aContact.id), input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(core.execute(claimSlackWorkspace, await as(t.bContact.id), input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(core.read(listSlackWorkspaces, await as(t.bContact.id), { orgId: t.a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(core.execute(claimSlackWorkspace, operator(), { orgId: core.providerId!, teamId: 'TPROVOTHER' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    });
  });
});
