/**
 * Every route answers errors as JSON from the one catalogue, with the status that fits: GraphQL routes
 * in the GraphQL-over-HTTP error shape (`{ errors: [{ message, extensions: { code } }] }`), the others
 * as `{ error: { code, message } }`. Nothing Express, body-parser or a driver says reaches the caller.
 */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsdeskError } from '../../core/errors.ts';
import { orgs } from '../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** What no error body may carry: a stack frame, a file path, HTML. */
const LEAKS = [/\bat \S+ \(/, /node_modules/, /\/work\//, /<html|<pre>/i, /Error: /];

async function call(url: string, init: RequestInit & { path?: string } = {}) {
  const response = await fetch(`${url}${init.path ?? '/graphql'}`, init);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, text, body: JSON.parse(text) as any };
}

describe.each(backends)('HTTP errors on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { GRAPHQL_MAX_MUTATIONS: '3' },
      // A door of the kind the rate limiter is: it throws a catalogued error before any handler answers.
      extraDoors: () => [
        {
          name: 'test',
          mount(app) {
            app.get('/test/limited', () => {
              throw new OpsdeskError('RATE_LIMITED', 'too many requests from this token', { retryAfterSeconds: 7.2 });
            });
            app.get('/test/broken', () => {
              throw Object.assign(new Error('Failed query: select * from api_tokens where token_hash = $1\nparams: 9f86d081'), { code: 'XX000' });
            });
          },
        },
      ],
    });
    auth = { authorization: `Bearer ${server.adminToken}` };
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const expectGraphqlError = (res: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
    expect(res.status, res.text).toBe(status);
    expect(res.type).toMatch(/json/);
    expect(res.body.errors?.[0]?.extensions?.code, res.text).toBe(code);
    expect(typeof res.body.errors[0].message).toBe('string');
    for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
  };

  it('answers a malformed JSON body on POST /graphql with 400 INVALID_INPUT, even without a token', async () => {
    const res = await call(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expectGraphqlError(res, 400, 'INVALID_INPUT');
    expect(res.body.errors[0].message).toMatch(/not valid JSON/);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await call(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(1_100_000)}` }),
    });
    expectGraphqlError(res, 413, 'INVALID_INPUT');
  });

  it('answers a POST to /graphql that is not application/json with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const res = await call(server.url, {
        method: 'POST',
        headers: { ...(type ? { 'content-type': type } : {}), ...auth },
        body: '{"query":"{ me { id } }"}',
      });
      expectGraphqlError(res, 415, 'INVALID_INPUT');
    }
  });

  it('answers a JSON body in a charset it cannot read with 415', async () => {
    const res = await call(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin-1', ...auth },
      body: '{"query":"{ me { id } }"}',
    });
    expectGraphqlError(res, 415, 'INVALID_INPUT');
  });

  it('answers unknown routes with a JSON 404, and GraphQL paths in the GraphQL shape', async () => {
    const other = await call(server.url, { path: '/nowhere' });
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
    const graphql = await call(server.url, { path: '/graphql/deeper', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expectGraphqlError(graphql, 404, 'NOT_FOUND');
  });

  it('answers cost and depth refusals with 400 INVALID_INPUT', async () => {
    const costly = await call(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: '{ tickets(first: 200) { nodes { comments { author { id } } } } accessRequests(first: 200) { nodes { decisions { id } uses { id } } } }' }),
    });
    expectGraphqlError(costly, 400, 'INVALID_INPUT');
    expect(costly.body.errors[0].message).toMatch(/too expensive/);
    const deep = await call(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: `{ accessRequests(first: 1) { nodes { ${'extends { '.repeat(10)}id${' }'.repeat(10)} } } }` }),
    });
    expectGraphqlError(deep, 400, 'INVALID_INPUT');
  });

  it('refuses more root mutations in one request than GRAPHQL_MAX_MUTATIONS, aliases included, with 400 and commits none', async () => {
    const before = (await db.database.db.select({ n: count() }).from(orgs))[0]!.n;
    const aliased = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `m${i}: createOrg(input: { name: "Bulk ${i}", slug: "bulk-${n}-${i}" }) { id }`).join(' ')} }`;
    const refused = await call(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query: aliased(4) }) });
    expectGraphqlError(refused, 400, 'INVALID_INPUT');
    expect(refused.body.errors[0].message).toMatch(/at most 3/);
    expect((await db.database.db.select({ n: count() }).from(orgs))[0]!.n).toBe(before);
    // Fragments spread at the root count too.
    const spread = await call(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: `mutation { ...two ...two } fragment two on Mutation { a: createOrg(input: { name: "F1", slug: "frag-1" }) { id } b: createOrg(input: { name: "F2", slug: "frag-2" }) { id } }` }),
    });
    expectGraphqlError(spread, 400, 'INVALID_INPUT');
    const allowed = await call(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query: aliased(3) }) });
    expect(allowed.status).toBe(200);
    expect(allowed.body.errors).toBeUndefined();
  });

  it('answers a catalogued error thrown by a door with its status: RATE_LIMITED is 429 with Retry-After', async () => {
    const res = await call(server.url, { path: '/test/limited' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('8');
    expect(res.body).toEqual({ error: { code: 'RATE_LIMITED', message: 'too many requests from this token', details: { retryAfterSeconds: 7.2 } } });
  });

  it('answers an unexpected error with 500 "internal error" and nothing of the error itself', async () => {
    const res = await call(server.url, { path: '/test/broken' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
});
