/**
 * No write crosses a tenant, through GraphQL: a client admin who adds people or claims Slack
 * workspaces learns nothing of other tenants and changes nothing of theirs; the provider admin
 * attaches an existing person to a further org only when told to.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, memberships, people } from '../../db/schema.ts';
import { codeOf, gql } from '../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { claimWorkspace, makePerson, makeTenants, startTestServer, type TestServer } from '../support/server.ts';

const ADD = `mutation($input: AddPersonInput!) { addPerson(input: $input) { id name email orgId roles } }`;
const CLAIM = `mutation($input: SlackWorkspaceInput!) { claimSlackWorkspace(input: $input) { teamId orgId } }`;
const RELEASE = `mutation($input: SlackWorkspaceInput!) { releaseSlackWorkspace(input: $input) { teamId } }`;
const WORKSPACES = `query($id: ID!) { org(id: $id) { slackWorkspaces { teamId orgId } } }`;

describe.each(backends)('tenants through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    t = await makeTenants(server.core);
    await claimWorkspace(server.core, t.a.id, 'TACMEHQ');
    await claimWorkspace(server.core, t.b.id, 'TBETAHQ');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const membersOf = async (personId: string) =>
    (await db.database.db.select().from(memberships).where(eq(memberships.personId, personId))).map((m) => m.orgId);

  it("lets a client admin add someone another org knows by the same email: a new person of their own, telling nothing", async () => {
    const added = await gql(server.url, t.aAdmin.token, ADD, { input: { orgId: t.a.id, name: 'Bea Twin', email: t.bContact.email } });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addPerson).toMatchObject({ name: 'Bea Twin', email: t.bContact.email, orgId: t.a.id, roles: ['CONTACT'] });
    expect(added.data!.addPerson.id).not.toBe(t.bContact.id);
    expect(await membersOf(t.bContact.id)).toEqual([t.b.id]);
    expect(await db.database.db.select().from(people).where(eq(people.email, t.bContact.email))).toHaveLength(2);

    // The same email twice in one org is the only conflict, and it is about the admin's own org.
    const twice = await gql(server.url, t.aAdmin.token, ADD, { input: { orgId: t.a.id, name: 'Bea Again', email: t.bContact.email.toUpperCase() } });
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(twice.errors![0]!.message).toBe(`${t.bContact.email} is already a member of ${t.a.name}`);
  });

  it("refuses a client admin a Slack identity outside the org's own workspaces, the same whether another org knows it or not", async () => {
    const known = await makePerson(server.core, t.b.id, ['contact'], { slack: { teamId: 'TBETAHQ', userId: 'UBETA01' } });
    const answers = [];
    for (const slack of [{ teamId: 'TBETAHQ', userId: 'UBETA01' }, { teamId: 'TBETAHQ', userId: 'UNOBODY1' }, { teamId: 'TNOWHERE', userId: 'UNOBODY2' }]) {
      const refused = await gql(server.url, t.aAdmin.token, ADD, { input: { orgId: t.a.id, name: 'Slack Someone', slack } });
      answers.push({ code: codeOf(refused), message: refused.errors![0]!.message.replace(slack.teamId, '<team>') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ code: 'INVALID_INPUT', message: `Slack workspace <team> is not one of ${t.a.name}'s; register it with the organisation first` });
    expect(await membersOf(known.id)).toEqual([t.b.id]);

    const own = await gql(server.url, t.aAdmin.token, ADD, { input: { orgId: t.a.id, name: 'Ada Acme', slack: { teamId: 'TACMEHQ', userId: 'UACME01' } } });
    expect(own.errors).toBeUndefined();
  });

  it('adds an existing person to a further org only for the provider admin, who names them', async () => {
    const refused = await gql(server.url, t.aAdmin.token, ADD, { input: { orgId: t.a.id, personId: t.bAdmin.id } });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(await membersOf(t.bAdmin.id)).toEqual([t.b.id]);

    const attached = await gql(server.url, server.adminToken, ADD, { input: { orgId: t.a.id, personId: t.bAdmin.id, roles: ['SPACE_OWNER'] } });
    expect(attached.errors).toBeUndefined();
    expect(attached.data!.addPerson).toMatchObject({ id: t.bAdmin.id, email: t.bAdmin.email, orgId: t.a.id, roles: ['SPACE_OWNER'] });
    expect((await membersOf(t.bAdmin.id)).sort()).toEqual([t.a.id, t.b.id].sort());
  });

  it("lets a client admin claim and release their org's workspaces, shows them on the org, and tells nothing of another org's", async () => {
    const claimed = await gql(server.url, t.aAdmin.token, CLAIM, { input: { orgId: t.a.id, teamId: 'TACMESALES' } });
    expect(claimed.data?.claimSlackWorkspace).toEqual({ teamId: 'TACMESALES', orgId: t.a.id });
    const shown = await gql(server.url, t.aContact.token, WORKSPACES, { id: t.a.id });
    expect(shown.data?.org.slackWorkspaces.map((w: { teamId: string }) => w.teamId)).toEqual(['TACMEHQ', 'TACMESALES']);
    expect(codeOf(await gql(server.url, t.bContact.token, WORKSPACES, { id: t.a.id }))).toBe('NOT_FOUND');

    const intruder = await gql(server.url, t.bAdmin.token, CLAIM, { input: { orgId: t.b.id, teamId: 'TACMESALES' } });
    expect(codeOf(intruder)).toBe('CONFLICT');
    expect(intruder.errors![0]!.message).toBe(`Slack workspace TACMESALES cannot be registered with ${t.b.name}; ask the provider`);
    expect(codeOf(await gql(server.url, t.bContact.token, CLAIM, { input: { orgId: t.a.id, teamId: 'TOTHER1' } }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(server.url, t.aContact.token, CLAIM, { input: { orgId: t.a.id, teamId: 'TOTHER1' } }))).toBe('FORBIDDEN');

    const released = await gql(server.url, t.aAdmin.token, RELEASE, { input: { orgId: t.a.id, teamId: 'TACMESALES' } });
    expect(released.data?.releaseSlackWorkspace).toEqual({ teamId: 'TACMESALES' });
    const trail = await db.database.db
      .select({ action: auditEvents.action, chainId: auditEvents.chainId })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'slack_workspace'), eq(auditEvents.subjectId, 'TACMESALES')))
      .orderBy(asc(auditEvents.seq));
    expect(trail).toEqual([
      { action: 'slack_workspace.claimed', chainId: t.a.id },
      { action: 'slack_workspace.released', chainId: t.a.id },
    ]);
  });
});
