/**
 * Commit to delivery: the real server (`startOpsdesk`), N graphql-ws subscribers to
 * `events(orgId)` in a child process, M commands committed `spacing` ms apart; for every
 * (event, subscriber) pair the time from the commit to the subscriber's receipt.
 *
 * "The commit" is the moment the committing core publishes the event on its bus, which
 * `Core.transact` does right after the transaction's COMMIT returned, before `execute` resolves
 * (a bench listener subscribed ahead of every subscription takes the time).
 *
 * Sources of commits:
 * - "same instance": the server's own core, in the server's process (the path of a GraphQL
 *   mutation or a Slack action handled by the instance the dashboards are connected to);
 * - on PostgreSQL also "other instance": a separate process with its own pool and core
 *   (bench/committer.ts); the server learns of its events by NOTIFY and reads the outbox.
 *
 * All clocks are `process.hrtime.bigint()`, machine-wide monotonic, so times from the three
 * processes compare.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { systemActor, type Role } from '../core/actor.ts';
import { addPerson, createApiToken, createOrg, setRoles } from '../core/directory/index.ts';
import { createLogger } from '../core/observability.ts';
import { loadConfig } from '../server/config.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { startOpsdesk, type RunningOpsdesk } from '../app/start.ts';
import { benchAuditKey } from './audit-key.ts';
import type { CommitterRun, FromCommitter } from './committer.ts';
import type { BenchDatabase } from './databases.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import type { FromChild, ToChild } from './subscribers.ts';

export interface DeliveryOptions {
  subscribers: number;
  events: number;
  /** One run per spacing (ms between the starts of consecutive commits). */
  spacingsMs: number[];
  /** Also time the server's `ws.send` of each message (wraps ws's WebSocket.prototype.send). */
  traceSends: boolean;
  log: (line: string) => void;
}

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
const SUBSCRIBERS_CHILD = fileURLToPath(new URL('./subscribers.ts', import.meta.url));
const COMMITTER_CHILD = fileURLToPath(new URL('./committer.ts', import.meta.url));
const TOKENS = 10;

/** Server-side send times per event id, while tracing is on. */
const sendTimes = new Map<string, number[]>();
let tracing = false;
let unpatch: (() => void) | undefined;

