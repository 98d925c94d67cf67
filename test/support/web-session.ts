/** A browser's side of the console's session, for tests that speak HTTP and WebSockets themselves. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import type { GraphqlResponse } from './clients.ts';

export interface WebSession {
  /** The `Cookie` header value a browser would send. */
  cookie: string;
  csrfToken: string;
  person: { id: string; name: string };
}

/** The cookie pair (`name=value`) a `Set-Cookie` header sets. */
export const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

export async function signInWithToken(url: string, token: string): Promise<WebSession> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string; person: { id: string; name: string } };
  return { cookie: cookiePair(response.headers.getSetCookie()[0]!), csrfToken: body.csrfToken, person: body.person };
}

/** GraphQL as the console sends it: the cookie, the CSRF header, from the server's own origin. */
export async function webGql<T = Record<string, any>>(
  url: string,
  session: Pick<WebSession, 'cookie'> & { csrfToken?: string },
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      origin: url,
      ...(session.csrfToken ? { 'x-opsdesk-csrf': session.csrfToken } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

export function postAuth(url: string, path: string, session: WebSession, headers: Record<string, string> = {}) {
  return fetch(`${url}/auth/${path}`, {
    method: 'POST',
    headers: { cookie: session.cookie, origin: url, 'x-opsdesk-csrf': session.csrfToken, ...headers },
  });
}

/** graphql-ws as the console opens it: the cookie on the upgrade, the CSRF token in connectionParams. */
export function webWsClient(url: string, session: WebSession, onClose?: (code: number) => void, origin = url): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie: session.cookie, origin } });
      }
    },
    connectionParams: { csrfToken: session.csrfToken },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: { closed: (event) => onClose?.((event as { code: number }).code) },
  });
}

/** socket.io's /collab as the console opens it. */
export function webCollabClient(url: string, session: WebSession, csrfToken = session.csrfToken, origin = url): Socket {
  return io(`${url}/collab`, {
    auth: { csrfToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: session.cookie, origin },
  });
}
