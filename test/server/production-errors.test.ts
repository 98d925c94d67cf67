/**
 * With NODE_ENV=production the real server tells a caller what went wrong in the catalogue's words
 * and nothing more: no stack, no file path, no SQL, no token hash, no "Did you mean" hint about the
 * schema; and a database outage inside authentication is 503 UNAVAILABLE, for real, on both backends.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../core/directory/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../support/server.ts';
import { collect, gql, wsClient } from '../support/clients.ts';

describe.each(backends)('errors in production on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;
  let secrets: RegExp[];

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { env: { NODE_ENV: 'production' } });
    t = await makeTenants(server.core);
    secrets = [hashToken(server.adminToken), hashToken(t.aAdmin.token)].map((hash) => new RegExp(hash.slice(0, 16)));
  });
  afterAll(async () => {
    await server?.stop().catch(() => {});
    await db?.dispose();
  });

  const revealsNothing = (text: string) => {
    for (const leak of [/Did you mean/i, /\bat \S+ \(/, /node_modules/, /\/work\//, /\bselect\b|\bfrom\s+"?\w+"?\s+where/i, /params:/, ...secrets]) {
      expect(text, text).not.toMatch(leak);
    }
  };

  const post = async (token: string | undefined, body: unknown) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  it('says what was wrong with a query without suggesting what the schema holds', async () => {
    const cases: Array<[string, Record<string, unknown>?]> = [
      ['{ mee { id } }'],
      ['{ ticket(idd: "00000000-0000-4000-8000-000000000000") { id } }'],
      ['{ me { nmae } }'],
      ['{ tickets(filter: { status: [RECIEVED] }) { nodes { id } } }'],
      ['query($s: [TicketStatus!]) { tickets(filter: { status: $s }) { nodes { id } } }', { s: ['RECIEVED'] }],
      ['mutation($i: CreateOrgInput!) { createOrg(input: $i) { id } }', { i: { nme: 'Typo Inc', slug: 'typo-inc' } }],
      ['{ __schema { types { name } } }'],
    ];
    for (const [query, variables] of cases) {
      const res = await post(t.aAdmin.token, { query, variables });
      expect(res.status, query).toBe(400);
      expect(JSON.parse(res.text).errors[0].extensions.code, query).toBe('INVALID_INPUT');
      revealsNothing(res.text);
    }
  });

  it('strips the same suggestions on graphql-ws', async () => {
    const client = wsClient(server.url, t.aAdmin.token);
    const sub = collect(client, 'subscription { evnts(orgId: "00000000-0000-4000-8000-000000000000") { id } }');
    await sub.until(() => sub.errors.length > 0);
    const [error] = sub.errors as Array<{ message: string; extensions?: { code?: string } }>;
    expect(error!.extensions?.code).toBe('INVALID_INPUT');
    revealsNothing(JSON.stringify(sub.errors));
    await client.dispose();
  });

  it('answers bad bodies in JSON, without a stack', async () => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{' });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('INVALID_INPUT');
    revealsNothing(text);
  });

  // Last: it takes the database away from the server.
  it('answers 503 UNAVAILABLE when the database goes away during authentication, and recovers when it is back', async () => {
    const restore = await takeDatabaseAway(db);
    // A token this instance has not seen yet: authenticating it reads the database.
    const res = await post(t.bContact.token, { query: '{ me { id } }' });
    expect(res.status, res.text).toBe(503);
    expect(JSON.parse(res.text)).toEqual({ errors: [{ message: expect.stringMatching(/unavailable/i), extensions: { code: 'UNAVAILABLE' } }] });
    revealsNothing(res.text);
    // A token seen a moment ago is still known (server/bearer-cache.ts): its query is what meets the outage.
    const known = await post(t.aAdmin.token, { query: '{ me { id } }' });
    expect(known.status, known.text).toBe(503);
    expect(JSON.parse(known.text).errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/unavailable/i), extensions: { code: 'UNAVAILABLE' }, path: ['me'] })]);
    revealsNothing(known.text);
    if (!restore) return; // PGlite, once closed, stays closed
    await restore();
    let back = await post(t.aAdmin.token, { query: '{ me { id } }' });
    for (let attempt = 0; back.status !== 200 && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = await post(t.aAdmin.token, { query: '{ me { id } }' });
    }
    expect(back.status, back.text).toBe(200);
  });
});

/**
 * A real outage: PGlite closed under the running server; PostgreSQL refusing new connections to
 * the test's database and ending the open ones. Returns how to bring PostgreSQL back.
 */
async function takeDatabaseAway(db: TestDatabase): Promise<(() => Promise<void>) | undefined> {
  if (db.backend === 'pglite') {
    await db.database.close();
    return undefined;
  }
  const name = new URL(db.url!).pathname.slice(1);
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`alter database ${name} allow_connections false`);
  await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
  return async () => {
    await admin.unsafe(`alter database ${name} allow_connections true`);
    await admin.end();
  };
}
