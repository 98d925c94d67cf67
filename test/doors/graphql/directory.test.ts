/**
 * The directory through GraphQL, where its fields read per node: a person's tokens and an org's
 * Slack workspaces are read for every node of a list at once, and each node still gets what its
 * own read would give (its rows, or its refusal). And a bearer no token could be authenticates nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collabClient, collect, gql, wsClient } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { claimWorkspace, makeTenants, startTestServer, type TestServer } from '../../support/server.ts';

const PEOPLE_TOKENS = `query($o: ID!) { people(orgId: $o) { id tokens { label revokedAt } } }`;
const ORG_WORKSPACES = `{ orgs { id slackWorkspaces { teamId orgId } } }`;

interface GraphqlError {
  path?: Array<string | number>;
  extensions?: { code?: string };
}

describe.each(backends)('the directory over GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    t = await makeTenants(server.core);
    await claimWorkspace(server.core, t.a.id, 'TACMEHQ');
    await claimWorkspace(server.core, t.a.id, 'TACMEOPS');
    await claimWorkspace(server.core, t.b.id, 'TBETAHQ');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it("shows every person's tokens to the org's admin, and a contact only their own", async () => {
    const byAdmin = await gql(server.url, t.aAdmin.token, PEOPLE_TOKENS, { o: t.a.id });
    expect(byAdmin.errors).toBeUndefined();
    const people = byAdmin.data!.people as Array<{ id: string; tokens: Array<{ label: string }> }>;
    expect(people.map((p) => p.id).sort()).toEqual([t.aAdmin.id, t.aContact.id].sort());
    for (const person of people) expect(person.tokens.map((token) => token.label)).toEqual(['test']);

    // Each other person's tokens are refused on their own field, in the rule's words; the
    // contact's own are not.
    const byContact = await gql(server.url, t.aContact.token, PEOPLE_TOKENS, { o: t.a.id });
    const refusals = (byContact.errors ?? []) as GraphqlError[];
    const index = people.findIndex((p) => p.id === t.aContact.id);
    expect(refusals.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', `people.${1 - index}.tokens`]]);
  });

  it("lists each org's Slack workspaces to whoever sees the org, and nothing of another's", async () => {
    const byAdmin = await gql(server.url, server.adminToken, ORG_WORKSPACES);
    expect(byAdmin.errors).toBeUndefined();
    const teamsOf = (orgs: Array<{ id: string; slackWorkspaces: Array<{ teamId: string; orgId: string }> }>, orgId: string) =>
      orgs.find((org) => org.id === orgId)?.slackWorkspaces.map((w) => `${w.orgId}/${w.teamId}`);
    expect(teamsOf(byAdmin.data!.orgs, t.a.id)).toEqual([`${t.a.id}/TACMEHQ`, `${t.a.id}/TACMEOPS`]);
    expect(teamsOf(byAdmin.data!.orgs, t.b.id)).toEqual([`${t.b.id}/TBETAHQ`]);
    expect(teamsOf(byAdmin.data!.orgs, server.core.providerId!)).toEqual([]);

    const byContact = await gql(server.url, t.bContact.token, ORG_WORKSPACES);
    expect(byContact.errors).toBeUndefined();
    expect(byContact.data!.orgs).toEqual([{ id: t.b.id, slackWorkspaces: [{ teamId: 'TBETAHQ', orgId: t.b.id }] }]);
  });

  it('authenticates nobody with a bearer that is not text a token could be', async () => {
    let closeCode: number | undefined;
    const client = wsClient(server.url, 'odk_a\u0000b', (code) => (closeCode = code));
    const sub = collect(client, '{ me { id } }');
    await sub.until(() => closeCode !== undefined || sub.errors.length > 0);
    expect(closeCode).toBe(4403);
    await client.dispose();

    const socket = collabClient(server.url, 'odk_a\ud800b');
    const refusal = await new Promise((resolve) => socket.on('connect_error', resolve));
    expect(refusal).toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    socket.close();
  });
});
