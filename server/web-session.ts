/**
 * The web console's session cookie, its CSRF token and the same-origin check: what every door that
 * accepts a browser (GraphQL over HTTP and WebSocket, socket.io, the console's own routes) shares.
 *
 * - The cookie holds the session's secret (the database keeps only its hash): HttpOnly, SameSite=Lax,
 *   Secure when the console is served over HTTPS (then also named with the `__Host-` prefix, which
 *   pins it to this host and path `/`).
 * - A cookie goes with every request the browser makes, whoever's page asked; so a request that is
 *   authenticated by the cookie must also prove it comes from the console: the CSRF token, which is
 *   derived from the session's secret (an HMAC keyed by it), handed to the console by `/auth/session`
 *   and sent back in the `x-opsdesk-csrf` header (or a WebSocket's first message). Another site can
 *   neither read it nor compute it.
 * - WebSocket upgrades carry no CSRF header, and browsers let any page open them: an upgrade with the
 *   cookie must also come from this origin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';

const COOKIE = 'opsdesk_session';
const SECURE_COOKIE = `__Host-${COOKIE}`;
export const CSRF_HEADER = 'x-opsdesk-csrf';

/** The session secret the request's cookie carries, if any. */
export function sessionSecretOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.cookie;
  if (!header || header.length > 8_192) return undefined;
  const cookies = parseCookies(header);
  const value = cookies[SECURE_COOKIE] ?? cookies[COOKIE];
  return value && value.length <= 200 ? value : undefined;
}

/** The CSRF token of a session: the console sends it back with every request the cookie authenticates. */
export function csrfTokenOf(secret: string): string {
  return createHmac('sha256', secret).update('opsdesk csrf v1').digest('base64url');
}

/** What a cookie-authenticated request is told without the CSRF token (every door says the same). */
export const CSRF_REFUSAL = `a request signed in by the console's cookie needs its ${CSRF_HEADER} header`;

export function csrfMatches(secret: string, presented: unknown): boolean {
  return typeof presented === 'string' && presented.length <= 100 && sameSecret(presented, csrfTokenOf(secret));
}

/** Two secrets compared in constant time (for their length): a token, a state, a CSRF token. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface CookieOptions {
  /** Served over HTTPS (directly or behind a proxy that says so). */
  secure: boolean;
  /** When the cookie ends in the browser; the server ends the session itself. */
  expires?: Date;
}

export function sessionCookie(secret: string, options: CookieOptions): string {
  return serialize(options.secure ? SECURE_COOKIE : COOKIE, secret, {
    httpOnly: true,
    secure: options.secure,
    sameSite: 'lax',
    path: '/',
    expires: options.expires,
  });
}

/** The headers that remove the session cookie (both names, whichever the browser holds). */
export function clearedSessionCookies(secure: boolean): string[] {
  const gone = { httpOnly: true, sameSite: 'lax' as const, path: '/', expires: new Date(0) };
  return [serialize(COOKIE, '', { ...gone, secure }), ...(secure ? [serialize(SECURE_COOKIE, '', { ...gone, secure: true })] : [])];
}

/**
 * Whether a browser request comes from a page of this very origin: its `Origin` names the host the
 * request was sent to (`Host`, or the proxy's `X-Forwarded-Host`). A request without `Origin` is not
 * a browser's cross-site one (browsers always send it on WebSocket upgrades and cross-site posts).
 */
export function fromSameOrigin(request: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = request.headers['x-forwarded-host'];
  const host = (typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined) ?? request.headers.host;
  return !!host && originHost.toLowerCase() === host.toLowerCase();
}
