/**
 * Scale-out: one, two and three opsdesk instances (each a process of its own: bench/instance.ts)
 * on one PostgreSQL database, so that what another machine buys is a number:
 * - commit throughput: tickets opened through GraphQL over HTTP (`openTicket`, the whole request
 *   path), the callers (a child process) spread over the instances round robin and over 8 orgs;
 * - cross-instance delivery: subscribers of `events(orgId)` spread evenly over the instances; the
 *   commits come from yet another process (bench/committer.ts: its own pool and core), so every
 *   receipt crossed instances through NOTIFY and the outbox, with one instance as with three.
 *
 * On one 2-core machine the instances, PostgreSQL, the callers and the subscribers share the same
 * two cores: the figures say what the software does with more processes, not what more machines
 * give; the run prints the machine it ran on. PostgreSQL only (PGlite is one process's database).
 *
 *   BENCH_ONLY=scale npm run bench        npx tsx bench/scale-out.ts
 *
 * Environment: BENCH_SCALE_INSTANCES (default 1,2,3), BENCH_SCALE_OPENS (tickets opened per run,
 * default 3000), BENCH_SCALE_CALLERS (default 32), BENCH_SCALE_SUBSCRIBERS (in all, default 3000),
 * BENCH_SCALE_EVENTS (committed events per delivery run, 100 ms apart, default 50).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { coreCapabilities } from '../app/capabilities.ts';
import { createCore } from '../core/index.ts';
import { addPerson, createApiToken, createOrg } from '../core/directory/index.ts';
import { createLogger } from '../core/observability.ts';
import { migrate } from '../db/migrate.ts';
import { findPostgres, openBenchPostgres, type BenchDatabase } from './databases.ts';
import { commitFromOtherProcess, SubscriberProcess } from './delivery.ts';
import type { FromInstance, ToInstance } from './instance.ts';
import { benchOperator } from './people.ts';
import { runCallersStrictly } from './run-callers.ts';
import { formatTable, summarise, type Row } from './stats.ts';
import { intEnv } from './env.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
const INSTANCE_CHILD = fileURLToPath(new URL('./instance.ts', import.meta.url));
const OPEN_TICKET = 'mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Scale-out bench", kind: QUESTION }) { id } }';

export interface ScaleOutOptions {
  instances: number[];
  opens: number;
  callers: number;
  subscribers: number;
  events: number;
  log: (line: string) => void;
}

export const SCALE_TABLE_TITLE =
  'Scale-out (bench/scale-out.ts): N instances, each its own process, on one PostgreSQL; ops/s = tickets opened per second over GraphQL HTTP; ' +
  'delivery = commit in another process -> receipt at subscribers spread over the instances';

class Instance {
  readonly child: ChildProcess = fork(RUN_TS, [INSTANCE_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  private readonly replies: FromInstance[] = [];
  private wake: (() => void) | undefined;

  constructor() {
    this.child.on('message', (message: FromInstance) => {
      this.replies.push(message);
      this.wake?.();
    });
  }

  private async reply(type: FromInstance['type'], timeoutMs: number): Promise<FromInstance> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failed = this.replies.find((r) => r.type === 'failed');
      if (failed?.type === 'failed') throw new Error(`instance: ${failed.message}`);
      const found = this.replies.find((r) => r.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`instance: no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  }

  async start(databaseUrl: string): Promise<string> {
    this.child.send({ type: 'start', databaseUrl, poolSize: 10 } satisfies ToInstance);
    const ready = await this.reply('ready', 120_000);
    return (ready as Extract<FromInstance, { type: 'ready' }>).url;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    this.child.send({ type: 'stop' } satisfies ToInstance);
    await Promise.race([this.reply('stopped', 30_000).catch(() => {}), sleep(30_000)]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

export async function scaleOutBench(backend: string, bench: BenchDatabase & { url: string }, options: ScaleOutOptions): Promise<Row[]> {
  const { log } = options;
  await migrate(bench.database);
  // The bench's own core, for the setup only (no timers, no doors): orgs, people and their tokens.
  const core = createCore({ capabilities: await coreCapabilities(), database: bench.database, logger: createLogger({ level: 'silent' }), timers: { autoArm: false } });
  const rows: Row[] = [];
  try {
    const orgs = [];
    for (let i = 0; i < 8; i++) orgs.push(await core.execute(createOrg, benchOperator(), { name: `Scale ${i}`, slug: `scale-${i}-${randomUUID().slice(0, 6)}` }));
    const contacts: Array<{ orgId: string; personId: string; token: string }> = [];
    for (const org of orgs) {
      const person = await core.execute(addPerson, benchOperator(), { orgId: org.id, name: 'Scale contact', email: `${randomUUID().slice(0, 8)}@bench.test`, roles: ['contact'] });
      const { token } = await core.execute(createApiToken, benchOperator(), { personId: person.id, label: 'scale bench' });
      contacts.push({ orgId: org.id, personId: person.id, token });
    }
    // The delivery runs' viewer: the person whose roles the committer toggles, watched in org 0.
    const viewer = contacts[0]!;
    const viewerTokens: string[] = [];
    for (let i = 0; i < 10; i++) viewerTokens.push((await core.execute(createApiToken, benchOperator(), { personId: viewer.personId, label: `sub ${i}` })).token);

    let firstRate: number | undefined;
    for (const count of options.instances) {
      const instances = Array.from({ length: count }, () => new Instance());
      const subscriberProcesses: SubscriberProcess[] = [];
      try {
        const urls: string[] = [];
        // One after another: each migrates (a no-op after the first) under the migration lock.
        for (const instance of instances) urls.push(await instance.start(bench.url));
        log(`  ${count} instance(s) up: ${urls.join(', ')}`);

        // 1. Commit throughput over the whole request path, spread over the instances and 8 orgs.
        const targets = urls.flatMap((url) =>
          contacts.map((c) => ({
            url: `${url}/graphql`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
            body: JSON.stringify({ query: OPEN_TICKET, variables: { o: c.orgId } }),
            status: 200,
          })),
        );
        await runCallersStrictly({ targets, total: Math.min(300, options.opens), concurrency: options.callers }); // warm-up
        const opened = await runCallersStrictly({ targets, total: options.opens, concurrency: options.callers });
        const o = summarise(opened.latencies);
        const rate = (options.opens / opened.elapsedMs) * 1000;
        // What another instance buys: the throughput against the first count's, measured in this run.
        firstRate ??= rate;
        const ratio = count === options.instances[0] ? undefined : `${(rate / firstRate).toFixed(2)}x ${options.instances[0]} instance(s)`;
        rows.push({ backend, scenario: `${count} instance(s): openTicket over HTTP, ${options.callers} callers, 8 orgs`, n: o.n, p50: o.p50, p99: o.p99, opsPerSec: rate, ratio });
        log(`  ${count} instance(s): ${rate.toFixed(0)} tickets opened/s, p99 ${o.p99.toFixed(1)} ms`);

        // 2. Cross-instance delivery: subscribers spread over the instances, commits from another process.
        const perInstance = Math.max(1, Math.floor(options.subscribers / count));
        for (const url of urls) {
          const subscribers = new SubscriberProcess();
          subscriberProcesses.push(subscribers);
          subscribers.send({ type: 'start', url, tokens: viewerTokens, orgId: viewer.orgId, subscribers: perInstance, batch: 50 });
          await subscribers.next('connected', 180_000);
        }
        const commit = (events: number, spacingMs: number) =>
          commitFromOtherProcess({ url: bench.url, orgId: viewer.orgId, personId: viewer.personId, events, spacingMs });
        const warmStarted = Date.now();
        while (!subscriberProcesses.every((s) => s.has('ready'))) {
          if (Date.now() - warmStarted > 90_000) throw new Error('subscribers did not all receive a warm-up event within 90 s');
          await commit(1, 0);
          await sleep(300);
        }
        await commit(10, 100); // unmeasured: JIT and buffers warm on every side
        await sleep(1_000);
        const commits = await commit(options.events, 100);
        const ids = commits.map((c) => c.id);
        const delivery: number[] = [];
        let missing = 0;
        for (const subscribers of subscriberProcesses) {
          subscribers.send({ type: 'collect', ids, timeoutMs: 30_000 });
          const receipts = await subscribers.next('receipts', 60_000);
          missing += receipts.missing;
          for (const { id, at } of commits) for (const t of receipts.receipts[id] ?? []) delivery.push(t - at);
        }
        const d = summarise(delivery);
        rows.push({
          backend,
          scenario: `${count} instance(s): commit (other process) -> ${perInstance * count} subscribers spread over them, every 100 ms`,
          n: d.n,
          p50: d.p50,
          p99: d.p99,
          note: missing ? `${missing} (event, subscriber) pairs NOT received within 30 s` : 'every pair received',
        });
        log(`  ${count} instance(s): delivery p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms`);
      } finally {
        for (const subscribers of subscriberProcesses) await subscribers.close();
        await Promise.all(instances.map((i) => i.stop()));
      }
    }
  } finally {
    await core.stop().catch(() => {});
  }
  return rows;
}

function listOfCounts(raw: string | undefined): number[] {
  const counts = (raw?.trim() || '1,2,3').split(',').map((v) => Number(v.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new Error('BENCH_SCALE_INSTANCES must be integers from 1 to 8, comma-separated');
  return counts;
}


export function scaleOutOptions(log: (line: string) => void): ScaleOutOptions {
  return {
    instances: listOfCounts(process.env.BENCH_SCALE_INSTANCES),
    opens: intEnv('BENCH_SCALE_OPENS', 3000),
    callers: intEnv('BENCH_SCALE_CALLERS', 32),
    subscribers: intEnv('BENCH_SCALE_SUBSCRIBERS', 3000),
    events: intEnv('BENCH_SCALE_EVENTS', 50),
    log,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const log = (line: string) => console.log(line);
  const found = await findPostgres();
  if ('skip' in found) log(`scale-out: skipped: ${found.skip}`);
  else {
    const db = await openBenchPostgres(found.url, 4);
    try {
      log(formatTable(SCALE_TABLE_TITLE, await scaleOutBench('postgres', db, scaleOutOptions(log))));
    } finally {
      await db.dispose();
    }
  }
}
