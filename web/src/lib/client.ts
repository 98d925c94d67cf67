/**
 * The GraphQL client of a session: HTTP with the cookie and the CSRF header, subscriptions over
 * graphql-ws with the CSRF token in connectionParams. A 401, an UNAUTHENTICATED error, or the
 * socket closing with 4401 ends the session in the page.
 */
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { ConnectionStore } from './connection.tsx';
import { sessionEnded } from './session.ts';

const RETRY_ATTEMPTS = 8;

export function createApiClient(csrfToken: string): { client: Client; connection: ConnectionStore; dispose: () => void } {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const connection = new ConnectionStore(RETRY_ATTEMPTS);
  /** The socket the connection state is about: the last one that connected. */
  let current: unknown;
  const ws: WsClient = createWsClient({
    url: `${scheme}://${location.host}/graphql`,
    connectionParams: { csrfToken },
    lazy: true,
    // Moving from page to page ends one page's subscriptions and starts the next one's: keep the
    // socket a while rather than closing it and opening another between them.
    lazyCloseTimeout: 10_000,
    retryAttempts: RETRY_ATTEMPTS,
    shouldRetry: (event) => !(isClose(event) && (event.code === 4401 || event.code === 4403)),
    on: {
      connecting: (isRetry) => connection.connecting(isRetry),
      connected: (socket) => {
        current = socket;
        connection.connected();
      },
      closed: (event) => {
        if (isClose(event) && event.code === 4401) sessionEnded();
        // A socket closing late, after its successor connected, says nothing about the connection now.
        const socket = (event as { target?: unknown } | undefined)?.target;
        if (current !== undefined && socket !== undefined && socket !== current) return;
        current = undefined;
        connection.closed(isClose(event) && event.code === 1000);
      },
    },
  });
  const online = () => connection.network(true);
  const offline = () => connection.network(false);
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);

  const client = new Client({
    url: '/graphql',
    fetchOptions: () => ({
      credentials: 'same-origin',
      headers: { 'x-opsdesk-csrf': csrfToken },
    }),
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          const status = (error.response as Response | undefined)?.status;
          if (status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) sessionEnded();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    connection,
    dispose: () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      void ws.dispose();
    },
  };
}

function isClose(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && 'code' in event && typeof (event as { code: unknown }).code === 'number';
}
