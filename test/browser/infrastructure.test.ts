/**
 * The browser-test infrastructure on its own, without the console: Chromium under a strict CSP,
 * the axe helper on a page with a deliberate accessibility fault and on its fixed version,
 * screenshots, separate people, and the Sign in with Slack fake's round trip driven by the real
 * browser, with msw's Slack fake active in the same process.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousViolations, axeViolations } from '../support/axe.ts';
import { browserTests, chromium, CHROMIUM_ARGS, findChromium, skipLine } from '../support/browser.ts';
import { fakeSlackApi, type FakeSlackApi } from '../support/slack.ts';
import { slackOidc, type SlackOidcFake } from '../support/slack-oidc.ts';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const PIXEL = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2240%22 height=%2240%22/%3E';

function tinyPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/style.css"><script src="/app.js" defer></script></head>
<body>
<main>
<h1>${title}</h1>
<p id="status">script not run</p>
${body}
<script>document.body.setAttribute('data-inline', 'ran');</script>
</main>
</body>
</html>`;
}

const PAGES: Record<string, { type: string; body: string }> = {
  // Two faults axe rates critical: an image without alternative text, a button without a name.
  '/bad': {
    type: 'text/html',
    body: tinyPage('Bad page', `<img src="${PIXEL}"><button type="button" class="icon"></button>`),
  },
  '/good': {
    type: 'text/html',
    body: tinyPage('Good page', `<img src="${PIXEL}" alt="A square"><button type="button" class="icon">Refresh</button>`),
  },
  '/callback': { type: 'text/html', body: tinyPage('Back from Slack', '') },
  '/cookie': { type: 'text/html', body: tinyPage('Cookie', '') },
  '/app.js': { type: 'text/javascript', body: "document.getElementById('status').textContent = 'script from self ran';" },
  '/style.css': { type: 'text/css', body: 'body { font-family: sans-serif; color: #111; background: #fff; } .icon { min-width: 2rem; min-height: 2rem; }' },
};

/** A tiny site with the console's CSP on every page. */
async function startTinySite(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const page = PAGES[path];
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': `${page.type}; charset=utf-8`, 'content-security-policy': CSP };
    if (path === '/cookie') headers['set-cookie'] = 'person=first; Path=/; HttpOnly; SameSite=Lax';
    response.writeHead(200, headers).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies an RS256 JWT against a JWKS with node:crypto; returns its payload. */
function verifyJwt(jwt: string, jwks: { keys: (JsonWebKey & { kid?: string })[] }): Record<string, unknown> {
  const [header, payload, signature] = jwt.split('.');
  const { alg, kid } = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { alg: string; kid: string };
  expect(alg).toBe('RS256');
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in the JWKS`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url'));
  if (!valid) throw new Error('the id_token signature does not verify');
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  // A string body with the exact content type, as @slack/web-api sends it.
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('finding Chromium', () => {
  test('CHROMIUM_PATH, when set, is the only place looked at', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent' })).toEqual({ missing: 'CHROMIUM_PATH=/nonexistent is not an executable file' });
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toEqual({ path: process.execPath });
  });

  test('OPSDESK_BROWSER=off turns the browser tests off whatever is installed', () => {
    expect(findChromium({ OPSDESK_BROWSER: 'off', CHROMIUM_PATH: process.execPath })).toEqual({ missing: 'OPSDESK_BROWSER=off' });
  });

  test('the skip line says how to install Chromium', () => {
    expect(skipLine('why')).toContain('apt-get install -y chromium');
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(['--no-sandbox', '--disable-background-networking', '--disable-quic']));
  });
});

const browser = browserTests();

describe.skipIf(!chromium)('browser infrastructure', () => {
  let site: Awaited<ReturnType<typeof startTinySite>>;
  let slackApi: FakeSlackApi;
  const oidc: SlackOidcFake = slackOidc({ clientId: '1234.5678', clientSecret: 'oidc-test-secret' });

  beforeAll(async () => {
    site = await startTinySite();
    // msw's fake of Slack's Web API, as slack-desk.ts starts it: it must leave the OIDC fake alone.
    slackApi = fakeSlackApi();
  });
  afterAll(async () => {
    slackApi?.close();
    await site?.close();
  });

  test("the tiny site's CSP is strict: scripts from 'self' run, inline script is refused", async () => {
    const { page, errors } = await browser.newPerson();
    await page.goto(`${site.url}/good`);
    await page.getByText('script from self ran').waitFor();
    expect(await page.locator('body').getAttribute('data-inline')).toBeNull();
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
  });

  test('axe fails on a page with serious faults, naming rules, impacts and elements, under that CSP', async () => {
    const { page } = await browser.newPerson();
    await page.goto(`${site.url}/bad`);
    await page.getByText('script from self ran').waitFor();
    const failure = await expectNoSeriousViolations(page, 'the bad page').then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toContain('the bad page');
    expect(failure!.message).toMatch(/image-alt \(critical\): .+\n\s+at img/);
    expect(failure!.message).toMatch(/button-name \(critical\): .+\n\s+at \.icon|button-name \(critical\): .+\n\s+at button/);
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
  });

  test('axe passes on the fixed page', async () => {
    const { page } = await browser.newPerson();
    await page.goto(`${site.url}/good`);
    await page.getByRole('button', { name: 'Refresh' }).waitFor();
    await expectNoSeriousViolations(page, 'the good page');
    // Injected once per document, however often it runs.
    await expectNoSeriousViolations(page, 'the good page, again');
  });

  test('a screenshot lands under test-output/screenshots/<test file>/', async () => {
    const { page } = await browser.newPerson();
    await page.goto(`${site.url}/good`);
    await page.getByRole('heading', { name: 'Good page' }).waitFor();
    const path = await browser.screenshot(page, 'good page');
    expect(path).toMatch(/test-output\/screenshots\/browser\/infrastructure\/good-page\.png$/);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  test('each person has their own cookies', async () => {
    const first = await browser.newPerson();
    const second = await browser.newPerson();
    await first.page.goto(`${site.url}/cookie`);
    await second.page.goto(`${site.url}/good`);
    expect((await first.context.cookies()).map((c) => c.name)).toEqual(['person']);
    expect(await second.context.cookies()).toEqual([]);
  });

  test('Sign in with Slack round trip: the browser comes back with code and state; the code buys a verifiable id_token', async () => {
    oidc.reset();
    oidc.signInAs({ teamId: 'T0ACME', userId: 'U0ALICE', name: 'Alice Example', email: 'alice@acme.test' });
    const redirectUri = `${site.url}/callback`;
    const authorize = new URL(oidc.authorizeUrl);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      scope: 'openid profile email',
      client_id: oidc.clientId,
      redirect_uri: redirectUri,
      state: 'state-123',
      nonce: 'nonce-456',
      team: 'T0ACME',
    }).toString();

    const { page } = await browser.newPerson();
    await page.goto(authorize.toString());
    await page.waitForURL((url) => url.pathname === '/callback');
    await page.getByRole('heading', { name: 'Back from Slack' }).waitFor();
    const landed = new URL(page.url());
    expect(landed.origin).toBe(site.url);
    expect(landed.searchParams.get('state')).toBe('state-123');
    const code = landed.searchParams.get('code');
    expect(code).toBeTruthy();
    expect(oidc.requestsTo('/openid/connect/authorize')[0]?.params).toMatchObject({
      scope: 'openid profile email',
      client_id: '1234.5678',
      redirect_uri: redirectUri,
      state: 'state-123',
      nonce: 'nonce-456',
      team: 'T0ACME',
    });

    // With msw listening in this process: the exchange still reaches the fake's real port.
    const exchange = { client_id: oidc.clientId, client_secret: oidc.clientSecret, code: code!, redirect_uri: redirectUri };
    const token = (await (await fetch(`${oidc.apiUrl}openid.connect.token`, form(exchange))).json()) as Record<string, string>;
    expect(token).toMatchObject({ ok: true, token_type: 'Bearer' });
    expect(oidc.requestsTo('/api/openid.connect.token')[0]?.params).toEqual(exchange);
    expect(slackApi.calls).toEqual([]);

    const jwks = (await (await fetch(oidc.jwksUrl)).json()) as { keys: JsonWebKey[] };
    const claims = verifyJwt(token.id_token!, jwks);
    const now = Date.now() / 1000;
    expect(claims).toMatchObject({
      iss: 'https://slack.com',
      aud: '1234.5678',
      sub: 'U0ALICE',
      nonce: 'nonce-456',
      'https://slack.com/team_id': 'T0ACME',
      'https://slack.com/user_id': 'U0ALICE',
      email: 'alice@acme.test',
      name: 'Alice Example',
    });
    expect(claims.iat as number).toBeLessThanOrEqual(now + 1);
    expect(claims.exp as number).toBeGreaterThan(now);

    for (const init of [
      { method: 'GET', headers: { authorization: `Bearer ${token.access_token}` } },
      { method: 'POST', headers: { authorization: `Bearer ${token.access_token}` } },
    ]) {
      const info = await (await fetch(`${oidc.apiUrl}openid.connect.userInfo`, init)).json();
      expect(info).toMatchObject({
        ok: true,
        sub: 'U0ALICE',
        'https://slack.com/user_id': 'U0ALICE',
        'https://slack.com/team_id': 'T0ACME',
        email: 'alice@acme.test',
        name: 'Alice Example',
      });
    }
    expect(await (await fetch(`${oidc.apiUrl}openid.connect.userInfo`, { headers: { authorization: 'Bearer xoxp-nope' } })).json()).toEqual({
      ok: false,
      error: 'invalid_auth',
    });

    // A code works once, and Slack answers failures with HTTP 200 and ok: false.
    const again = await fetch(`${oidc.apiUrl}openid.connect.token`, form(exchange));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: false, error: 'invalid_code' });

    // msw still answers slack.com in the same process.
    const slack = await fetch('https://slack.com/api/auth.test', form({ token: 'xoxb-test' }));
    expect(await slack.json()).toMatchObject({ ok: true, user_id: 'UOPSDESKBOT' });
  });

  test('the token exchange checks the secret and the redirect_uri', async () => {
    oidc.reset();
    oidc.signInAs({ teamId: 'T0ACME', userId: 'U0BOB', name: 'Bob', email: 'bob@acme.test' });
    const redirectUri = `${site.url}/callback`;
    const codeFor = async () => {
      const location = (
        await fetch(
          `${oidc.authorizeUrl}?${new URLSearchParams({ response_type: 'code', scope: 'openid', client_id: oidc.clientId, redirect_uri: redirectUri, state: 's' })}`,
          { redirect: 'manual' },
        )
      ).headers.get('location');
      return new URL(location!).searchParams.get('code')!;
    };
    const post = async (fields: Record<string, string>) => (await fetch(`${oidc.apiUrl}openid.connect.token`, form(fields))).json();
    const base = { client_id: oidc.clientId, client_secret: oidc.clientSecret, redirect_uri: redirectUri };
    expect(await post({ ...base, client_secret: 'wrong', code: await codeFor() })).toEqual({ ok: false, error: 'bad_client_secret' });
    expect(await post({ ...base, redirect_uri: `${site.url}/elsewhere`, code: await codeFor() })).toEqual({ ok: false, error: 'bad_redirect_uri' });
    expect(await post({ ...base, code: 'made-up' })).toEqual({ ok: false, error: 'invalid_code' });
    // client_secret_basic works too.
    const basic = await fetch(`${oidc.apiUrl}openid.connect.token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${oidc.clientId}:${oidc.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ code: await codeFor(), redirect_uri: redirectUri }).toString(),
    });
    expect(await basic.json()).toMatchObject({ ok: true });
  });

  test('a person who cancels on Slack comes back with error=access_denied and the state', async () => {
    oidc.reset();
    oidc.deny();
    const { page } = await browser.newPerson();
    const redirectUri = `${site.url}/callback`;
    await page.goto(
      `${oidc.authorizeUrl}?${new URLSearchParams({ response_type: 'code', scope: 'openid profile email', client_id: oidc.clientId, redirect_uri: redirectUri, state: 'st-9', nonce: 'n' })}`,
    );
    await page.waitForURL((url) => url.pathname === '/callback');
    const landed = new URL(page.url());
    expect(landed.searchParams.get('error')).toBe('access_denied');
    expect(landed.searchParams.get('state')).toBe('st-9');
    expect(landed.searchParams.has('code')).toBe(false);
  });
});
