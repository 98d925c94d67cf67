/**
 * Slack for tests: signed requests into the real Bolt app on the real server, payload fixtures in
 * Slack's documented shapes, and an msw fake of Slack's Web API that records what opsdesk sent.
 *
 * Requests to the server go through `fetch` with a string body: Bolt parses a form only when the
 * content type is exactly `application/x-www-form-urlencoded` (a URLSearchParams body adds a charset).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';

export const SLACK_SIGNING_SECRET = 'test-signing-secret';
export const SLACK_BOT_TOKEN = 'xoxb-test-bot-token';
/** The provider's own workspace, passed as SLACK_PROVIDER_TEAM_ID so Bolt needs no auth.test. */
export const PROVIDER_TEAM = 'TPROVIDER';
/** A client's workspace, seen through a Slack Connect channel. */
export const CLIENT_TEAM = 'TCLIENT1';

/** The environment that turns the Slack door on in HTTP mode. */
export const slackEnv = {
  SLACK_SIGNING_SECRET,
  SLACK_BOT_TOKEN,
  SLACK_PROVIDER_TEAM_ID: PROVIDER_TEAM,
  // Slack's real pace (one message a second per channel) would only slow the suite down.
  SLACK_CHANNEL_PACE_MS: '10',
};

// ---------------------------------------------------------------------------------------------
// Signed requests

/** Slack's request signature: `v0=` + HMAC-SHA256 over `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

export interface SlackHttpResponse {
  status: number;
  text: string;
  /** The parsed body when it is JSON (an ack with a message), else undefined. */
  json: any;
  /** The gateway's request id, which the audit events the request caused carry too. */
  requestId: string | null;
}

export interface PostOptions {
  /** Sign with this timestamp (unix seconds), for stale-request tests. */
  timestamp?: number;
  headers?: Record<string, string>;
}

/** Accepts the server's base URL or the full events URL. */
const eventsUrl = (url: string) => (url.endsWith('/slack/events') ? url : `${url.replace(/\/$/, '')}/slack/events`);

async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  options: PostOptions = {},
): Promise<SlackHttpResponse> {
  const response = await fetch(eventsUrl(url), {
    method: 'POST',
    headers: { 'content-type': contentType, ...signSlackRequest(secret, body, options.timestamp), ...options.headers },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, requestId: response.headers.get('x-request-id') };
}

const FORM = 'application/x-www-form-urlencoded';

export function postSlackCommand(url: string, secret: string, fields: Record<string, string>, options?: PostOptions) {
  return postSigned(url, secret, new URLSearchParams(fields).toString(), FORM, options);
}

export function postSlackInteraction(url: string, secret: string, payload: object, options?: PostOptions) {
  return postSigned(url, secret, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, options);
}

export function postSlackEvent(
  url: string,
  secret: string,
  envelope: object,
  options: PostOptions & { retryNum?: number; retryReason?: string } = {},
) {
  const retry: Record<string, string> =
    options.retryNum !== undefined
      ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': options.retryReason ?? 'http_timeout' }
      : {};
  return postSigned(url, secret, JSON.stringify(envelope), 'application/json', {
    ...options,
    headers: { ...retry, ...options.headers },
  });
}

// ---------------------------------------------------------------------------------------------
// Payload fixtures (Slack's documented shapes, trimmed to what opsdesk and Bolt read)

const slackTs = () => `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const randomId = (prefix: string) => `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;

export interface SlackUserRef {
  teamId: string;
  userId: string;
  userName?: string;
}

/** The form fields of a slash command invocation. */
export function slashCommand(
  user: SlackUserRef,
  channelId: string,
  command: string,
  text: string,
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: user.teamId,
    team_domain: user.teamId.toLowerCase(),
    channel_id: channelId,
    channel_name: channelId.toLowerCase(),
    user_id: user.userId,
    user_name: user.userName ?? user.userId.toLowerCase(),
    command,
    text,
    api_app_id: 'AOPSDESK',
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/${user.teamId}/1234/${randomId('R')}`,
    trigger_id: `${Date.now()}.${randomId('')}`,
  };
}

/**
 * A `view_submission` of a modal: `values` is the view's state, block id → action id → element
 * state, as Slack sends it. Give `id` to submit the same view twice (a retried submission).
 */
export function viewSubmission(
  user: SlackUserRef,
  view: { id?: string; callbackId: string; privateMetadata?: string; values: Record<string, Record<string, unknown>> },
) {
  return {
    type: 'view_submission',
    team: { id: user.teamId, domain: user.teamId.toLowerCase() },
    user: { id: user.userId, username: user.userId.toLowerCase(), name: user.userId.toLowerCase(), team_id: user.teamId },
    api_app_id: 'AOPSDESK',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.${randomId('T')}`,
    view: {
      id: view.id ?? randomId('V'),
      team_id: user.teamId,
      type: 'modal',
      callback_id: view.callbackId,
      private_metadata: view.privateMetadata ?? '',
      hash: '1700000000.abcdef',
      state: { values: view.values },
    },
    response_urls: [],
  };
}

