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
  client: Client;
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

function connectOne(url: string, token: string, orgId: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => {
          if (settled) return;
          settled = true;
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
          resolve(sub);
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

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error).slice(0, 200);
  const e = error as { code?: number; reason?: string; message?: string };
  return e.message ?? `${e.code ?? ''} ${e.reason ?? ''}`.trim();
}

async function start(message: Extract<ToChild, { type: 'start' }>): Promise<void> {
  const started = nowMs();
  query = message.query ?? QUERY;
  expected = message.subscribers;
  for (let i = 0; i < message.subscribers; i += message.batch) {
    const count = Math.min(message.batch, message.subscribers - i);
    const batch = await Promise.all(
      Array.from({ length: count }, (_, j) =>
        connectOne(message.url, message.tokens[(i + j) % message.tokens.length]!, message.orgId),
      ),
    );
    subscribers.push(...batch);
  }
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
  await Promise.all(subscribers.map((s) => s.client.dispose()));
  send({ type: 'closed' });
  process.disconnect?.();
}

process.on('message', (message: ToChild) => {
  const work =
    message.type === 'start' ? start(message) : message.type === 'collect' ? collect(message.ids, message.timeoutMs) : close();
  work.catch((error: unknown) => send({ type: 'failed', message: describe(error) }));
});
