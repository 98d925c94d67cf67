import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { systemActor } from '../../../core/actor.ts';
import { removePerson, revokeApiToken, setRoles } from '../../../core/directory/index.ts';
import { apiTokens, auditEvents } from '../../../db/schema.ts';
import { csrfTokenOf } from '../../../server/web-session.ts';
import { codeOf, collect, connected, eventually } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import { cookiePair, postAuth, signInWithToken, webCollabClient, webGql, webWsClient } from '../../support/web-session.ts';

const cli = () => systemActor('cli', 'cli', 'test');
const ME = '{ me { id name } }';

describe.each(backends)('web console sessions on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock, env: { WEB_SESSION_IDLE_MINUTES: '30', WEB_SESSION_LIFETIME_MINUTES: '600' } });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const audit = (action: string) => db.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));
  const sessionRows = (personId: string) =>
    db.database.db.select().from(apiTokens).where(and(eq(apiTokens.personId, personId), eq(apiTokens.kind, 'session')));

  it('exchanges an API token for an HttpOnly, SameSite=Lax cookie that holds a session, not the token', async () => {
    const org = await makeClientOrg(server.core, 'cookie-co');
    const contact = await makePerson(server.core, org.id, ['contact'], { name: 'Cora Contact' });
    const response = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ token: contact.token }),
    });
    expect(response.status).toBe(200);
    const [setCookie] = response.headers.getSetCookie();
    expect(setCookie).toMatch(/^opsdesk_session=ods_/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // served over plain HTTP here
    expect(setCookie).not.toContain(contact.token);
    const body = (await response.json()) as { csrfToken: string };
    expect(body).toMatchObject({ person: { id: contact.id, name: 'Cora Contact' }, csrfToken: expect.any(String) });
    const session = await fetch(`${server.url}/auth/session`, { headers: { cookie: cookiePair(setCookie!) } });
    expect(await session.json()).toMatchObject({ person: { id: contact.id }, csrfToken: body.csrfToken });
    // Stored hashed: the secret itself is nowhere in the database.
    const rows = await sessionRows(contact.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(cookiePair(setCookie!).split('=')[1]);
    const [started] = (await audit('web_session.started')).filter((e) => e.subjectId === rows[0]!.id);
    expect(started).toMatchObject({ actorId: contact.id, door: 'web', orgId: org.id });
  });

  it('marks the cookie Secure (and __Host-) when the console is served over HTTPS', async () => {
    const person = await makePerson(server.core, server.core.providerId!, ['agent']);
    const response = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://ops.example.test', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'ops.example.test' },
      body: JSON.stringify({ token: person.token }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-opsdesk_session=.*; Secure/i);
  });

  it('refuses a bad token with 401, writes no session, and records the refusal on the provider chain', async () => {
    const before = (await audit('web_session.sign_in_refused')).length;
    const response = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ token: 'odk_not-a-real-token' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'invalid, expired or revoked token' } });
    const refused = await audit('web_session.sign_in_refused');
    expect(refused).toHaveLength(before + 1);
    const last = refused.at(-1)!;
    expect(last).toMatchObject({ actorType: 'system', door: 'web', chainId: server.core.providerId, data: { via: 'token', reason: 'unknown token', slack: null } });
    expect(JSON.stringify(last.data)).not.toContain('odk_not-a-real-token');
  });

  it('does not take a session cookie as a bearer token, nor an API token as a cookie', async () => {
    const person = await makePerson(server.core, server.core.providerId!, ['agent']);
    const session = await signInWithToken(server.url, person.token);
    const secret = session.cookie.split('=')[1]!;
    const asBearer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: ME }),
    });
    expect(asBearer.status).toBe(401);
    // Even with the CSRF token that would match it, an API token is no session.
    const tokenAsCookie = { cookie: `opsdesk_session=${person.token}`, csrfToken: csrfTokenOf(person.token) };
    expect((await webGql(server.url, tokenAsCookie, ME)).status).toBe(401);
  });

  it('takes GraphQL by cookie only with the CSRF token and from its own origin, and records the web door', async () => {
    const person = await makePerson(server.core, server.core.providerId!, ['admin']);
    const session = await signInWithToken(server.url, person.token);
    const mutation = 'mutation($p: ID!) { createApiToken(input: { personId: $p, label: "from the console" }) { apiToken { id } } }';
    const before = (await audit('api_token.created')).length;

    const withoutCsrf = await webGql(server.url, { cookie: session.cookie }, mutation, { p: person.id });
    expect(withoutCsrf.status).toBe(403);
    expect(codeOf(withoutCsrf)).toBe('FORBIDDEN');
    const wrongCsrf = await webGql(server.url, { cookie: session.cookie, csrfToken: 'x'.repeat(43) }, mutation, { p: person.id });
    expect(wrongCsrf.status).toBe(403);
    const crossSite = await webGql(server.url, session, mutation, { p: person.id }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(await audit('api_token.created')).toHaveLength(before);

    const ok = await webGql(server.url, session, mutation, { p: person.id });
    expect(ok.errors).toBeUndefined();
    const created = await audit('api_token.created');
    expect(created).toHaveLength(before + 1);
    expect(created.at(-1)).toMatchObject({ actorId: person.id, door: 'web' });
  });

  it('signs out one session, and signs out everywhere: other sessions, subscriptions and sockets end', async () => {
    const org = await makeClientOrg(server.core, 'everywhere-co');
    const person = await makePerson(server.core, org.id, ['contact', 'space_admin']);
    const first = await signInWithToken(server.url, person.token);
    const second = await signInWithToken(server.url, person.token);
    const third = await signInWithToken(server.url, person.token);

    // Sign out without the CSRF token: refused, nothing ends.
    const forged = await fetch(`${server.url}/auth/signout-everywhere`, { method: 'POST', headers: { cookie: first.cookie, origin: server.url } });
    expect(forged.status).toBe(403);
    expect((await webGql(server.url, second, ME)).data?.me.id).toBe(person.id);

    const signedOut = await postAuth(server.url, 'signout', third);
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.getSetCookie()[0]).toMatch(/opsdesk_session=;.*Expires=Thu, 01 Jan 1970/i);
    expect((await webGql(server.url, third, ME)).status).toBe(401);
    expect((await webGql(server.url, first, ME)).status).toBe(200);

    let closedWith: number | undefined;
    const ws = webWsClient(server.url, second, (code) => (closedWith = code));
    const events = collect(ws, 'subscription($o: ID!) { events(orgId: $o) { type } }', { o: org.id });
    const socket = webCollabClient(server.url, second);
    await connected(socket);
    let socketEnded = false;
    socket.on('session:ended', () => (socketEnded = true));
    await eventually(async () => (await sessionRows(person.id)).length === 3);

    expect((await postAuth(server.url, 'signout-everywhere', first)).status).toBe(204);
    expect((await webGql(server.url, first, ME)).status).toBe(401);
    expect((await webGql(server.url, second, ME)).status).toBe(401);
    await eventually(() => closedWith !== undefined || events.completed || events.errors.length > 0, 15_000);
    await eventually(() => socketEnded, 15_000);
    expect((await sessionRows(person.id)).every((row) => row.revokedAt !== null)).toBe(true);
    const ended = (await audit('web_session.ended')).filter((e) => (e.data as { personId: string }).personId === person.id);
    expect(ended.map((e) => (e.data as { reason: string }).reason).sort()).toEqual(['signed out', 'signed out everywhere', 'signed out everywhere']);
    socket.disconnect();
    await ws.dispose();
  });

  it('ends the sessions a token started when the token is revoked, and a person’s sessions on removal or loss of every role', async () => {
    const org = await makeClientOrg(server.core, 'trust-co');
    const viaRevoked = await makePerson(server.core, org.id, ['contact']);
    const session = await signInWithToken(server.url, viaRevoked.token);
    const [tokenRow] = await db.database.db.select().from(apiTokens).where(and(eq(apiTokens.personId, viaRevoked.id), eq(apiTokens.kind, 'api')));
    await server.core.execute(revokeApiToken, cli(), { tokenId: tokenRow!.id });
    expect((await webGql(server.url, session, ME)).status).toBe(401);
    const [ended] = (await audit('web_session.ended')).filter((e) => (e.data as { personId: string }).personId === viaRevoked.id);
    expect(ended?.data).toMatchObject({ reason: 'token revoked' });

    const removed = await makePerson(server.core, org.id, ['contact']);
    const removedSession = await signInWithToken(server.url, removed.token);
    await server.core.execute(removePerson, cli(), { orgId: org.id, personId: removed.id });
    expect((await webGql(server.url, removedSession, ME)).status).toBe(401);
    const [gone] = (await audit('web_session.ended')).filter((e) => (e.data as { personId: string }).personId === removed.id);
    expect(gone?.data).toMatchObject({ reason: 'person removed' });

    const demoted = await makePerson(server.core, org.id, ['contact']);
    const demotedSession = await signInWithToken(server.url, demoted.token);
    await server.core.execute(setRoles, cli(), { orgId: org.id, personId: demoted.id, roles: [] });
    expect((await webGql(server.url, demotedSession, ME)).status).toBe(401);
  });

  it('ends a session left idle past the idle timeout, and one past its lifetime however busy', async () => {
    const person = await makePerson(server.core, server.core.providerId!, ['agent']);
    const idle = await signInWithToken(server.url, person.token);
    const busy = await signInWithToken(server.url, person.token);
    clock.advance(20 * 60_000);
    expect((await webGql(server.url, busy, ME)).status).toBe(200); // moves busy's idle deadline on
    clock.advance(15 * 60_000);
    expect((await webGql(server.url, idle, ME)).status).toBe(401);
    expect((await webGql(server.url, busy, ME)).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      clock.advance(29 * 60_000);
      if ((await webGql(server.url, busy, ME)).status !== 200) break;
    }
    // 600 minutes after sign-in at most, used every 29 minutes: ended by its lifetime.
    expect((await webGql(server.url, busy, ME)).status).toBe(401);
  });

  it('opens graphql-ws and socket.io by cookie only with the CSRF token and from its own origin', async () => {
    const person = await makePerson(server.core, server.core.providerId!, ['agent']);
    const session = await signInWithToken(server.url, person.token);
    let crossSiteClose: number | undefined;
    const crossSite = webWsClient(server.url, session, (code) => (crossSiteClose = code), 'https://evil.example');
    await eventually(() => crossSiteClose !== undefined, 10_000);
    expect(crossSiteClose).toBe(4403);
    await crossSite.dispose();

    const noCsrf = webCollabClient(server.url, session, '');
    await expect(connected(noCsrf)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    noCsrf.disconnect();
    const ok = webCollabClient(server.url, session);
    await connected(ok);
    ok.disconnect();
  });
});
