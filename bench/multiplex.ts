/**
 * Subscriptions at scale (issue 16, goal "Subscriptions"): commit to delivery at many graphql-ws
 * subscribers of `events(orgId)`, on opsdesk (multiplexed: doors/graphql/kit/multiplex.ts) and on a
 * bare graphql-ws server with the same schema and no authorisation (bench/reference-ws.ts), measured
 * in the same run, with ratios; then many idle subscriptions over fewer sockets, with the server's
 * memory per subscription and delivery at one event per second.
 *
 * "Delivery" is the time from the event on the server's bus (opsdesk: right after the COMMIT; the
 * reference: the same in-process fan-out) to the subscriber's receipt in a child process
 * (bench/subscribers.ts), on the machine-wide monotonic clock. Both servers run in this process, one
 * after the other, so they meet the same machine.
 *
 * Environment:
 *   BENCH_MUX_SUBSCRIBERS   subscribers (one socket each) of the busy runs (default 10000)
 *   BENCH_MUX_EVENTS        measured events per busy run (default 50)
 *   BENCH_MUX_SPACING_MS    time between events of the busy runs (default 200: 5 events/s)
 *   BENCH_MUX_PEOPLE        people the opsdesk busy runs' subscribers belong to, one run per value
 *                           (default 1,100): 1 is one authorisation scope (one group); 100 is a
 *                           hundred scopes (the scope holds the person, see docs/operations.md)
 *   BENCH_MUX_IDLE          idle subscriptions (default 50000; 0 skips)
 *   BENCH_MUX_PER_SOCKET    subscriptions per socket of the idle run (default 100)
 *   BENCH_MUX_IDLE_EVENTS   measured events of the idle run, one per second (default 20)
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { systemActor, type Role } from '../core/actor.ts';
import { addPerson, createApiToken, createOrg, setRoles } from '../core/directory/index.ts';
import type { DomainEvent } from '../core/events/bus.ts';
import { createLogger } from '../core/observability.ts';
import { loadConfig } from '../server/config.ts';
import { startOpsdesk, type RunningOpsdesk } from '../app/start.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { SubscriberProcess } from './delivery.ts';
import { startReferenceServer } from './reference-ws.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { nowMs, summarise, type Row } from './stats.ts';

export interface MultiplexOptions {
  subscribers: number;
  events: number;
  spacingMs: number;
  people: number[];
  idle: number;
  perSocket: number;
  idleEvents: number;
  log: (line: string) => void;
}

export interface MultiplexResult {
  rows: Row[];
  summary: string[];
}

function intEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

export function multiplexOptions(log: (line: string) => void): MultiplexOptions {
  return {
    subscribers: intEnv('BENCH_MUX_SUBSCRIBERS', 10_000, 1),
    events: intEnv('BENCH_MUX_EVENTS', 50, 2),
    spacingMs: intEnv('BENCH_MUX_SPACING_MS', 200, 1),
    people: (process.env.BENCH_MUX_PEOPLE?.trim() || '1,100').split(',').map((v) => {
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < 1) throw new Error('BENCH_MUX_PEOPLE must be integers >= 1, comma-separated');
      return n;
    }),
    idle: intEnv('BENCH_MUX_IDLE', 50_000),
    perSocket: intEnv('BENCH_MUX_PER_SOCKET', 100, 1),
    idleEvents: intEnv('BENCH_MUX_IDLE_EVENTS', 20, 2),
    log,
  };
}

/** A full collection, for the memory figures (the bench runs without --expose-gc). */
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

