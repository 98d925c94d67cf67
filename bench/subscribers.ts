/**
 * The subscribers of the delivery benchmark, in their own process (forked by bench/delivery.ts,
 * driven over IPC), so that the clients' work does not run on the server's event loop.
 *
 * Receipt times are `process.hrtime.bigint()`, the machine-wide monotonic clock, so the parent
 * can compare them with its commit times.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { nowMs } from './stats.ts';

export type ToChild =
  | {
      type: 'start';
      url: string;
      tokens: string[];
      orgId: string;
      subscribers: number;
      batch: number;
      /**
       * graphql-ws (default): graphql-ws's own client per socket. raw: the graphql-transport-ws protocol
       * spoken directly over ws, reading the event id of a `next` frame without parsing the whole
       * frame, so that the subscriber process, not the server, is the lighter side of the measure.
       */
      client?: 'graphql-ws' | 'raw';
      /** Subscriptions per socket (graphql-ws multiplexes operations over one socket; default 1): `subscribers` is then the number of subscriptions. */
      perSocket?: number;
      /** A subscription with an `$orgId: ID` variable whose one field has an `id` (default: `events`). */
      query?: string;
    }
  | { type: 'collect'; ids: string[]; timeoutMs: number }
  | { type: 'close' };

export type FromChild =
  | { type: 'connected'; ms: number }
  | { type: 'ready' }
  | { type: 'receipts'; receipts: Record<string, number[]>; missing: number; errors: string[] }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

const QUERY = 'subscription ($orgId: ID!) { events(orgId: $orgId) { id type at } }';
let query = QUERY;

interface Subscriber {
  /** Closes the socket (shared by the subscriptions of one socket). */
  client: { dispose(): unknown };
  dispose: () => void;
  /** Event id -> receipt time. */
  got: Map<string, number>;
}

const subscribers: Subscriber[] = [];
const errors: string[] = [];
let withAny = 0;
let expected = 0;
let readySent = false;
const waiters: Array<() => void> = [];

function send(message: FromChild): void {
  process.send!(message);
}

function connectOne(url: string, token: string, orgId: string, perSocket = 1): Promise<Subscriber[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {}, // told through `closed` and retried
      on: {
        connected: () => {
          if (settled) return;
          settled = true;
          const subs: Subscriber[] = [];
          for (let k = 0; k < perSocket; k++) subs.push(subscribeOne(client, orgId));
          resolve(subs);
        },
        closed: (event) => {
          if (!settled) {
            settled = true;
            reject(new Error(`closed before connecting: ${(event as { code?: number }).code}`));
          }
        },
        error: (error) => {
          if (!settled) {
            settled = true;
            reject(new Error(`connection error: ${describe(error)}`));
          }
        },
      },
    });
  });
}

/** A `next` frame of events(orgId) as both servers write it: the subscription id and the event id. */
const NEXT = /^\{"id":"(\d+)","type":"next","payload":\{"data":\{"[A-Za-z]+":\{"id":"(\d+)"/;

function received(sub: Subscriber, id: string, at: number): void {
  if (sub.got.size === 0 && ++withAny === expected && !readySent) {
    readySent = true;
    send({ type: 'ready' });
  }
  sub.got.set(id, at);
  if (waiters.length) waiters.splice(0).forEach((w) => w());
}

function connectRaw(url: string, token: string, orgId: string, perSocket: number): Promise<Subscriber[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const client = { dispose: () => socket.close(1000, 'done') };
    const subs: Subscriber[] = Array.from({ length: perSocket }, () => ({ client, dispose: () => {}, got: new Map() }));
    let settled = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const at = nowMs();
      const text = String(data);
      const fast = NEXT.exec(text);
      if (fast) {
        const sub = subs[Number(fast[1]) - 1];
        if (sub) received(sub, fast[2]!, at);
        return;
      }
      const message = JSON.parse(text) as { id?: string; type: string; payload?: { data?: Record<string, { id?: string }>; errors?: unknown } };
      if (message.type === 'connection_ack') {
        subs.forEach((_, k) =>
          socket.send(JSON.stringify({ id: String(k + 1), type: 'subscribe', payload: { query, variables: { orgId } } })),
        );
        settled = true;
        resolve(subs);
      } else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else if (message.type === 'next') {
        const id = message.payload?.data ? Object.values(message.payload.data)[0]?.id : undefined;
        const sub = subs[Number(message.id) - 1];
        if (id !== undefined && sub) received(sub, id, at);
        else if (message.payload?.errors) errors.push(JSON.stringify(message.payload.errors).slice(0, 200));
      } else if (message.type === 'error') errors.push(`subscription error: ${JSON.stringify(message.payload).slice(0, 200)}`);
    });
    socket.on('close', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`closed before connecting: ${code}`));
      } else if (code !== 1000) errors.push(`socket closed: ${code}`);
    });
    socket.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(new Error(`connection error: ${error.message}`));
      }
    });
  });
}