function patchWebSocketSend(): void {
  if (unpatch) return;
  const proto = WebSocket.prototype as unknown as { send: (data: unknown, ...rest: unknown[]) => void };
  const original = proto.send;
  const pattern = /"events":\{"id":"(\d+)"/;
  proto.send = function (this: unknown, data: unknown, ...rest: unknown[]) {
    if (tracing && typeof data === 'string') {
      const at = nowMs();
      const id = pattern.exec(data)?.[1];
      if (id) {
        let list = sendTimes.get(id);
        if (!list) sendTimes.set(id, (list = []));
        list.push(at);
      }
    }
    return original.call(this, data, ...rest);
  };
  unpatch = () => {
    proto.send = original;
    unpatch = undefined;
  };
}

function forkTs(file: string): ChildProcess {
  return fork(RUN_TS, [file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The subscriber process, driven over IPC. */
export class SubscriberProcess {
  private readonly inbox: FromChild[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly child = forkTs(SUBSCRIBERS_CHILD);
  readonly exited: Promise<number | null>;

  constructor() {
    this.child.on('message', (message: FromChild) => {
      this.inbox.push(message);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  send(message: ToChild): void {
    this.child.send(message);
  }

  has(type: FromChild['type']): boolean {
    return this.inbox.some((m) => m.type === type);
  }

  /** Wait until `predicate` holds or `ms` passed (woken by each message from the child). */
  async until(predicate: () => boolean, ms: number): Promise<void> {
    const deadline = nowMs() + ms;
    while (!predicate() && nowMs() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - nowMs()));
      });
    }
  }

  async next<T extends FromChild['type']>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
    const deadline = nowMs() + timeoutMs;
    for (;;) {
      const failed = this.inbox.find((m) => m.type === 'failed');
      if (failed && failed.type === 'failed') throw new Error(`subscriber process: ${failed.message}`);
      const index = this.inbox.findIndex((m) => m.type === type);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as Extract<FromChild, { type: T }>;
      if (nowMs() > deadline) throw new Error(`subscriber process: no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async close(): Promise<void> {
    if (this.child.connected) {
      this.send({ type: 'close' });
      await this.next('closed', 30_000).catch(() => {});
    }
    const exit = await Promise.race([this.exited, sleep(5_000).then(() => 'timeout' as const)]);
    if (exit === 'timeout') this.child.kill();
  }
}

/** Run the other instance once: `events` commits, `spacingMs` apart; their ids and commit times. */
export async function commitFromOtherProcess(run: Omit<CommitterRun, 'type'>) {
  const child = forkTs(COMMITTER_CHILD);
  try {
    const reply = await new Promise<FromCommitter>((resolve, reject) => {
      child.once('message', (message: FromCommitter) => resolve(message));
      child.once('exit', (code) => reject(new Error(`committer exited with ${code} before answering`)));
      child.send({ type: 'run', ...run } satisfies CommitterRun);
    });
    if (reply.type === 'failed') throw new Error(`committer: ${reply.message}`);
    return reply.commits;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) await Promise.race([exited, sleep(5_000).then(() => child.kill())]);
  }
}

export async function deliveryBench(
  backend: string,
  bench: BenchDatabase & { url?: string },
  options: DeliveryOptions,
): Promise<Row[]> {
  const rows: Row[] = [];
  const config = loadConfig({ ...BENCH_SERVER_ENV });
  let running: RunningOpsdesk | undefined;
  let subscribers: SubscriberProcess | undefined;
  try {
    running = await startOpsdesk({ config, database: bench.database, logger: createLogger({ level: 'silent' }), ...benchAuditKey() });
    const core = running.core;
    // Subscribed ahead of every subscription: when the server's bus has an event (commit time for
    // its own commands, arrival time for another instance's).
    const serverBusAt = new Map<string, number>();
    // The bus delivers on the turn after COMMIT, so after `execute` returns: a local commit waits for its own event.
    let published: ((id: string) => void) | undefined;
    core.bus.subscribe((event) => {
      const id = String(event.id);
      serverBusAt.set(id, nowMs());
      published?.(id);
    });

    const actor = () => systemActor('cli', 'cli', `bench-${randomUUID()}`);
    const org = await core.execute(createOrg, actor(), { name: 'Delivery bench', slug: `delivery-${randomUUID().slice(0, 6)}` });
    const person = await core.execute(addPerson, actor(), {
      orgId: org.id,
      name: 'Dashboard viewer',
      email: `viewer-${randomUUID().slice(0, 8)}@example.test`,
      roles: ['contact'],
    });
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++) {
      tokens.push((await core.execute(createApiToken, actor(), { personId: person.id, label: `bench ${i}` })).token);
    }
    let flipped = false;
    /** One command on the server's own core: its event id, commit time and call duration. */
    const commitLocally = async () => {
      flipped = !flipped;
      const roles: Role[] = flipped ? ['contact', 'space_admin'] : ['contact'];
      const event = new Promise<string>((resolve) => (published = resolve));
      const t0 = nowMs();
      await core.execute(setRoles, actor(), { orgId: org.id, personId: person.id, roles });
      const callMs = nowMs() - t0;
      const id = await event;
      return { id, at: serverBusAt.get(id)!, callMs };
    };

    if (options.traceSends) patchWebSocketSend();
    subscribers = new SubscriberProcess();
    subscribers.send({ type: 'start', url: running.server.url, tokens, orgId: org.id, subscribers: options.subscribers, batch: 50 });
    const { ms: connectMs } = await subscribers.next('connected', 180_000);
    options.log(`  ${backend}: ${options.subscribers} subscribers connected in ${(connectMs / 1000).toFixed(1)} s`);

    // Warm-up: commit until every subscriber has received an event, so that all are subscribed.
    const warmStarted = nowMs();
    let warmEvents = 0;
    while (!subscribers.has('ready')) {
      if (nowMs() - warmStarted > 60_000) throw new Error('subscribers did not all receive a warm-up event within 60 s');
      await commitLocally();
      warmEvents++;
      await subscribers.until(() => subscribers!.has('ready'), 250);
    }
    await sleep(500); // let the warm-up deliveries drain
    options.log(`  ${backend}: all subscribed after ${warmEvents} warm-up event(s)`);

    // A short unmeasured run at the fastest pace: JIT and buffers warm on both sides.
    for (let k = 0; k < 20; k++) {
      await commitLocally();
      await sleep(Math.min(...options.spacingsMs));
    }
    await sleep(500);

    const sources = ['same instance', ...(bench.url ? ['other instance (NOTIFY)'] : [])];
    for (const spacingMs of options.spacingsMs) {
      for (const source of sources) {
        sendTimes.clear();
        tracing = options.traceSends;
        let commits: Array<{ id: string; at: number; callMs: number }>;
        if (source === 'same instance') {
          commits = [];
          const started = nowMs();
          for (let k = 0; k < options.events; k++) {
            commits.push(await commitLocally());
            const wait = started + (k + 1) * spacingMs - nowMs();
            if (wait > 0) await sleep(wait);
          }
        } else {
          commits = await commitFromOtherProcess({
            url: bench.url!,
            orgId: org.id,
            personId: person.id,
            events: options.events,
            spacingMs,
          });
        }
        const ids = commits.map((c) => c.id);
        subscribers.send({ type: 'collect', ids, timeoutMs: 30_000 });
        const { receipts, missing, errors } = await subscribers.next('receipts', 60_000);
        tracing = false;
        if (errors.length) options.log(`  ${backend}: subscriber errors: ${errors.join('; ')}`);

        const delivery: number[] = [];
        const sends: number[] = [];
        const busLag: number[] = [];
        const lastPerEvent: number[] = [];
        let lastReceipt = Number.NEGATIVE_INFINITY;
        for (const { id, at: t0 } of commits) {
          const times = receipts[id] ?? [];
          for (const t of times) {
            delivery.push(t - t0);
            if (t > lastReceipt) lastReceipt = t;
          }
          if (times.length) lastPerEvent.push(Math.max(...times) - t0);
          const sent = sendTimes.get(id) ?? [];
          for (const t of sent) sends.push(t - t0);
          const arrived = serverBusAt.get(id);
          if (arrived !== undefined && source !== 'same instance') busLag.push(arrived - t0);
          if (process.env.BENCH_DEBUG) {
            options.log(
              `    event ${id}: sends ${sent.length} from ${((sent[0] ?? NaN) - t0).toFixed(1)} to ` +
                `${((sent[sent.length - 1] ?? NaN) - t0).toFixed(1)} ms; last receipt ${(Math.max(...times) - t0).toFixed(1)} ms`,
            );
          }
        }
        const d = summarise(delivery);
        const last = summarise(lastPerEvent);
        const calls = summarise(commits.map((c) => c.callMs));
        const achieved = commits.length > 1 ? (commits[commits.length - 1]!.at - commits[0]!.at) / (commits.length - 1) : NaN;
        const pairs = ids.length * options.subscribers;
        const label = `${options.subscribers} subs, every ${spacingMs} ms, ${source}`;
        rows.push({
          backend,
          scenario: `receipt, ${label}`,
          n: d.n,
          p50: d.p50,
          p99: d.p99,
          // Messages received per second, from the first commit to the last receipt.
          opsPerSec: d.n ? (d.n / (lastReceipt - commits[0]!.at)) * 1000 : undefined,
          note:
            `${ids.length} events, achieved 1 per ${achieved.toFixed(1)} ms; max ${d.max.toFixed(1)} ms; ` +
            `last subscriber per event p50 ${last.p50.toFixed(1)} / max ${last.max.toFixed(1)} ms; ` +
            `the commit call itself p50 ${calls.p50.toFixed(1)} / p99 ${calls.p99.toFixed(1)} ms` +
            (missing ? `; ${missing} of ${pairs} pairs NOT received within 30 s` : '; every pair received'),
        });
        if (options.traceSends) {
          const s = summarise(sends);
          rows.push({ backend, scenario: `  server ws.send, ${label}`, n: s.n, p50: s.p50, p99: s.p99 });
        }
        if (busLag.length) {
          const b = summarise(busLag);
          rows.push({ backend, scenario: `  server bus (NOTIFY + outbox read), ${label}`, n: b.n, p50: b.p50, p99: b.p99 });
        }
        options.log(`  ${backend} | ${label}: delivery p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms`);
        await sleep(300);
      }
    }
  } finally {
    tracing = false;
    unpatch?.();
    await subscribers?.close();
    await running?.stop().catch(() => {});
  }
  return rows;
}