/** An Events API envelope around `app_home_opened` (the person opened opsdesk's Home tab). */
export function appHomeOpened(user: SlackUserRef, options: { eventId?: string } = {}) {
  const ts = slackTs();
  return {
    token: 'deprecated-verification-token',
    team_id: PROVIDER_TEAM,
    api_app_id: 'AOPSDESK',
    type: 'event_callback',
    event_id: options.eventId ?? randomId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: PROVIDER_TEAM, user_id: 'UOPSDESKBOT', is_bot: true }],
    event: { type: 'app_home_opened', user: user.userId, channel: `D${user.userId}`, tab: 'home', event_ts: ts },
  };
}

/** An Events API envelope around a channel message. */
export function messageEvent(
  user: SlackUserRef,
  channelId: string,
  text: string,
  options: { eventId?: string; installTeamId?: string; threadTs?: string } = {},
) {
  const ts = slackTs();
  const installTeam = options.installTeamId ?? PROVIDER_TEAM;
  return {
    token: 'deprecated-verification-token',
    team_id: installTeam,
    api_app_id: 'AOPSDESK',
    type: 'event_callback',
    event_id: options.eventId ?? randomId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: installTeam, user_id: 'UOPSDESKBOT', is_bot: true }],
    event: {
      type: 'message',
      channel: channelId,
      channel_type: 'channel',
      user: user.userId,
      text,
      ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      team: user.teamId,
      ...(user.teamId !== installTeam ? { user_team: user.teamId, source_team: user.teamId } : {}),
      event_ts: ts,
    },
  };
}

