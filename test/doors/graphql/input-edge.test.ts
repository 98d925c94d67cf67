/**
 * Bad values are refused at the GraphQL edge, before any resolver runs, as INVALID_INPUT naming the
 * field (`details.fields`), over HTTP and over graphql-ws alike: NUL bytes and lone surrogates in any
 * string, ids that are not UUIDs, instants outside 1970-9999 or on impossible dates, cursors this
 * API did not make. Nothing is written, and nothing answers INTERNAL.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, onCallSchedules } from '../../../db/schema.ts';
import { revokeApiToken } from '../../../core/directory/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { operator } from '../../support/core.ts';
import { codeOf, collect, gql, wsClient, type GraphqlResponse } from '../../support/clients.ts';

const NUL = 'before\u0000after';
const LONE_SURROGATE = 'before\ud800after';

describe.each(backends)('the GraphQL input edge on %s', (backend) => {
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

  const trailLength = async () => (await db.database.db.select({ n: count() }).from(auditEvents))[0]!.n;

  const expectRefused = (res: GraphqlResponse, field: string) => {
    expect(res.status, JSON.stringify(res)).toBe(400);
    expect(codeOf(res), JSON.stringify(res)).toBe('INVALID_INPUT');
    expect(Object.keys((res.errors![0]!.extensions!.details as { fields: Record<string, string> }).fields)).toContain(field);
  };

  it('refuses NUL bytes and lone surrogates in any string, from variables and from literals, naming the field', async () => {
    const before = await trailLength();
    for (const bad of [NUL, LONE_SURROGATE]) {
      const openTicket = await gql(server.url, t.aContact.token, 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }', {
        i: { orgId: t.a.id, title: 'Fine title', description: bad },
      });
      expectRefused(openTicket, 'input.description');
      const nested = await gql(server.url, server.adminToken, 'mutation($t: String!) { addPerson(input: { orgId: "' + t.a.id + '", name: "Ok", slack: { teamId: $t, userId: "U1" } }) { id } }', { t: bad });
      expectRefused(nested, 'input.slack.teamId');
      const query = await gql(server.url, t.aContact.token, 'query($k: String!) { ticketByKey(key: $k) { id } }', { k: bad });
      expectRefused(query, 'key');
    }
    const literal = await gql(server.url, t.aContact.token, `mutation { openTicket(input: { orgId: "${t.a.id}", title: "a\\u0000b" }) { id } }`);
    expectRefused(literal, 'input.title');
    expect(await trailLength()).toBe(before);
  });

  it('refuses ids that are not UUIDs anywhere, in lists too', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['query($id: ID!) { ticket(id: $id) { id } }', { id: '../../etc/passwd' }, 'id'],
      ['query($id: ID!) { org(id: $id) { id } }', { id: 42 }, 'id'],
      ['query { tickets(filter: { assigneeId: "1 OR 1=1" }) { nodes { id } } }', {}, 'filter.assigneeId'],
      ['mutation($p: [ID!]!) { setDisasterRecoveryContacts(personIds: $p) }', { p: [randomUUID(), 'nope'] }, 'personIds.1'],
      ['query { onCall(scheduleId: "primary") { now { personId } } }', {}, 'scheduleId'],
    ];
    for (const [query, variables, field] of cases) expectRefused(await gql(server.url, server.adminToken, query, variables), field);
  });

  it('refuses instants outside 1970-9999, impossible dates and what is not ISO 8601, in the DateTime scalar', async () => {
    for (const at of ['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '+010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-02-30T10:00:00Z', '5', 'tomorrow']) {
      const viaVariable = await gql(server.url, server.adminToken, 'query($at: DateTime) { onCall(at: $at) { now { personId } } }', { at });
      expectRefused(viaVariable, 'at');
      const viaLiteral = await gql(server.url, server.adminToken, `{ auditEvents(filter: { since: "${at}" }) { nodes { seq } } }`);
      expectRefused(viaLiteral, 'filter.since');
    }
    const edges = await gql(server.url, server.adminToken, '{ early: onCall(at: "1970-01-01T00:00:00Z") { now { personId } } late: onCall(at: "9999-12-31T23:59:59.999Z") { now { personId } } }');
    expect(edges.errors).toBeUndefined();
  });

  it('refuses cursors it did not give out on every paginated list, and takes the ones it did', async () => {
    const crafted = [
      Buffer.from('t:99999999999999999999').toString('base64url'),
      Buffer.from(JSON.stringify({ at: 'yesterday', chainId: 'x', seq: 1 })).toString('base64url'),
      Buffer.from('1e30').toString('base64url'),
      Buffer.from('-5').toString('base64url'),
      'not a cursor at all',
      randomUUID(),
    ];
    const lists = ['tickets', 'auditEvents', 'releases', 'announcements', 'alarms', 'accessRequests'];
    for (const list of lists) {
      for (const after of crafted) {
        const res = await gql(server.url, server.adminToken, `query($a: String) { ${list}(after: $a) { pageInfo { hasNextPage } } }`, { a: after });
        expect(codeOf(res), `${list} after ${after}: ${JSON.stringify(res)}`).toBe('INVALID_INPUT');
      }
    }
    const first = await gql(server.url, server.adminToken, '{ auditEvents(first: 1) { pageInfo { endCursor } } }');
    const next = await gql(server.url, server.adminToken, 'query($a: String) { auditEvents(first: 1, after: $a) { nodes { seq } } }', { a: first.data!.auditEvents.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
  });

  it('answers onCall with a catalogued code for odd instants, even for a schedule whose row is corrupt', async () => {
    const oncall = await makePerson(server.core, server.core.providerId!, ['oncall']);
    // A row written before schedules were validated: an impossible start date in a zone that is no zone.
    await db.database.db.insert(onCallSchedules).values({ name: `legacy-${randomUUID().slice(0, 4)}`, timeZone: 'UTC+25', startDate: '2026-02-30', handoffTime: '09:00', shiftDays: 7, members: [oncall.id] });
    for (const at of [undefined, '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '+275760-09-13T00:00:00.000Z']) {
      const res = await gql(server.url, server.adminToken, 'query($at: DateTime) { onCall(at: $at) { schedule { id } now { personId from until } next { personId from } } }', { at });
      for (const error of res.errors ?? []) expect(error.extensions?.code, JSON.stringify(res)).not.toBe('INTERNAL');
      expect(JSON.stringify(res)).not.toMatch(/"personId":(null|"undefined")/);
    }
  });

  it('refuses the same bad values over graphql-ws, naming the field', async () => {
    const client = wsClient(server.url, t.aContact.token);
    for (const [query, variables, field] of [
      ['query($k: String!) { ticketByKey(key: $k) { id } }', { k: NUL }, 'key'],
      ['subscription($t: ID) { ticketEvents(ticketId: $t) { id } }', { t: 'not-a-uuid' }, 'ticketId'],
      ['query { onCall(at: "2026-02-30T00:00:00Z") { now { personId } } }', {}, 'at'],
    ] as const) {
      const sub = collect(client, query, variables);
      await sub.until(() => sub.errors.length > 0 || sub.completed);
      const [error] = sub.errors as Array<{ extensions?: { code?: string; details?: { fields?: Record<string, string> } } }>;
      expect(error?.extensions?.code, JSON.stringify(sub.errors)).toBe('INVALID_INPUT');
      expect(Object.keys(error?.extensions?.details?.fields ?? {})).toContain(field);
    }
    await client.dispose();
  });

  it('refuses too many root mutations over graphql-ws as over HTTP', async () => {
    const before = await trailLength();
    const client = wsClient(server.url, server.adminToken);
    const many = `mutation { ${Array.from({ length: 11 }, (_, i) => `m${i}: createAlarmSource(name: "bulk-${i}") { secret }`).join(' ')} }`;
    const sub = collect(client, many);
    await sub.until(() => sub.errors.length > 0 || sub.completed);
    expect((sub.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('INVALID_INPUT');
    expect(await trailLength()).toBe(before);
    await client.dispose();
  });

  it('answers UNAUTHENTICATED on an open WebSocket once its token is revoked', async () => {
    const person = await makePerson(server.core, t.a.id, ['contact']);
    const client = wsClient(server.url, person.token);
    const first = collect(client, '{ me { id } }');
    await first.until(() => first.completed);
    expect(first.received).toEqual([{ me: { id: person.id } }]);
    const [token] = await db.database.db.select().from(apiTokens).where(eq(apiTokens.personId, person.id));
    await server.core.execute(revokeApiToken, operator(), { tokenId: token!.id });
    const second = collect(client, '{ me { id } }');
    await second.until(() => second.errors.length > 0 || second.completed);
    expect((second.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('UNAUTHENTICATED');
    await client.dispose();
  });
});
