/**
 * Every door authenticates, refuses bad input with a clear code and nothing written, and speaks
 * the one error catalogue; events reach dashboards through subscriptions and socket.io rooms.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, people } from '../../db/schema.ts';
import { revokeApiToken } from '../../core/directory/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../support/server.ts';
import { operator } from '../support/core.ts';
import { codeOf, collabClient, collect, connected, emitWithAck, eventually, gql, wsClient } from '../support/clients.ts';

describe.each(backends)('the doors on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    t = await makeTenants(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const trailLength = async () =>
    Number((await db.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n);

  describe('authentication', () => {
    it('answers 401 to GraphQL without a token, with a wrong one, and with a revoked one', async () => {
      const missing = await gql(server.url, undefined, '{ me { id } }');
      expect(missing.status).toBe(401);
      expect(codeOf(missing)).toBe('UNAUTHENTICATED');
      const wrong = await gql(server.url, 'odk_not-a-real-token', '{ me { id } }');
      expect(wrong.status).toBe(401);

      const issued = await gql(server.url, t.aContact.token, '{ me { id } }');
      expect(issued.status).toBe(200);
      const created = await gql(server.url, t.aContact.token, 'mutation { createApiToken(input: { label: "short-lived" }) { token apiToken { id } } }');
      const { token, apiToken } = created.data!.createApiToken;
      expect((await gql(server.url, token, '{ me { id } }')).status).toBe(200);
      await server.core.execute(revokeApiToken, operator(), { tokenId: apiToken.id });
      expect((await gql(server.url, token, '{ me { id } }')).status).toBe(401);
    });

    it('closes a graphql-ws connection with 4401 without credentials and 4403 with bad ones', async () => {
      for (const [token, expected] of [[undefined, 4401], ['odk_wrong', 4403]] as const) {
        let closeCode: number | undefined;
        const client = wsClient(server.url, token, (code) => (closeCode = code));
        const sub = collect(client, '{ me { id } }');
        await sub.until(() => closeCode !== undefined || sub.errors.length > 0);
        expect(closeCode).toBe(expected);
        await client.dispose();
      }
    });

    it('refuses a socket.io handshake without a valid token with connect_error', async () => {
      for (const token of [undefined, 'odk_wrong']) {
        const socket = collabClient(server.url, token);
        await expect(connected(socket)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
        socket.close();
      }
    });

    it('expires a token at its expiry time', async () => {
      const soon = new Date(Date.now() + 1500).toISOString();
      const created = await gql(server.url, t.aContact.token, 'mutation($e: DateTime) { createApiToken(input: { label: "soon", expiresAt: $e }) { token } }', { e: soon });
      const token = created.data!.createApiToken.token;
      expect((await gql(server.url, token, '{ me { id } }')).status).toBe(200);
      await eventually(async () => (await gql(server.url, token, '{ me { id } }')).status === 401, 5_000);
    });
  });

  describe('bad input', () => {
    it('refuses an invalid mutation with INVALID_INPUT naming the field, and writes nothing', async () => {
      const before = await trailLength();
      const res = await gql(server.url, server.adminToken, `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "X", email: "not-an-email" }) { id } }`, { a: t.a.id });
      expect(codeOf(res)).toBe('INVALID_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/email/);
      const badSlug = await gql(server.url, server.adminToken, 'mutation { createOrg(input: { name: "Bad", slug: "No Spaces!" }) { id } }');
      expect(codeOf(badSlug)).toBe('INVALID_INPUT');
      const wrongSide = await gql(server.url, server.adminToken, `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "Y", roles: [ADMIN] }) { id } }`, { a: t.a.id });
      expect(codeOf(wrongSide)).toBe('INVALID_INPUT');
      expect(wrongSide.errors?.[0]?.message).toMatch(/admin is not a role of a client org/);
      expect(await trailLength()).toBe(before);
      expect(await db.database.db.select().from(people).where(eq(people.name, 'Y'))).toEqual([]);
    });

    it('answers a malformed GraphQL document and an unknown field with INVALID_INPUT', async () => {
      expect(codeOf(await gql(server.url, server.adminToken, '{ me { id '))).toBe('INVALID_INPUT');
      expect(codeOf(await gql(server.url, server.adminToken, '{ me { password } }'))).toBe('INVALID_INPUT');
      const badId = await gql(server.url, server.adminToken, '{ org(id: "not-a-uuid") { id } }');
      expect(codeOf(badId)).toMatch(/NOT_FOUND|INVALID_INPUT/);
      expect(JSON.stringify(badId)).not.toMatch(/select|uuid_in|syntax/i); // no database text leaks
    });

    it('refuses queries that are too deep or too expensive', async () => {
      const expensive = await gql(server.url, server.adminToken, `{ auditEvents(first: 500) { nodes { chainId seq at actorId action subjectId data hash prevHash requestId } } }`);
      expect(codeOf(expensive)).toBe('INVALID_INPUT');
      expect(expensive.errors?.[0]?.message).toMatch(/too expensive/);
      // Today's schema is shallow; a server with a low limit shows the rule at work.
      const strict = await startTestServer(db.database, { env: { GRAPHQL_MAX_DEPTH: '2' } });
      try {
        const tooDeep = await gql(strict.url, server.adminToken, '{ me { memberships { org { id } } } }');
        expect(codeOf(tooDeep)).toBe('INVALID_INPUT');
        expect(tooDeep.errors?.[0]?.message).toMatch(/exceeds maximum operation depth/);
      } finally {
        await strict.stop();
      }
      const fine = await gql(server.url, server.adminToken, '{ me { memberships { org { id } roles } } }');
      expect(fine.errors).toBeUndefined();
    });

    it('answers bad socket.io payloads with INVALID_INPUT in the ack', async () => {
      const socket = collabClient(server.url, t.aContact.token);
      await connected(socket);
      expect(await emitWithAck(socket, 'org:join', { orgId: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await emitWithAck(socket, 'org:join', 'garbage')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      socket.disconnect();
    });
  });

  describe('live events', () => {
    it('pushes an org\'s events to its graphql-ws subscribers and its socket.io room', async () => {
      const client = wsClient(server.url, t.aContact.token);
      const sub = collect(client, `subscription($a: ID!) { events(orgId: $a) { type subjectType orgId actorId } }`, { a: t.a.id });
      const socket = collabClient(server.url, t.aAdmin.token);
      await connected(socket);
      const roomEvents: Array<{ type: string }> = [];
      socket.on('event', (e) => roomEvents.push(e));
      expect(await emitWithAck(socket, 'org:join', { orgId: t.a.id })).toEqual({ ok: true, orgId: t.a.id });
      await new Promise((r) => setTimeout(r, 100)); // let the subscription register

      const added = await gql(server.url, t.aAdmin.token, `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "Live One" }) { id } }`, { a: t.a.id });
      expect(added.errors).toBeUndefined();
      await sub.until(() => sub.received.length > 0);
      expect(sub.received[0]).toEqual({ events: { type: 'person.added', subjectType: 'person', orgId: t.a.id, actorId: t.aAdmin.id } });
      await eventually(() => roomEvents.some((e) => e.type === 'person.added'));

      // Another org's event reaches neither.
      await gql(server.url, server.adminToken, `mutation($b: ID!) { addPerson(input: { orgId: $b, name: "Elsewhere" }) { id } }`, { b: t.b.id });
      await new Promise((r) => setTimeout(r, 150));
      expect(sub.received).toHaveLength(1);
      expect(roomEvents.filter((e) => e.type === 'person.added')).toHaveLength(1);
      await client.dispose();
      socket.disconnect();
    });
  });

  it('records the request id of the HTTP request in the audit event', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, 'x-request-id': 'trace-abc-123' },
      body: JSON.stringify({ query: `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "Traced" }) { id } }`, variables: { a: t.a.id } }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    const rows = await db.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, 'trace-abc-123'));
    expect(rows).toMatchObject([{ action: 'person.added', door: 'graphql' }]);
  });

  it('replaces a caller request id that is too long or unsafe with a fresh one, in the answer and on the trail', async () => {
    const offered = ['a'.repeat(65), 'trace:with:colons', 'trace id with spaces', 'trace/../slash'];
    for (const [i, requestId] of offered.entries()) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, 'x-request-id': requestId },
        body: JSON.stringify({ query: `mutation($a: ID!, $n: String!) { addPerson(input: { orgId: $a, name: $n }) { id } }`, variables: { a: t.a.id, n: `Untraced ${i}` } }),
      });
      const given = response.headers.get('x-request-id')!;
      expect(given).not.toBe(requestId);
      expect(given).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      const onTrail = await db.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, given));
      expect(onTrail).toMatchObject([{ action: 'person.added', data: { name: `Untraced ${i}` } }]);
    }
    // The longest id kept: 64 characters of letters, digits, dots, underscores and dashes.
    const longest = `${'A1._-'.repeat(12)}abcd`;
    const kept = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, 'x-request-id': longest },
      body: JSON.stringify({ query: `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "Longest trace" }) { id } }`, variables: { a: t.a.id } }),
    });
    expect(kept.headers.get('x-request-id')).toBe(longest);
    expect(await db.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, longest))).toMatchObject([{ action: 'person.added' }]);
  });

  it('turns introspection off in production', async () => {
    const production = await startTestServer(db.database, { env: { NODE_ENV: 'production' } });
    try {
      const res = await gql(production.url, server.adminToken, '{ __schema { queryType { name } } }');
      expect(codeOf(res)).toBe('INVALID_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await gql(server.url, server.adminToken, '{ __schema { queryType { name } } }')).errors).toBeUndefined();
      const client = wsClient(production.url, server.adminToken);
      const overWs = collect(client, '{ __schema { queryType { name } } }');
      await overWs.until(() => overWs.errors.length > 0 || overWs.received.length > 0);
      expect(JSON.stringify(overWs.errors)).toMatch(/introspection/i);
      await client.dispose();
    } finally {
      await production.stop();
    }
  });

  it('serves Prometheus metrics counting requests and command latencies', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/opsdesk_http_requests_total\{route="\/graphql",status="200"\} \d+/);
    expect(text).toMatch(/opsdesk_command_duration_seconds_count\{command="addPerson",outcome="ok"\} \d+/);
    expect(text).toMatch(/opsdesk_events_published_total\{type="person.added"\} \d+/);
  });
});
