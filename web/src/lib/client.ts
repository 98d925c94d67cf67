/**
 * The GraphQL client of a session: HTTP with the cookie and the CSRF header, subscriptions over
 * graphql-ws with the CSRF token in connectionParams. A 401, an UNAUTHENTICATED error, or the
 * socket closing with 4401 ends the session in the page.
 */
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { sessionEnded } from './session.ts';

export function createApiClient(csrfToken: string): { client: Client; dispose: () => void } {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws: WsClient = createWsClient({
    url: `${scheme}://${location.host}/graphql`,
    connectionParams: { csrfToken },
    lazy: true,
    retryAttempts: 8,
    shouldRetry: (event) => !(isClose(event) && (event.code === 4401 || event.code === 4403)),
    on: {
      closed: (event) => {
        if (isClose(event) && event.code === 4401) sessionEnded();
      },
    },
  });

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
  return { client, dispose: () => void ws.dispose() };
}

function isClose(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && 'code' in event && typeof (event as { code: unknown }).code === 'number';
}
