/**
 * Sign in with Slack over HTTP, as a browser follows it (redirects by hand), against the local fake
 * of Slack's OpenID Connect: the happy path, and every way it is refused, each on the trail.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import { slackOidc } from '../../support/slack-oidc.ts';
import { cookiePair } from '../../support/web-session.ts';

const CLIENT_TEAM = 'T0ACMESIGN';

describe.each(backends)('Sign in with Slack on %s', (backend) => {
  const slack = slackOidc();
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: {
        SLACK_CLIENT_ID: slack.clientId,
        SLACK_CLIENT_SECRET: slack.clientSecret,
        SLACK_OIDC_AUTHORIZE_URL: slack.authorizeUrl,
        SLACK_API_URL: slack.apiUrl,
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const refusals = async () =>
    (await db.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'web_session.sign_in_refused'))).map((e) => e.data);

  /** A browser's round trip: opsdesk → Slack's authorize page → back to the callback, cookies kept. */
  async function signIn(): Promise<{ location: string; cookie?: string }> {
    const start = await fetch(`${server.url}/auth/slack`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const stateCookie = cookiePair(start.headers.getSetCookie()[0]!);
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = await fetch(authorize.headers.get('location')!, { redirect: 'manual', headers: { cookie: stateCookie } });
    expect(callback.status).toBe(303);
    const session = callback.headers.getSetCookie().find((c) => c.startsWith('opsdesk_session='));
    return { location: callback.headers.get('location')!, cookie: session && cookiePair(session) };
  }

  it('says the console may offer it', async () => {
    expect(await (await fetch(`${server.url}/auth/config`)).json()).toEqual({ slack: true });
  });

  it('signs a linked Slack user in as their person, asking Slack with the app’s client and the same redirect', async () => {
    const org = await makeClientOrg(server.core, 'acme-sign');
    const contact = await makePerson(server.core, org.id, ['contact'], { name: 'Sam Slack', slack: { teamId: CLIENT_TEAM, userId: 'USAM0001' } });
    slack.signInAs({ teamId: CLIENT_TEAM, userId: 'USAM0001', name: 'Sam Slack', email: contact.email });
    const { location, cookie } = await signIn();
    expect(location).toBe('/');
    expect(cookie).toBeDefined();
    const session = await fetch(`${server.url}/auth/session`, { headers: { cookie: cookie! } });
    expect(await session.json()).toMatchObject({ person: { id: contact.id, name: 'Sam Slack' } });

    const [authorize] = slack.requestsTo('/openid/connect/authorize').slice(-1);
    expect(authorize!.params).toMatchObject({ response_type: 'code', scope: 'openid profile email', client_id: slack.clientId, redirect_uri: `${server.url}/auth/slack/callback` });
    const [exchange] = slack.requestsTo('/api/openid.connect.token').slice(-1);
    expect(exchange!.params).toMatchObject({ client_id: slack.clientId, client_secret: slack.clientSecret, redirect_uri: `${server.url}/auth/slack/callback` });
    const started = await db.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'web_session.started'));
    expect(started.at(-1)).toMatchObject({ actorId: contact.id, door: 'web', data: { via: 'slack', parentTokenId: null } });
  });

  it('refuses a Slack user linked to nobody, and records who tried', async () => {
    slack.signInAs({ teamId: CLIENT_TEAM, userId: 'USTRANGER', name: 'Stranger', email: 'stranger@example.test' });
    const { location, cookie } = await signIn();
    expect(location).toBe('/signin?error=not_linked');
    expect(cookie).toBeUndefined();
    expect((await refusals()).at(-1)).toEqual({ via: 'slack', reason: 'slack user not linked', slack: { teamId: CLIENT_TEAM, userId: 'USTRANGER' } });
  });

  it('comes back without a session when the person cancels at Slack, or Slack refuses the code', async () => {
    slack.deny();
    expect(await signIn()).toEqual({ location: '/signin?error=denied', cookie: undefined });
    expect((await refusals()).at(-1)).toMatchObject({ reason: 'slack sign-in cancelled' });

    slack.signInAs({ teamId: CLIENT_TEAM, userId: 'USAM0001', name: 'Sam Slack', email: 'sam@example.test' });
    slack.answer('openid.connect.token', () => ({ ok: false, error: 'invalid_code' }));
    try {
      expect(await signIn()).toEqual({ location: '/signin?error=failed', cookie: undefined });
    } finally {
      slack.answer('openid.connect.token', undefined);
    }
    expect((await refusals()).at(-1)).toMatchObject({ reason: 'slack sign-in failed' });
  });

  it('ignores an answer to a sign-in this browser did not start (no state cookie, or another state)', async () => {
    slack.signInAs({ teamId: CLIENT_TEAM, userId: 'USAM0001', name: 'Sam Slack', email: 'sam@example.test' });
    const start = await fetch(`${server.url}/auth/slack`, { redirect: 'manual' });
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const before = slack.requestsTo('/api/openid.connect.token').length;
    const forged = await fetch(authorize.headers.get('location')!, { redirect: 'manual', headers: { cookie: 'opsdesk_oidc=other-state.other-nonce' } });
    expect(forged.headers.get('location')).toBe('/signin?error=failed');
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('opsdesk_session='))).toBe(false);
    expect(slack.requestsTo('/api/openid.connect.token')).toHaveLength(before);
  });
});