function subscribeOne(client: Client, orgId: string): Subscriber {
  const sub: Subscriber = { client, dispose: () => {}, got: new Map() };
  sub.dispose = client.subscribe<Record<string, { id: string }>>(
    { query, variables: { orgId } },
    {
      next: (value) => {
        const at = nowMs();
        const id = value.data ? Object.values(value.data)[0]?.id : undefined;
        if (id === undefined) {
          if (value.errors) errors.push(JSON.stringify(value.errors).slice(0, 200));
          return;
        }
        if (sub.got.size === 0 && ++withAny === expected && !readySent) {
          readySent = true;
          send({ type: 'ready' });
        }
        sub.got.set(id, at);
        if (waiters.length) waiters.splice(0).forEach((w) => w());
      },
      error: (error) => errors.push(`subscription error: ${describe(error)}`),
      complete: () => {},
    },
  );
  return sub;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error).slice(0, 200);
  const e = error as { code?: number; reason?: string; message?: string };
  return e.message ?? `${e.code ?? ''} ${e.reason ?? ''}`.trim();
}

/** Connect, trying again a few times: on a busy machine a handshake may miss graphql-ws's 3 s init window. */
async function connectWithRetry(url: string, token: string, orgId: string, perSocket: number, raw: boolean): Promise<Subscriber[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (raw ? connectRaw : connectOne)(url, token, orgId, perSocket);
    } catch (error) {
      if (attempt >= 5) throw error;
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

let retries = 0;

async function start(message: Extract<ToChild, { type: 'start' }>): Promise<void> {
  const started = nowMs();
  query = message.query ?? QUERY;
  expected = message.subscribers;
  const perSocket = message.perSocket ?? 1;
  const sockets = Math.ceil(message.subscribers / perSocket);
  for (let i = 0; i < sockets; i += message.batch) {
    const count = Math.min(message.batch, sockets - i);
    const batch = await Promise.all(
      Array.from({ length: count }, (_, j) =>
        connectWithRetry(message.url, message.tokens[(i + j) % message.tokens.length]!, message.orgId, Math.min(perSocket, message.subscribers - (i + j) * perSocket), message.client === 'raw'),
      ),
    );
    for (const subs of batch) subscribers.push(...subs);
  }
  if (retries) errors.push(`${retries} connection attempt(s) failed and were retried`);
  send({ type: 'connected', ms: nowMs() - started });
}

async function collect(ids: string[], timeoutMs: number): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  const complete = () => subscribers.every((s) => ids.every((id) => s.got.has(id)));
  while (!complete() && nowMs() < deadline) {
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 100);
    });
  }
  const receipts: Record<string, number[]> = {};
  let missing = 0;
  for (const id of ids) {
    const times: number[] = [];
    for (const s of subscribers) {
      const at = s.got.get(id);
      if (at === undefined) missing++;
      else times.push(at);
    }
    receipts[id] = times;
  }
  send({ type: 'receipts', receipts, missing, errors: errors.slice(0, 20) });
}

async function close(): Promise<void> {
  for (const s of subscribers) s.dispose();
  await Promise.all([...new Set(subscribers.map((s) => s.client))].map((client) => client.dispose()));
  send({ type: 'closed' });
  process.disconnect?.();
}

process.on('message', (message: ToChild) => {
  const work =
    message.type === 'start' ? start(message) : message.type === 'collect' ? collect(message.ids, message.timeoutMs) : close();
  work.catch((error: unknown) => send({ type: 'failed', message: describe(error) }));
});