function memory(): { rss: number; heap: number } {
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

const load = () => loadavg()[0]!;
const busy = (l: number) => (l > cpus().length ? ` (machine busy: load ${l.toFixed(1)} on ${cpus().length} CPUs)` : ` (load ${l.toFixed(1)})`);

/** Something that makes one event reach the subscribers: its id and when the server's bus had it. */
type Publish = () => Promise<{ id: string; at: number }>;

interface Run {
  delivery: ReturnType<typeof summarise>;
  missing: number;
  pairs: number;
  achievedMs: number;
  load: number;
  errors: string[];
}

/** Warm up (until every subscription has an event), then `events` events `spacingMs` apart; every (event, subscription) delay. */
async function measure(subscribers: SubscriberProcess, publish: Publish, count: number, events: number, spacingMs: number): Promise<Run> {
  const warmStarted = nowMs();
  while (!subscribers.has('ready')) {
    if (nowMs() - warmStarted > 120_000) throw new Error('subscriptions did not all receive a warm-up event within 120 s');
    await publish();
    await subscribers.until(() => subscribers.has('ready'), 500);
  }
  await sleep(1_000);
  // A short unmeasured run at the same pace: JIT and buffers warm on both sides.
  for (let k = 0; k < 10; k++) {
    await publish();
    await sleep(spacingMs);
  }
  await sleep(1_000);
  const loadBefore = load();
  const commits: Array<{ id: string; at: number }> = [];
  const started = nowMs();
  for (let k = 0; k < events; k++) {
    commits.push(await publish());
    const wait = started + (k + 1) * spacingMs - nowMs();
    if (wait > 0) await sleep(wait);
  }
  subscribers.send({ type: 'collect', ids: commits.map((c) => c.id), timeoutMs: 60_000 });
  const { receipts, missing, errors } = await subscribers.next('receipts', 180_000);
  const delays: number[] = [];
  for (const { id, at } of commits) for (const t of receipts[id] ?? []) delays.push(t - at);
  return {
    delivery: summarise(delays),
    missing,
    pairs: commits.length * count,
    achievedMs: (commits[commits.length - 1]!.at - commits[0]!.at) / (commits.length - 1),
    load: Math.max(loadBefore, load()),
    errors,
  };
}

const row = (backend: string, scenario: string, run: Run, note = ''): Row => ({
  backend,
  scenario,
  n: run.delivery.n,
  p50: run.delivery.p50,
  p99: run.delivery.p99,
  note:
    `achieved 1 event per ${run.achievedMs.toFixed(0)} ms; max ${run.delivery.max.toFixed(0)} ms; ` +
    (run.missing ? `${run.missing} of ${run.pairs} pairs NOT received within 60 s` : 'every pair received') +
    (run.errors.length ? `; errors: ${run.errors.slice(0, 3).join('; ')}` : '') +
    busy(run.load) +
    note,
});

/** The multiplexer's fan-out histogram: sum (s) and count per phase, to difference around a run. */
async function fanout(running: RunningOpsdesk): Promise<Record<string, { sum: number; count: number }>> {
  const out: Record<string, { sum: number; count: number }> = {};
  for (const v of (await running.core.metrics.graphqlFanout.get()).values) {
    const phase = String(v.labels.phase);
    out[phase] ??= { sum: 0, count: 0 };
    if (v.metricName?.endsWith('_sum')) out[phase].sum = v.value;
    if (v.metricName?.endsWith('_count')) out[phase].count = v.value;
  }
  return out;
}

/** "server per event and group: execute 0.4 ms, send 41 ms (4.1 us per frame)". */
async function serverSide(running: RunningOpsdesk, before: Awaited<ReturnType<typeof fanout>>, frames: number): Promise<string> {
  const after = await fanout(running);
  const mean = (phase: string) => {
    const a = after[phase] ?? { sum: 0, count: 0 };
    const b = before[phase] ?? { sum: 0, count: 0 };
    return a.count > b.count ? ((a.sum - b.sum) / (a.count - b.count)) * 1000 : NaN;
  };
  const [{ value: subs } = { value: NaN }] = (await running.core.metrics.graphqlSubscriptions.get()).values;
  const [{ value: groups } = { value: NaN }] = (await running.core.metrics.graphqlSubscriptionGroups.get()).values;
  return (
    `; server per event and group: execute+serialise ${mean('execute').toFixed(2)} ms, write ${mean('send').toFixed(1)} ms ` +
    `(${((mean('send') / frames) * 1000).toFixed(1)} us per frame); ${subs} subscriptions in ${groups} group(s) open at the end`
  );
}

/** opsdesk with an org, `people` contacts and ten tokens each; `commit` toggles a role of a person outside the followed set. */
async function startOpsdeskWorld(db: BenchDatabase, people: number) {
  const running: RunningOpsdesk = await startOpsdesk({
    config: loadConfig({ ...BENCH_SERVER_ENV }),
    database: db.database,
    logger: createLogger({ level: 'silent' }),
    ...benchAuditKey(),
  });
  const { core } = running;
  const actor = () => systemActor('cli', 'cli', `bench-${randomUUID()}`);
  const org = await core.execute(createOrg, actor(), { name: 'Multiplex bench', slug: `mux-${randomUUID().slice(0, 6)}` });
  const person = async (name: string) =>
    core.execute(addPerson, actor(), { orgId: org.id, name, email: `${randomUUID().slice(0, 8)}@example.test`, roles: ['contact'] });
  const tokens: string[] = [];
  for (let p = 0; p < people; p++) {
    const viewer = await person(`Viewer ${p}`);
    for (let t = 0; t < (people === 1 ? 10 : 1); t++) tokens.push((await core.execute(createApiToken, actor(), { personId: viewer.id, label: `bench ${t}` })).token);
  }
  const changed = await person('Changed person');
  const busAt = new Map<string, number>();
  let published: ((id: string) => void) | undefined;
  core.bus.subscribe((event) => {
    const id = String(event.id);
    busAt.set(id, nowMs());
    published?.(id);
  });
  let flipped = false;
  const publish: Publish = async () => {
    flipped = !flipped;
    const roles: Role[] = flipped ? ['contact', 'space_owner'] : ['contact'];
    const event = new Promise<string>((resolve) => (published = resolve));
    await core.execute(setRoles, actor(), { orgId: org.id, personId: changed.id, roles });
    const id = await event;
    return { id, at: busAt.get(id)! };
  };
  return { running, orgId: org.id, tokens, publish };
}

export async function multiplexBench(backend: string, db: BenchDatabase, options: MultiplexOptions): Promise<MultiplexResult> {
  const rows: Row[] = [];
  const summary: string[] = [];
  const { log } = options;
  const label = `${options.subscribers} subs, ${(1000 / options.spacingMs).toFixed(0)} events/s`;
  const perSocketRuns: Record<string, Run> = {};

  // 1. The bare graphql-ws reference.
  {
    const reference = await startReferenceServer();
    const subscribers = new SubscriberProcess();
    try {
      const busAt = new Map<string, number>();
      let published: ((id: string) => void) | undefined;
      reference.subscribe((event) => {
        busAt.set(String(event.id), nowMs());
        published?.(String(event.id));
      });
      const orgId = randomUUID();
      let next = 1;
      const publish: Publish = async () => {
        const id = next++;
        const event: DomainEvent = {
          id,
          orgId,
          type: 'directory.roles_set',
          subjectType: 'person',
          subjectId: randomUUID(),
          payload: { roles: ['contact'] },
          actorId: 'cli',
          requestId: randomUUID(),
          at: new Date().toISOString(),
        };
        const seen = new Promise<string>((resolve) => (published = resolve));
        reference.publish(event);
        await seen;
        return { id: String(id), at: busAt.get(String(id))! };
      };
      subscribers.send({ type: 'start', url: reference.url, tokens: ['none'], orgId, subscribers: options.subscribers, batch: 50, client: 'raw' });
      const { ms } = await subscribers.next('connected', 300_000);
      log(`  reference: ${options.subscribers} subscribers connected in ${(ms / 1000).toFixed(1)} s`);
      const run = await measure(subscribers, publish, options.subscribers, options.events, options.spacingMs);
      perSocketRuns.reference = run;
      rows.push(row('graphql-ws (bare)', `receipt, ${label}, no authorisation`, run));
      log(`  reference | ${label}: p50 ${run.delivery.p50.toFixed(1)} ms, p99 ${run.delivery.p99.toFixed(1)} ms${busy(run.load)}`);
    } finally {
      await subscribers.close();
      await reference.stop();
    }
  }

  // 2. opsdesk, the same load, per number of people (authorisation scopes).
  for (const people of options.people) {
    const world = await startOpsdeskWorld(db, people);
    const subscribers = new SubscriberProcess();
    try {
      const before = memory();
      subscribers.send({ type: 'start', url: world.running.server.url, tokens: world.tokens, orgId: world.orgId, subscribers: options.subscribers, batch: 50, client: 'raw' });
      const { ms } = await subscribers.next('connected', 300_000);
      log(`  opsdesk (${people} people): ${options.subscribers} subscribers connected in ${(ms / 1000).toFixed(1)} s`);
      const fanoutBefore = await fanout(world.running);
      const run = await measure(subscribers, world.publish, options.subscribers, options.events, options.spacingMs);
      const server = await serverSide(world.running, fanoutBefore, options.subscribers / people);
      const after = memory();
      const perSub = (after.rss - before.rss) / options.subscribers / 1024;
      const note = `${server}; server RSS +${perSub.toFixed(1)} KB, heap +${((after.heap - before.heap) / options.subscribers / 1024).toFixed(1)} KB per subscriber (one socket each)`;
      perSocketRuns[`opsdesk-${people}`] = run;
      const r = row(backend, `receipt, ${label}, ${people} ${people === 1 ? 'person' : 'people'} (scopes)`, run, note);
      const ref = perSocketRuns.reference;
      if (ref) r.ratio = `p50 ${(run.delivery.p50 / ref.delivery.p50).toFixed(2)}x, p99 ${(run.delivery.p99 / ref.delivery.p99).toFixed(2)}x of bare`;
      rows.push(r);
      log(`  opsdesk (${people} people) | ${label}: p50 ${run.delivery.p50.toFixed(1)} ms, p99 ${run.delivery.p99.toFixed(1)} ms${busy(run.load)}`);
    } finally {
      await subscribers.close();
      await world.running.stop().catch(() => {});
    }
  }

  // 3. Many idle subscriptions over fewer sockets: memory per subscription, and delivery at 1 event/s.
  let idleLine: string | undefined;
  if (options.idle > 0) {
    const sockets = Math.ceil(options.idle / options.perSocket);
    const world = await startOpsdeskWorld(db, 1);
    const subscribers = new SubscriberProcess();
    try {
      const before = memory();
      subscribers.send({
        type: 'start',
        url: world.running.server.url,
        tokens: world.tokens,
        orgId: world.orgId,
        subscribers: options.idle,
        perSocket: options.perSocket,
        batch: 25,
        client: 'raw',
      });
      const { ms } = await subscribers.next('connected', 600_000);
      log(`  opsdesk: ${options.idle} subscriptions over ${sockets} sockets connected in ${(ms / 1000).toFixed(1)} s`);
      // Every subscription open (each has had an event), then quiet: what an idle subscription holds.
      const warmStarted = nowMs();
      while (!subscribers.has('ready')) {
        if (nowMs() - warmStarted > 180_000) throw new Error('idle subscriptions did not all receive an event within 180 s');
        await world.publish();
        await subscribers.until(() => subscribers.has('ready'), 1_000);
      }
      await sleep(3_000);
      const idle = memory();
      const rssPer = (idle.rss - before.rss) / options.idle / 1024;
      const heapPer = (idle.heap - before.heap) / options.idle / 1024;
      log(`  opsdesk: idle, server RSS +${((idle.rss - before.rss) / 2 ** 20).toFixed(0)} MB, heap +${((idle.heap - before.heap) / 2 ** 20).toFixed(0)} MB`);
      const fanoutBefore = await fanout(world.running);
      const run = await measure(subscribers, world.publish, options.idle, options.idleEvents, 1_000);
      const server = await serverSide(world.running, fanoutBefore, options.idle);
      const scenario = `receipt, ${options.idle} idle subs over ${sockets} sockets, 1 event/s`;
      rows.push(
        row(backend, scenario, run, `${server}; server RSS +${rssPer.toFixed(2)} KB, heap +${heapPer.toFixed(2)} KB per subscription (idle, after a full GC)`),
      );
      idleLine =
        `- ${backend}, ${options.idle} idle subscriptions over ${sockets} sockets (${options.perSocket} per socket; ulimit allows ` +
        `one socket each for the 10,000 runs only): RSS ${rssPer.toFixed(2)} KB, heap ${heapPer.toFixed(2)} KB per subscription ` +
        `(target <= 20 KB); at 1 event/s p50 ${run.delivery.p50.toFixed(0)} ms, p99 ${run.delivery.p99.toFixed(0)} ms (target < 1000 ms)${busy(run.load)}`;
      log(`  opsdesk | ${scenario}: p50 ${run.delivery.p50.toFixed(1)} ms, p99 ${run.delivery.p99.toFixed(1)} ms${busy(run.load)}`);
    } finally {
      await subscribers.close();
      await world.running.stop().catch(() => {});
    }
  }

  const ref = perSocketRuns.reference;
  summary.push(`Subscriptions (bench/multiplex.ts), ${label}, one socket each, delivery from the server's bus to the receipt:`);
  if (ref) summary.push(`- bare graphql-ws reference: p50 ${ref.delivery.p50.toFixed(0)} ms, p99 ${ref.delivery.p99.toFixed(0)} ms${busy(ref.load)}`);
  for (const people of options.people) {
    const run = perSocketRuns[`opsdesk-${people}`];
    if (!run) continue;
    const ratio = ref ? `; ${(run.delivery.p50 / ref.delivery.p50).toFixed(2)}x / ${(run.delivery.p99 / ref.delivery.p99).toFixed(2)}x the reference's p50 / p99` : '';
    summary.push(
      `- opsdesk, ${people} ${people === 1 ? 'person' : 'people'}: p50 ${run.delivery.p50.toFixed(0)} ms, p99 ${run.delivery.p99.toFixed(0)} ms ` +
        `(target p99 <= 250 ms)${ratio}${run.missing ? `; ${run.missing} pairs missing` : ''}${busy(run.load)}`,
    );
  }
  if (idleLine) summary.push(idleLine);
  return { rows, summary };
}
