/**
 * Bearer tokens of HTTP requests are remembered briefly (server/bearer-cache.ts), and never past
 * what the directory says: a revoked token, a person's roles set or their removal count from the
 * next request on, on this instance and on another instance of the same database (through the
 * bus); an expired token by the core's clock, before its expiry event; and a wrong secret is never
 * remembered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { BearerCache } from '../../server/bearer-cache.ts';
import { createApiToken, revokeApiToken, setRoles } from '../../core/directory/index.ts';
import { eventually, gql } from '../support/clients.ts';
import { operator } from '../support/core.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../support/server.ts';

const ME = '{ me { id memberships { roles } } }';

describe.each(backends)('bearer tokens remembered for HTTP requests on %s', (backend) => {
  const clock = new ManualClock('2026-12-04T09:00:00Z');
  let db: TestDatabase;
  let server: TestServer;
  let orgId: string;

  const status = async (token: string) => (await gql(server.url, token, ME)).status;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    orgId = (await makeClientOrg(server.core, 'acme')).id;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('answers a revoked token 401 from the next request on', async () => {
    const person = await makePerson(server.core, orgId, ['contact']);
    const second = await server.core.execute(createApiToken, operator(), { personId: person.id, label: 'second' });
    expect(await status(second.token)).toBe(200);
    expect(await status(second.token)).toBe(200);
    await server.core.execute(revokeApiToken, operator(), { tokenId: second.id });
    expect(await status(second.token)).toBe(401);
    // The person's other token is not the revoked one.
    expect(await status(person.token)).toBe(200);
  });

  it('answers with the person’s new roles from the next request on', async () => {
    const person = await makePerson(server.core, orgId, ['contact']);
    const roles = async () => (await gql<{ me: { memberships: { roles: string[] }[] } }>(server.url, person.token, ME)).data?.me.memberships[0]?.roles;
    expect(await roles()).toEqual(['CONTACT']);
    await server.core.execute(setRoles, operator(), { orgId, personId: person.id, roles: ['space_admin'] });
    expect(await roles()).toEqual(['SPACE_ADMIN']);
  });

  it('answers an expired token 401 by the clock, before its expiry is recorded', async () => {
    const person = await makePerson(server.core, orgId, ['contact']);
    const short = await server.core.execute(createApiToken, operator(), { personId: person.id, label: 'short', expiresAt: new Date(clock.now().getTime() + 60_000) });
    expect(await status(short.token)).toBe(200);
    clock.advance(61_000);
    // No timer has run: the token's expiry event is not on the bus yet.
    expect(await status(short.token)).toBe(401);
  });

  it('never remembers a wrong secret, and remembers a right one once', async () => {
    const person = await makePerson(server.core, orgId, ['contact']);
    const cache = new BearerCache(server.core);
    cache.start();
    try {
      expect(await cache.authenticate('not-a-token-of-anyone', 'graphql', 'r1')).toBeUndefined();
      expect(await cache.authenticate('not-a-token-of-anyone', 'graphql', 'r2')).toBeUndefined();
      expect(cache.size).toBe(0);
      const first = await cache.authenticate(person.token, 'graphql', 'r3');
      const again = await cache.authenticate(person.token, 'graphql', 'r4');
      expect(cache.size).toBe(1);
      // The remembered actor carries each request's own id.
      expect([first?.actor.id, first?.actor.requestId, again?.actor.id, again?.actor.requestId]).toEqual([person.id, 'r3', person.id, 'r4']);
    } finally {
      cache.stop();
    }
  });

  it.runIf(backend === 'postgres' && hasPostgres)('answers 401 on another instance once the revocation committed on this one reaches it', async () => {
    const other = await startTestServer(db.database, { clock });
    try {
      const person = await makePerson(server.core, orgId, ['contact']);
      const elsewhere = (token: string) => gql(other.url, token, ME).then((r) => r.status);
      expect(await elsewhere(person.token)).toBe(200);
      const [token] = await server.core.database.db.query.apiTokens.findMany({ where: (t, { eq }) => eq(t.personId, person.id) });
      await server.core.execute(revokeApiToken, operator(), { tokenId: token!.id });
      await eventually(async () => (await elsewhere(person.token)) === 401);
    } finally {
      await other.stop();
    }
  });
});