/** A `block_actions` payload: a button pressed on a message in a channel. */
export function blockActions(
  user: SlackUserRef,
  channelId: string,
  action: { actionId: string; value?: string; blockId?: string },
  options: { messageTs?: string } = {},
) {
  const messageTs = options.messageTs ?? slackTs();
  return {
    type: 'block_actions',
    user: { id: user.userId, username: user.userName ?? user.userId.toLowerCase(), team_id: user.teamId },
    api_app_id: 'AOPSDESK',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomId('')}`,
    team: { id: user.teamId, domain: user.teamId.toLowerCase() },
    channel: { id: channelId, name: channelId.toLowerCase() },
    message: { type: 'message', ts: messageTs, text: 'a message with a button' },
    // The presser's id in the path (Slack's own URLs do not carry it) lets a test tell whom an answer went to.
    response_url: `https://hooks.slack.com/actions/${user.teamId}/${user.userId}/${randomId('R')}`,
    actions: [
      {
        type: 'button',
        action_id: action.actionId,
        block_id: action.blockId ?? 'actions',
        text: { type: 'plain_text', text: action.actionId },
        value: action.value ?? '',
        action_ts: slackTs(),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The fake Web API

export interface SlackApiCall {
  method: string;
  /** The arguments as sent, with `blocks`, `view`, `attachments` and `metadata` JSON-decoded. */
  args: Record<string, any>;
  /** The bearer token the client used. */
  token: string | undefined;
}

export interface ResponseUrlPost {
  url: string;
  body: any;
}

export interface FakeSlackApi {
  readonly calls: SlackApiCall[];
  /** Posts to `response_url`s (Bolt's `respond`). */
  readonly responseUrlPosts: ResponseUrlPost[];
  /**
   * What opsdesk told one Slack user only, in whichever way it chose: an ephemeral message, or an
   * ephemeral answer to the response URL of a button that user pressed.
   */
  toldOnly(userId: string): string[];
  callsTo(method: string): SlackApiCall[];
  /**
   * The users `users.info` knows, by user id (team defaults to the provider's). Declare every user
   * a test meets for the first time: opsdesk takes their name and home team from here; anyone
   * undeclared gets `user_not_found`, as a deleted user would.
   */
  readonly users: Map<string, { realName: string; teamId?: string }>;
  /** Answer `method` with this instead of the default (an `ok: false` answer makes the client throw). */
  answer(method: string, respond: (args: Record<string, any>) => Record<string, unknown>): void;
  /** Answer the next `count` calls to `method` with HTTP 429 and `Retry-After`, as Slack's rate limiter does. */
  rateLimit(method: string, retryAfterSeconds: number, count?: number): void;
  /**
   * Slack is down: every Web API call is answered by `respond` (a network error with
   * `HttpResponse.error()`, or a 5xx) until `outage(undefined)`. Those calls go to `refused`, not
   * to `calls`: they never reached Slack.
   */
  outage(respond: ((method: string) => Response) | undefined): void;
  /** Calls answered by an outage. */
  readonly refused: SlackApiCall[];
  reset(): void;
  /** More request handlers on the same msw server (another HTTP API a test replaces beside Slack's: an SMS provider). */
  use(...handlers: Parameters<ReturnType<typeof setupServer>['use']>): void;
  close(): void;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

async function readArgs(request: Request): Promise<Record<string, any>> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return ((await request.json()) ?? {}) as Record<string, any>;
  const args: Record<string, any> = Object.fromEntries(new URLSearchParams(await request.text()));
  for (const field of JSON_FIELDS) {
    if (typeof args[field] === 'string') {
      try {
        args[field] = JSON.parse(args[field]);
      } catch {
        // left as sent: a test asserting on it will show the raw string
      }
    }
  }
  return args;
}

/**
 * Start intercepting `https://slack.com/api/*` (and response URLs) in this test process. Requests
 * to anything else, the test server on localhost included, pass through untouched.
 *
 * `apiUrl` moves the Web API elsewhere (opsdesk's SLACK_API_URL), for a test that also runs the
 * local Sign in with Slack fake there (test/support/slack-oidc.ts): its `openid.connect.*` methods
 * then go through to that fake's real server, and every other method is answered here.
 */
export function fakeSlackApi(
  identity: { teamId?: string; botUserId?: string; botId?: string; apiUrl?: string } = {},
): FakeSlackApi {
  const teamId = identity.teamId ?? PROVIDER_TEAM;
  const botUserId = identity.botUserId ?? 'UOPSDESKBOT';
  const botId = identity.botId ?? 'BOPSDESK';
  const calls: SlackApiCall[] = [];
  const responseUrlPosts: ResponseUrlPost[] = [];
  const users = new Map<string, { realName: string; teamId?: string }>();
  const overrides = new Map<string, (args: Record<string, any>) => Record<string, unknown>>();
  const rateLimited = new Map<string, { retryAfterSeconds: number; count: number }>();
  const refused: SlackApiCall[] = [];
  let down: ((method: string) => Response) | undefined;

  const defaults: Record<string, (args: Record<string, any>) => Record<string, unknown>> = {
    'auth.test': () => ({ url: 'https://provider.slack.com/', team: 'Provider', user: 'opsdesk', team_id: teamId, user_id: botUserId, bot_id: botId }),
    'chat.postMessage': (args) => ({ channel: args.channel, ts: slackTs(), message: { text: args.text, ts: slackTs(), bot_id: botId } }),
    'chat.postEphemeral': () => ({ message_ts: slackTs() }),
    'chat.update': (args) => ({ channel: args.channel, ts: args.ts, text: args.text }),
    'chat.getPermalink': (args) => ({ channel: args.channel, permalink: `https://provider.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}` }),
    'conversations.open': (args) => ({ channel: { id: `D${String(args.users ?? 'X').replace(/,/g, '')}` } }),
    'users.info': (args) => {
      const known = users.get(String(args.user));
      // An undeclared user is unknown to Slack too: opsdesk then falls back to the payload.
      if (!known) return { ok: false, error: 'user_not_found' };
      return {
        user: {
          id: args.user,
          team_id: known.teamId ?? teamId,
          name: known.realName.toLowerCase().replace(/\s+/g, '.'),
          real_name: known.realName,
          is_bot: false,
          profile: { real_name: known.realName, display_name: known.realName.split(' ')[0] },
        },
      };
    },
    'views.open': (args) => ({ view: { id: randomId('V'), ...(args.view ?? {}) } }),
    'views.update': (args) => ({ view: { id: args.view_id ?? randomId('V'), ...(args.view ?? {}) } }),
    'views.publish': (args) => ({ view: { id: randomId('V'), ...(args.view ?? {}) } }),
    'views.push': (args) => ({ view: { id: randomId('V'), ...(args.view ?? {}) } }),
  };

  const server = setupServer(
    http.post(`${(identity.apiUrl ?? 'https://slack.com/api/').replace(/\/?$/, '/')}:method`, async ({ request, params }) => {
      const method = String(params.method);
      if (identity.apiUrl && method.startsWith('openid.connect.')) return passthrough();
      const args = await readArgs(request);
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? args.token;
      if (down) {
        refused.push({ method, args, token });
        return down(method);
      }
      calls.push({ method, args, token });
      const limit = rateLimited.get(method);
      if (limit && limit.count > 0) {
        limit.count--;
        return HttpResponse.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'retry-after': String(limit.retryAfterSeconds) } });
      }
      const respond = overrides.get(method) ?? defaults[method];
      return HttpResponse.json({ ok: true, ...(respond ? respond(args) : {}) });
    }),
    http.post('https://hooks.slack.com/*', async ({ request }) => {
      const text = await request.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      responseUrlPosts.push({ url: request.url, body });
      return HttpResponse.text('ok');
    }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });

  return {
    calls,
    responseUrlPosts,
    toldOnly: (userId) => [
      ...calls.filter((c) => c.method === 'chat.postEphemeral' && c.args.user === userId).map((c) => String(c.args.text)),
      ...responseUrlPosts
        .filter((p) => p.url.includes(`/${userId}/`) && p.body?.response_type === 'ephemeral')
        .map((p) => String(p.body.text)),
    ],
    users,
    callsTo: (method) => calls.filter((c) => c.method === method),
    answer(method, respond) {
      overrides.set(method, respond);
    },
    rateLimit(method, retryAfterSeconds, count = 1) {
      rateLimited.set(method, { retryAfterSeconds, count });
    },
    refused,
    outage(respond) {
      down = respond;
    },
    reset() {
      calls.length = 0;
      refused.length = 0;
      down = undefined;
      responseUrlPosts.length = 0;
      overrides.clear();
      rateLimited.clear();
    },
    use(...handlers) {
      server.use(...handlers);
    },
    close() {
      server.close();
    },
  };
}
