/**
 * A local fake of "Sign in with Slack" (OpenID Connect): a real HTTP server on 127.0.0.1 and a free
 * port, because the authorize step is a browser navigation that msw (in-process) cannot see.
 *
 *   GET  /openid/connect/authorize   302 straight back to redirect_uri with ?code&state for the
 *                                    Slack user set by signInAs(), or ?error=access_denied&state
 *                                    after deny(); 400 (an HTML page, as Slack shows) on a bad request
 *   POST /api/openid.connect.token   code -> { ok, access_token, token_type: 'Bearer', id_token }
 *   GET|POST /api/openid.connect.userInfo   Bearer access_token -> the user's claims
 *   GET  /openid/connect/keys        JWKS with the RS256 key that signs the id_tokens
 *   GET  /.well-known/openid-configuration   discovery, pointing at this fake
 *
 * Web API methods answer HTTP 200 with `{ ok: false, error }` on failure, as Slack does. The id_token
 * is signed with a key the fake makes at start; its claims follow Slack's documented payload
 * (iss 'https://slack.com', aud = client_id, sub = the Slack user id, https://slack.com/team_id, ...).
 * Every request is recorded (`requests`), so tests can assert what opsdesk sent.
 *
 * With msw in the same process (test/support/slack.ts, `fakeSlackApi()`): msw only answers
 * https://slack.com/... and https://hooks.slack.com/... and lets every other request through
 * (`onUnhandledRequest: 'bypass'`), so opsdesk's calls to this fake reach it unchanged, provided
 * opsdesk is configured with `apiUrl` (not https://slack.com/api/, which msw would answer with a
 * bare `{ ok: true }`). See docs/testing-browser.md.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export const SLACK_ISSUER = 'https://slack.com';

/** The Slack user "signed in to Slack" in the test's browser. */
export interface SlackOidcUser {
  teamId: string;
  userId: string;
  name: string;
  email: string;
  givenName?: string;
  familyName?: string;
  teamName?: string;
  teamDomain?: string;
  locale?: string;
}

export interface SlackOidcRequest {
  method: string;
  /** The path without the query, e.g. `/api/openid.connect.token`. */
  path: string;
  /** Query and body parameters (form or JSON), merged; the body wins. */
  params: Record<string, string>;
  /** The Authorization header, if any. */
  authorization?: string;
  contentType?: string;
}

/** The JSON a Web API method answers with (HTTP 200). */
export type SlackOidcReply = Record<string, unknown> & { ok: boolean };

export interface SlackOidcFake {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/openid/connect/authorize`: where opsdesk sends the browser. */
  readonly authorizeUrl: string;
  /** `http://127.0.0.1:<port>/api/`: Slack's Web API base (as @slack/web-api's `slackApiUrl`). */
  readonly apiUrl: string;
  /** `http://127.0.0.1:<port>/openid/connect/keys` */
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request, in order. */
  readonly requests: SlackOidcRequest[];
  /** The requests to one path, e.g. `requestsTo('/api/openid.connect.token')`. */
  requestsTo(path: string): SlackOidcRequest[];
  /** The next authorizations sign this user in (until signInAs / deny again). */
  signInAs(user: SlackOidcUser): void;
  /** The next authorizations are cancelled by the user: `error=access_denied`. */
  deny(): void;
  /** Answer a Web API method yourself (e.g. `{ ok: false, error: 'invalid_code' }`); undefined restores the fake. */
  answer(method: 'openid.connect.token' | 'openid.connect.userInfo', reply: ((params: Record<string, string>) => SlackOidcReply) | undefined): void;
  /** The JWKS served at jwksUrl. */
  readonly jwks: { keys: JsonWebKey[] };
  /** Forget requests, codes, tokens, answers and the signed-in user. */
  reset(): void;
  close(): Promise<void>;
}

export interface SlackOidcOptions {
  clientId?: string;
  clientSecret?: string;
  /** The id_token's iss (default https://slack.com, as Slack's). */
  issuer?: string;
  /** id_token lifetime in seconds (default 300, as Slack's example). */
  idTokenSeconds?: number;
}

interface Grant {
  user: SlackOidcUser;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  used: boolean;
  expiresAt: number;
}

