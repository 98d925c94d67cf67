/** Real clients of the real server: GraphQL over HTTP, graphql-ws, socket.io. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';

/**
 * How long a test waits for something that happens asynchronously before it fails: generous, so
 * that the suite passes on a loaded machine (two suites at once, CI beside other work). Tests
 * assert that it happens, never how fast.
 */
export const WAIT_BOUND_MS = 20_000;

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

export async function gql<T = Record<string, any>>(
  url: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** The first error code of a response, for terse assertions. */
export const codeOf = (response: GraphqlResponse<unknown>) => response.errors?.[0]?.extensions?.code;

export function wsClient(url: string, token: string | undefined, onClose?: (code: number) => void): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // tests observe close codes and errors themselves
    on: { closed: (event) => onClose?.((event as { code: number }).code) },
  });
}

/** Subscribe and collect results; `next()` waits for the next one. */
export function collect<T = any>(client: Client, query: string, variables?: Record<string, unknown>) {
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) received.push(value.data as T);
        waiters.splice(0).forEach((w) => w());
      },
      error: (error) => {
        // graphql-ws hands over an array of GraphQL errors, or the socket's CloseEvent.
        if (Array.isArray(error)) errors.push(...error);
        else errors.push(error);
        waiters.splice(0).forEach((w) => w());
      },
      complete: () => {
        completed = true;
        waiters.splice(0).forEach((w) => w());
      },
    },
  );
  return {
    received,
    errors,
    get completed() {
      return completed;
    },
    dispose,
    /** Resolves when `predicate` holds, or rejects after `ms` (a bound for a busy machine, not a measure). */
    async until(predicate: () => boolean, ms = WAIT_BOUND_MS): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('timed out waiting for a subscription result');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

export function collabClient(url: string, token: string | undefined): Socket {
  return io(`${url}/collab`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export function emitWithAck<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<T>;
}

/** Poll until `predicate` holds (for effects that arrive asynchronously), failing after `ms`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, ms = WAIT_BOUND_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
