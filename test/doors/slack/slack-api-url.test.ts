/**
 * SLACK_API_URL end to end: a real HTTP server on a free port stands in for Slack's Web API (no
 * msw here), and both Web API clients, the notifier's and Bolt's, call it instead of slack.com.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackDoor } from '../../../doors/slack/index.ts';
import type { NotifierRule } from '../../../doors/slack/notifier/types.ts';
import { loadConfig } from '../../../server/config.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, startTestServer, type TestServer, slackDoorOf } from '../../support/server.ts';
import { postSlackCommand, PROVIDER_TEAM, slackEnv, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, slashCommand } from '../../support/slack.ts';

interface Received {
  path: string;
  args: Record<string, string>;
  authorization: string | undefined;
}

/** A stand-in for Slack's Web API: records each call and answers as Slack would. */
function localSlack(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const args = Object.fromEntries(new URLSearchParams(body));
      received.push({ path: req.url ?? '', args, authorization: req.headers.authorization });
      const method = (req.url ?? '').split('/').at(-1);
      const answer =
        method === 'chat.postMessage'
          ? { ok: true, channel: args.channel, ts: '1700000000.000100' }
          : method === 'users.info'
            ? { ok: true, user: { id: args.user, team_id: PROVIDER_TEAM, real_name: 'Lotta Local', name: 'lotta' } }
            : { ok: true, team_id: PROVIDER_TEAM, user_id: 'UOPSDESKBOT', bot_id: 'BOPSDESK' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, received })),
  );
}

/** One message per new org, in a channel of its own. */
const announceOrgs: NotifierRule = async (event) => (event.type === 'org.created' ? [{ kind: 'post', channel: 'CLOCAL001', text: `new org ${String(event.payload.slug)}` }] : []);

// About the HTTP client, not the database: one pass (the PGlite one) is enough.
describe.runIf(backends.includes('pglite'))('SLACK_API_URL', () => {
  let db: TestDatabase;
  let slack: Awaited<ReturnType<typeof localSlack>>;
  let server: TestServer;
  let door: SlackDoor;

  beforeAll(async () => {
    slack = await localSlack();
    db = await createTestDatabase('pglite');
    server = await startTestServer(db.database, {
      env: { ...slackEnv, SLACK_API_URL: slack.url },
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { rules: [announceOrgs], autoRun: false } },
    });
    door = slackDoorOf(server);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await new Promise((resolve) => slack?.server.close(resolve));
  });

  it('is unset by default (Slack’s own), and refused at start when it is not a URL', () => {
    expect(loadConfig({}).SLACK_API_URL).toBeUndefined();
    expect(loadConfig({ SLACK_API_URL: ' http://slack-proxy.internal:8080/api/ ' }).SLACK_API_URL).toBe('http://slack-proxy.internal:8080/api/');
    expect(() => loadConfig({ SLACK_API_URL: 'slack-proxy' })).toThrow(/SLACK_API_URL/);
    expect(() => loadConfig({ SLACK_API_URL: 'ftp://slack-proxy/api/' })).toThrow(/SLACK_API_URL: must be an http\(s\) URL/);
  });

  it('sends the notifier’s messages to the Web API at that address', async () => {
    await makeClientOrg(server.core, 'localco');
    await door.notifier.drain();
    const posts = slack.received.filter((r) => r.path === '/api/chat.postMessage');
    expect(posts.map((p) => [p.args.channel, p.args.text, p.authorization])).toEqual([['CLOCAL001', 'new org localco', `Bearer ${SLACK_BOT_TOKEN}`]]);
  });

  it('sends the Bolt app’s calls there too', async () => {
    const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand({ teamId: PROVIDER_TEAM, userId: 'ULOTTA001' }, 'CLOCAL001', '/opsdesk', 'whoami'));
    expect(res.status).toBe(200);
    expect(slack.received.filter((r) => r.path === '/api/users.info').map((r) => r.args.user)).toEqual(['ULOTTA001']);
    expect(res.text).toContain('Lotta Local');
  });
});
