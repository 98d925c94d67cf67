/**
 * GraphQL over HTTP: opsdesk's request path (the HTTP host, bearer-token authentication, the rate
 * limiter, Apollo Server with opsdesk's validation rules, cost and depth limits, error formatting)
 * against a bare graphql-http server in the same process and run, with the same executable schema
 * and the same resolver, and no authentication (the actor fixed). The difference is what opsdesk's
 * door costs per request. Callers run in a child process (bench/http-callers.ts).
 *
 *   npx tsx bench/graphql-http.ts       (alone)     BENCH_ONLY=http npm run bench   (through run.ts)
 *
 * Environment: BENCH_HTTP_REQUESTS (requests per run, default 3000), BENCH_HTTP_CONCURRENCY
 * (callers of the throughput run, default 16), BENCH_BACKENDS.
 */
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createHandler } from 'graphql-http/lib/use/http';
import { partsOf } from '../app/capabilities.ts';
import { startOpsdesk, type RunningOpsdesk } from '../app/start.ts';
import { systemActor } from '../core/actor.ts';
import { actorOfPerson, addPerson, createApiToken, createOrg } from '../core/directory/index.ts';
import { createLogger } from '../core/observability.ts';
import { buildSchema } from '../doors/graphql/schema.ts';
import { loadConfig } from '../server/config.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { runWhenMain } from './standalone.ts';
import { summarise, type Row } from './stats.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
const CALLERS_CHILD = fileURLToPath(new URL('./http-callers.ts', import.meta.url));
/** A read that goes through a core query to the database, as most of the console's reads do. */
const QUERY = JSON.stringify({ query: 'query Bench($orgId: ID!) { org(id: $orgId) { id name slug } }', variables: {} });

export interface HttpBenchOptions {
  requests: number;
  concurrency: number;
  log: (line: string) => void;
}

interface CallerRun {
  latencies: number[];
  elapsedMs: number;
  failures: number;
  firstFailure?: string;
}

function callers(url: string, headers: Record<string, string>, body: string, total: number, concurrency: number): Promise<CallerRun> {
  return new Promise((resolve, reject) => {
    const child = fork(RUN_TS, [CALLERS_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result) => resolve(result as CallerRun));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`the HTTP callers exited with ${code}`)));
    child.send({ url, headers, body, total, concurrency });
  });
}

export async function httpBench(backend: string, bench: BenchDatabase, options: HttpBenchOptions): Promise<Row[]> {
  const { log } = options;
  let running: RunningOpsdesk | undefined;
  let bare: Server | undefined;
  const rows: Row[] = [];
  try {
    running = await startOpsdesk({ config: loadConfig({ ...BENCH_SERVER_ENV }), database: bench.database, logger: createLogger({ level: 'silent' }), ...benchAuditKey() });
    const { core } = running;
    const cli = systemActor('cli', 'cli', `bench-${randomUUID()}`);
    const org = await core.execute(createOrg, cli, { name: 'Bench Inc', slug: `bench-${randomUUID().slice(0, 6)}` });
    const person = await core.execute(addPerson, cli, { orgId: org.id, name: 'Bench Person', email: `bench-${randomUUID().slice(0, 6)}@example.test`, roles: ['contact'] });
    const { token } = await core.execute(createApiToken, cli, { personId: person.id, label: 'bench' });
    const actor = (await core.read(actorOfPerson, systemActor('host', 'system', 'bench'), { personId: person.id, door: 'graphql', requestId: 'bench' }))!;

    // The reference: the same schema and resolvers behind graphql-http, the actor fixed, nothing else.
    const schema = buildSchema((await partsOf('graphql')).map((part) => part.resolvers));
    const handler = createHandler({ schema, context: () => ({ core, actor }) as never });
    bare = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => bare!.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`;
    const opsdeskUrl = `${running.server.url}/graphql`;

    const body = QUERY.replace('"variables":{}', `"variables":${JSON.stringify({ orgId: org.id })}`);
    const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    const servers = [
      { name: 'bare graphql-http (no auth)', url: bareUrl, headers: json },
      { name: 'opsdesk /graphql', url: opsdeskUrl, headers: { ...json, authorization: `Bearer ${token}` } },
    ];
    // Warm both (JIT, connection pools, Apollo's document cache) before measuring.
    for (const server of servers) await callers(server.url, server.headers, body, 300, 4);

    const measured = new Map<string, { latency: Row; throughput: Row }>();
    for (const server of servers) {
      const one = await callers(server.url, server.headers, body, options.requests, 1);
      const many = await callers(server.url, server.headers, body, options.requests, options.concurrency);
      for (const run of [one, many]) if (run.failures > 0) throw new Error(`${server.name}: ${run.failures} failed requests, the first: ${run.firstFailure}`);
      const l = summarise(one.latencies);
      const t = summarise(many.latencies);
      const latency: Row = { backend, scenario: `${server.name}, 1 caller`, n: l.n, p50: l.p50, p99: l.p99, opsPerSec: (one.latencies.length / one.elapsedMs) * 1000 };
      const throughput: Row = {
        backend,
        scenario: `${server.name}, ${options.concurrency} callers`,
        n: t.n,
        p50: t.p50,
        p99: t.p99,
        opsPerSec: (many.latencies.length / many.elapsedMs) * 1000,
      };
      measured.set(server.name, { latency, throughput });
      log(`  ${server.name}: 1 caller p50 ${l.p50.toFixed(2)} ms p99 ${l.p99.toFixed(2)} ms; ${options.concurrency} callers ${throughput.opsPerSec!.toFixed(0)} req/s`);
    }
    const reference = measured.get(servers[0]!.name)!;
    const ours = measured.get(servers[1]!.name)!;
    ours.latency.ratio = `latency ${(ours.latency.p50 / reference.latency.p50).toFixed(2)}x p50, ${(ours.latency.p99 / reference.latency.p99).toFixed(2)}x p99 (goal ≤ 1.5x)`;
    ours.throughput.ratio = `throughput ${(ours.throughput.opsPerSec! / reference.throughput.opsPerSec!).toFixed(2)}x (goal ≥ 0.67x); p50 ${(ours.throughput.p50 / reference.throughput.p50).toFixed(2)}x, p99 ${(ours.throughput.p99 / reference.throughput.p99).toFixed(2)}x`;
    log(`  opsdesk against the bare server: ${ours.latency.ratio}; ${ours.throughput.ratio}`);
    rows.push(reference.latency, ours.latency, reference.throughput, ours.throughput);
  } finally {
    await new Promise<void>((resolve) => (bare ? bare.close(() => resolve()) : resolve()));
    await running?.stop();
  }
  return rows;
}

export function httpBenchOptions(log: (line: string) => void): HttpBenchOptions {
  const intEnv = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return { requests: intEnv('BENCH_HTTP_REQUESTS', 3000), concurrency: intEnv('BENCH_HTTP_CONCURRENCY', 16), log };
}

export const HTTP_TABLE_TITLE = 'GraphQL over HTTP: opsdesk /graphql against a bare graphql-http server (same schema and resolver), same run';

runWhenMain(import.meta.url, 'http', HTTP_TABLE_TITLE, (backend, db, log) => httpBench(backend, db, httpBenchOptions(log)));
