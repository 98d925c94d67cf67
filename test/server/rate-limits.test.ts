/**
 * Rate limits per credential: one token bucket per API token (HTTP, graphql-ws and socket.io share it)
 * and per Slack user. Past the burst, GraphQL answers RATE_LIMITED with how long to wait (HTTP 429 with
 * Retry-After), socket.io acknowledges with the same code, and Slack tells only the person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/rate-limit.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makePerson, startTestServer, type TestServer } from '../support/server.ts';
import { collabClient, connected, emitWithAck, wsClient } from '../support/clients.ts';
import { fakeSlackApi, postSlackCommand, PROVIDER_TEAM, SLACK_SIGNING_SECRET, slackEnv, slashCommand, type FakeSlackApi } from '../support/slack.ts';

const BURST = 3;

describe('rate limits', () => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase('pglite');
    server = await startTestServer(db.database, {
      // A bucket that refills too slowly to matter within a test.
      env: { ...slackEnv, RATE_LIMIT_PER_SECOND: '0.01', RATE_LIMIT_BURST: String(BURST) },
      slack: { webClientOptions: { retryConfig: { retries: 0 } } },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const query = (token: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });

  it('answers HTTP 429 with Retry-After and RATE_LIMITED once a token spent its burst, and leaves other tokens alone', async () => {
    const busy = await makePerson(server.core, server.core.providerId!, ['agent']);
    const calm = await makePerson(server.core, server.core.providerId!, ['agent']);
    for (let i = 0; i < BURST; i++) expect((await query(busy.token)).status).toBe(200);
    const limited = await query(busy.token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { errors: Array<{ extensions: { code: string; retryAfter: number } }> };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(body.errors[0]!.extensions.retryAfter).toBeGreaterThanOrEqual(1);
    expect((await query(calm.token)).status).toBe(200);
  });

  it('counts a token’s WebSocket operations and socket.io emits in the same bucket', async () => {
    const person = await makePerson(server.core, server.core.providerId!, ['agent']);
    const socket = collabClient(server.url, person.token);
    await connected(socket);
    try {
      for (let i = 0; i < BURST; i++) {
        expect(await emitWithAck(socket, 'org:join', { orgId: server.core.providerId })).toMatchObject({ ok: true });
      }
      expect(await emitWithAck(socket, 'org:join', { orgId: server.core.providerId })).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
      });
      const client = wsClient(server.url, person.token);
      const result = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: '{ me { id } }' }, { next: resolve, error: resolve, complete: () => {} });
      });
      expect(JSON.stringify(result)).toContain('RATE_LIMITED');
      await client.dispose();
    } finally {
      socket.disconnect();
    }
  });

  it('tells a Slack user who goes too fast, only them, and does not run their command', async () => {
    const user = { teamId: PROVIDER_TEAM, userId: 'UHASTY01' };
    await makePerson(server.core, server.core.providerId!, ['agent'], { slack: user });
    for (let i = 0; i < BURST; i++) {
      const ok = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(user, 'CGENERAL', '/opsdesk', 'whoami'));
      expect(ok.json.text).not.toMatch(/too many/i);
    }
    const limited = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(user, 'CGENERAL', '/opsdesk', 'whoami'));
    expect(limited.status).toBe(200);
    expect(limited.json.response_type).toBe('ephemeral');
    expect(limited.json.text).toMatch(/too many requests/i);
  });
});

describe('a token bucket', () => {
  it('lets a burst through, then one more per refill, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 0.5, burst: 2, now: () => now });
    expect([limiter.tryTake('k'), limiter.tryTake('k')]).toEqual([0, 0]);
    expect(limiter.tryTake('k')).toBe(2);
    expect(limiter.tryTake('other')).toBe(0);
    now += 2_000;
    expect(limiter.tryTake('k')).toBe(0);
    expect(limiter.tryTake('k')).toBe(2);
    expect(new RateLimiter({ perSecond: 0, burst: 1 }).tryTake('k')).toBe(0);
  });
});
