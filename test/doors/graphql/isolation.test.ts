/**
 * The tenant isolation matrix: a contact, an admin and an API token of client A can neither read
 * nor change anything of client B, through GraphQL, subscriptions and socket.io (the Slack door
 * has its own suite). Each refusal says NOT_FOUND, so B's existence is not revealed either, and
 * B's audit trail is untouched afterwards.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { codeOf, collabClient, collect, connected, emitWithAck, gql, wsClient } from '../../support/clients.ts';

describe.each(backends)('tenant isolation on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;
  let clientAdminIssuedToken: string;
  let bTokenId: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    t = await makeTenants(server.core);
    // A token that A's admin issued to A's contact: a token of client A.
    const issued = await gql(server.url, t.aAdmin.token, `mutation($p: ID!) { createApiToken(input: { personId: $p, label: "backup job" }) { token } }`, { p: t.aContact.id });
    expect(issued.errors).toBeUndefined();
    clientAdminIssuedToken = issued.data!.createApiToken.token;
    const [bToken] = await db.database.db.select().from(apiTokens).where(eq(apiTokens.personId, t.bContact.id));
    bTokenId = bToken!.id;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const bTrailLength = async () =>
    Number(
      (
        await db.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditEvents)
          .where(eq(auditEvents.chainId, t.b.id))
      )[0]!.n,
    );

  const readsOfB = () => ({
    'org(id)': [`query($b: ID!) { org(id: $b) { id name } }`, { b: t.b.id }],
    'people(orgId)': [`query($b: ID!) { people(orgId: $b) { id name } }`, { b: t.b.id }],
    'auditEvents(orgId)': [`query($b: ID!) { auditEvents(filter: { orgId: $b }) { nodes { action } } }`, { b: t.b.id }],
    'verifyAuditTrail(orgId)': [`query($b: ID!) { verifyAuditTrail(orgId: $b) { ok } }`, { b: t.b.id }],
    'auditCheckpoints(orgId)': [`query($b: ID!) { auditCheckpoints(orgId: $b) { nodes { note } } }`, { b: t.b.id }],
  } as Record<string, [string, Record<string, unknown>]>);

  const changesOfB = () => ({
    addPerson: [`mutation($b: ID!) { addPerson(input: { orgId: $b, name: "Mallory", email: "mallory@example.test" }) { id } }`, { b: t.b.id }],
    setRoles: [`mutation($b: ID!, $p: ID!) { setRoles(input: { orgId: $b, personId: $p, roles: [CONTRACT_OWNER] }) { id } }`, { b: t.b.id, p: t.bContact.id }],
    'createApiToken for a person of B': [`mutation($p: ID!) { createApiToken(input: { personId: $p }) { token } }`, { p: t.bContact.id }],
    'revokeApiToken of B': [`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: bTokenId }],
    linkChannel: [`mutation($b: ID!) { linkChannel(input: { orgId: $b, teamId: "TEVIL", channelId: "CEVIL" }) { orgId } }`, { b: t.b.id }],
    signAuditCheckpoint: [`mutation($b: ID!) { signAuditCheckpoint(orgId: $b) { note } }`, { b: t.b.id }],
  } as Record<string, [string, Record<string, unknown>]>);

  const tokensOfA = () => ({ 'contact of A': t.aContact.token, 'admin of A': t.aAdmin.token, 'token A issued': clientAdminIssuedToken });

  it('never lists client B among the orgs client A can see', async () => {
    for (const [who, token] of Object.entries(tokensOfA())) {
      const res = await gql(server.url, token, '{ orgs { id } }');
      expect(res.data?.orgs.map((o: { id: string }) => o.id), who).toEqual([t.a.id]);
    }
  });

  it('answers NOT_FOUND to every read of client B through GraphQL', async () => {
    for (const [who, token] of Object.entries(tokensOfA())) {
      for (const [what, [query, variables]] of Object.entries(readsOfB())) {
        const res = await gql(server.url, token, query, variables);
        expect(codeOf(res), `${who}: ${what}`).toBe('NOT_FOUND');
        expect(JSON.stringify(res), `${who}: ${what}`).not.toContain(t.b.name);
      }
    }
  });

  it('refuses every change to client B through GraphQL and writes nothing', async () => {
    const before = await bTrailLength();
    for (const [who, token] of Object.entries(tokensOfA())) {
      for (const [what, [query, variables]] of Object.entries(changesOfB())) {
        const res = await gql(server.url, token, query, variables);
        expect(codeOf(res), `${who}: ${what}`).toBe('NOT_FOUND');
      }
    }
    expect(await bTrailLength()).toBe(before);
    const [bToken] = await db.database.db.select().from(apiTokens).where(eq(apiTokens.id, bTokenId));
    expect(bToken?.revokedAt).toBeNull();
  });

  it('refuses a subscription to client B\'s events', async () => {
    for (const [who, token] of Object.entries(tokensOfA())) {
      const client = wsClient(server.url, token);
      const sub = collect(client, `subscription($b: ID!) { events(orgId: $b) { id } }`, { b: t.b.id });
      await sub.until(() => sub.errors.length > 0 || sub.completed);
      expect((sub.errors[0] as { extensions?: { code?: string } }).extensions?.code, who).toBe('NOT_FOUND');
      await client.dispose();
    }
  });

  it('refuses to let client A join client B\'s socket.io room', async () => {
    for (const [who, token] of Object.entries(tokensOfA())) {
      const socket = collabClient(server.url, token);
      await connected(socket);
      const reply = await emitWithAck(socket, 'org:join', { orgId: t.b.id });
      expect(reply, who).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'organisation not found' } });
      socket.disconnect();
    }
  });

  it('still lets client A\'s admin manage A, and refuses the same to A\'s contact', async () => {
    const byAdmin = await gql(server.url, t.aAdmin.token, `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "New Colleague" }) { id roles } }`, { a: t.a.id });
    expect(byAdmin.errors).toBeUndefined();
    expect(byAdmin.data?.addPerson.roles).toEqual(['CONTACT']);
    const byContact = await gql(server.url, t.aContact.token, `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "Sneaky" }) { id } }`, { a: t.a.id });
    expect(codeOf(byContact)).toBe('FORBIDDEN');
  });

  it('lets provider staff see both clients, and only the provider admin change them', async () => {
    const orgs = await gql(server.url, t.providerAgent.token, '{ orgs { id } }');
    expect(orgs.data?.orgs.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([t.a.id, t.b.id]));
    const byAgent = await gql(server.url, t.providerAgent.token, ...changesOfB().addPerson!);
    expect(codeOf(byAgent)).toBe('FORBIDDEN');
    const audit = await gql(server.url, t.providerAgent.token, ...readsOfB()['auditEvents(orgId)']!);
    expect(codeOf(audit)).toBe('FORBIDDEN');
    const byAdmin = await gql(server.url, server.adminToken, ...readsOfB()['verifyAuditTrail(orgId)']!);
    expect(byAdmin.data?.verifyAuditTrail.ok).toBe(true);
  });
});