const CODE_SECONDS = 600;
const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = base64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), key);
  return `${header}.${body}.${base64url(signature)}`;
}

/** OpenID's at_hash: the left half of SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  return base64url(createHash('sha256').update(accessToken).digest().subarray(0, 16));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string | undefined): Record<string, string> {
  if (!text) return {};
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function userClaims(user: SlackOidcUser): Record<string, unknown> {
  return {
    sub: user.userId,
    'https://slack.com/user_id': user.userId,
    'https://slack.com/team_id': user.teamId,
    email: user.email,
    email_verified: true,
    date_email_verified: 1622128723,
    name: user.name,
    picture: 'https://secure.gravatar.com/avatar/opsdesk-test.png',
    given_name: user.givenName ?? user.name.split(' ')[0] ?? '',
    family_name: user.familyName ?? user.name.split(' ').slice(1).join(' '),
    locale: user.locale ?? 'en-US',
    'https://slack.com/team_name': user.teamName ?? `Team ${user.teamId}`,
    'https://slack.com/team_domain': user.teamDomain ?? user.teamId.toLowerCase(),
    'https://slack.com/user_image_24': 'https://secure.gravatar.com/avatar/opsdesk-test-24.png',
    'https://slack.com/team_image_default': true,
  };
}

export async function startSlackOidc(options: SlackOidcOptions = {}): Promise<SlackOidcFake> {
  const clientId = options.clientId ?? '1111111111.2222222222';
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const issuer = options.issuer ?? SLACK_ISSUER;
  const idTokenSeconds = options.idTokenSeconds ?? 300;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `fake-${randomBytes(4).toString('hex')}`;
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] };
  const key = privateKey;

  const requests: SlackOidcRequest[] = [];
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, SlackOidcUser>();
  const answers = new Map<string, (params: Record<string, string>) => SlackOidcReply>();
  let signedIn: SlackOidcUser | 'denied' | undefined;

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const page = (response: ServerResponse, status: number, message: string) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><title>Slack (fake)</title></head><body><main><h1>Sign in with Slack (fake)</h1><p>${message.replace(/[<&>]/g, '')}</p></main></body></html>`);
  };

  function authorize(params: Record<string, string>, response: ServerResponse): void {
    const redirectUri = params.redirect_uri;
    let target: URL;
    try {
      target = new URL(redirectUri ?? '');
    } catch {
      return page(response, 400, `redirect_uri is missing or not a URL: ${redirectUri ?? '(none)'}`);
    }
    if (params.client_id !== clientId) return page(response, 400, `invalid client_id: ${params.client_id ?? '(none)'}`);
    if (params.response_type !== 'code') return page(response, 400, `response_type must be code, got ${params.response_type ?? '(none)'}`);
    const scopes = (params.scope ?? '').split(/[\s,]+/);
    if (!scopes.includes('openid')) return page(response, 400, `scope must include openid, got ${params.scope ?? '(none)'}`);
    if (!signedIn) return page(response, 400, 'no Slack user is signed in: the test must call signInAs() or deny() first');
    if (signedIn === 'denied') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('state', params.state ?? '');
    } else {
      const code = `${Date.now()}.${randomBytes(24).toString('hex')}`;
      grants.set(code, {
        user: signedIn,
        clientId,
        // Compared as sent: Slack wants the token request's redirect_uri to match it exactly.
        redirectUri: redirectUri!,
        ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
        used: false,
        expiresAt: Date.now() + CODE_SECONDS * 1000,
      });
      target.searchParams.set('code', code);
      target.searchParams.set('state', params.state ?? '');
    }
    response.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
    response.end();
  }

  function token(params: Record<string, string>, authorization: string | undefined): SlackOidcReply {
    let id = params.client_id;
    let secret = params.client_secret;
    // client_secret_basic, which Slack also accepts.
    if (authorization?.startsWith('Basic ')) {
      const [basicId, basicSecret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
      id = decodeURIComponent(basicId ?? '');
      secret = decodeURIComponent(basicSecret ?? '');
    }
    if (params.grant_type && params.grant_type !== 'authorization_code') return { ok: false, error: 'invalid_grant_type' };
    if (id !== clientId) return { ok: false, error: 'invalid_client_id' };
    if (secret !== clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grant = params.code ? grants.get(params.code) : undefined;
    if (!grant || grant.used || grant.expiresAt < Date.now()) return { ok: false, error: 'invalid_code' };
    if (params.redirect_uri !== grant.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    grant.used = true;
    const accessToken = `xoxp-${randomBytes(20).toString('hex')}`;
    accessTokens.set(accessToken, grant.user);
    const now = Math.floor(Date.now() / 1000);
    const idToken = signJwt(
      {
        iss: issuer,
        aud: grant.clientId,
        exp: now + idTokenSeconds,
        iat: now,
        auth_time: now,
        ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
        at_hash: atHash(accessToken),
        ...userClaims(grant.user),
      },
      key,
      kid,
    );
    return { ok: true, access_token: accessToken, token_type: 'Bearer', id_token: idToken };
  }

  function userInfo(params: Record<string, string>, authorization: string | undefined): SlackOidcReply {
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : params.token;
    if (!bearer) return { ok: false, error: 'not_authed' };
    const user = accessTokens.get(bearer);
    if (!user) return { ok: false, error: 'invalid_auth' };
    return { ok: true, ...userClaims(user) };
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const contentType = request.headers['content-type'];
      const body = request.method === 'POST' ? parseBody(await readBody(request), contentType) : {};
      const params = { ...Object.fromEntries(url.searchParams), ...body };
      const authorization = request.headers.authorization;
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        params,
        ...(authorization ? { authorization } : {}),
        ...(contentType ? { contentType } : {}),
      });
      const path = url.pathname;
      if (path === '/openid/connect/authorize' && request.method === 'GET') return authorize(params, response);
      if (path === '/openid/connect/keys') return json(response, 200, jwks);
      if (path === '/.well-known/openid-configuration') {
        return json(response, 200, {
          issuer,
          authorization_endpoint: fake.authorizeUrl,
          token_endpoint: `${fake.apiUrl}openid.connect.token`,
          userinfo_endpoint: `${fake.apiUrl}openid.connect.userInfo`,
          jwks_uri: fake.jwksUrl,
          scopes_supported: ['openid', 'profile', 'email'],
          response_types_supported: ['code'],
          response_modes_supported: ['query'],
          grant_types_supported: ['authorization_code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        });
      }
      const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
      if (method === 'openid.connect.token' && request.method === 'POST') {
        return json(response, 200, answers.get(method)?.(params) ?? token(params, authorization));
      }
      if (method === 'openid.connect.userInfo' && (request.method === 'POST' || request.method === 'GET')) {
        return json(response, 200, answers.get(method)?.(params) ?? userInfo(params, authorization));
      }
      if (method) return json(response, 200, { ok: false, error: 'unknown_method' });
      json(response, 404, { ok: false, error: 'not_found' });
    })().catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { ok: false, error: 'fake_failed', detail: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const fake: SlackOidcFake = {
    origin,
    authorizeUrl: `${origin}/openid/connect/authorize`,
    apiUrl: `${origin}/api/`,
    jwksUrl: `${origin}/openid/connect/keys`,
    issuer,
    clientId,
    clientSecret,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    signInAs(user) {
      signedIn = { ...user };
    },
    deny() {
      signedIn = 'denied';
    },
    answer(method, reply) {
      if (reply) answers.set(method, reply);
      else answers.delete(method);
    },
    jwks,
    reset() {
      requests.length = 0;
      grants.clear();
      accessTokens.clear();
      answers.clear();
      signedIn = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

/**
 * The fake for the suite it is called in: started in `beforeAll`, closed in `afterAll`. Read its
 * fields inside tests and hooks.
 */
export function slackOidc(options: SlackOidcOptions = {}): SlackOidcFake {
  let fake: SlackOidcFake | undefined;
  beforeAll(async () => {
    fake = await startSlackOidc(options);
  });
  afterAll(async () => {
    await fake?.close();
  });
  return new Proxy({} as SlackOidcFake, {
    get(_target, key) {
      if (!fake) throw new Error(`the Slack OIDC fake is not started yet (read ${String(key)} inside a test or hook)`);
      return fake[key as keyof SlackOidcFake];
    },
  });
}
