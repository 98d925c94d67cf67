/**
 * Service status: the storage and query cost of probe history, as issue 15 asks: 50 probes at
 * 30-second intervals over 90 days. The history is written as the first slice keeps it
 * (docs/status.md): raw samples for the last 14 days, minute, hour and day rollups for the whole
 * period (their retention is 400 days). It is generated in SQL (`generate_series`, random latencies
 * of 30 ms plus an exponential tail, one result in a thousand down), probe by probe, rather than through
 * `recordProbeResult`, whose per-result cost is the probes' own business (about 2 results a second
 * per 50 probes). Then it prints the table sizes (`pg_total_relation_size`, also on PGlite) and
 * times `serviceAvailability` as the status page asks it: 90 days of daily bars, p50/p95 over 24
 * hours, 7 days and 90 days (each over the service's 50 probes, the grain the query picks), and the
 * finest allowed (24 hours of minute rollups).
 *
 *   node bin/run-ts.mjs bench/status.ts      (alone)      BENCH_ONLY=status npm run bench   (through run.ts)
 *
 * Environment: BENCH_STATUS_PROBES (default 50), BENCH_STATUS_DAYS (default 90),
 * BENCH_STATUS_INTERVAL_SECONDS (default 30), BENCH_STATUS_QUERIES (runs per query, default 20),
 * BENCH_BACKENDS. PGlite runs in a temporary data directory (the history does not fit in its
 * memory-backed file system).
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.ts';
import { bootstrapIfEmpty, createCore } from '../core/index.ts';
import type { Core } from '../core/core.ts';
import { createLogger } from '../core/observability.ts';
import { createProbe, createService, serviceAvailability } from '../core/status/index.ts';
import { resultRows } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { coreCapabilities } from '../app/capabilities.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { runWhenMain } from './standalone.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import { intEnv } from './env.ts';

export interface StatusBenchOptions {
  probes: number;
  days: number;
  intervalSeconds: number;
  queries: number;
  log: (line: string) => void;
}


export function statusBenchOptions(log: (line: string) => void): StatusBenchOptions {
  return {
    probes: intEnv('BENCH_STATUS_PROBES', 50),
    days: intEnv('BENCH_STATUS_DAYS', 90),
    intervalSeconds: intEnv('BENCH_STATUS_INTERVAL_SECONDS', 30),
    queries: intEnv('BENCH_STATUS_QUERIES', 20),
    log,
  };
}

export const STATUS_TABLE_TITLE = 'Service status: serviceAvailability over the generated probe history (ms per query)';

const operator = () => systemActor('cli', 'cli', `bench-${randomUUID()}`);
const DAY_MS = 86_400_000;
const SAMPLE_DAYS = 14;

/** A bucket array (docs/status.md's 13 bounds and the overflow) with `n` results in the bucket of latency `l`. */
const BOUNDS = [25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];
const bucketsOf = (n: string, l: string) => {
  const index = `case ${BOUNDS.map((b, i) => `when ${l} <= ${b} then ${i}`).join(' ')} else ${BOUNDS.length} end`;
  return `array_fill(0, array[${index}]) || array[${n}] || array_fill(0, array[${BOUNDS.length} - ${index}])`;
};
/** Latencies of successful results: 30 ms plus an exponential tail with a mean of 60 ms. */
const LATENCY = `30 + floor(-ln(1 - random()) * 60)::int`;

async function fillHistory(core: Core, probeIds: string[], end: Date, options: StatusBenchOptions): Promise<{ seconds: number; rows: Record<string, number> }> {
  const db = core.database.db;
  const perMinute = Math.max(1, Math.round(60 / options.intervalSeconds));
  const start = new Date(end.getTime() - options.days * DAY_MS);
  const sampleStart = new Date(end.getTime() - Math.min(SAMPLE_DAYS, options.days) * DAY_MS);
  const began = nowMs();
  for (const [i, probeId] of probeIds.entries()) {
    // Each probe in its own transaction, so neither database holds one huge one.
    await core.database.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`
        insert into probe_samples (probe_id, at, up, latency_ms, status_code, error)
        select '${probeId}', t, r > 0.001, case when r > 0.001 then ${LATENCY} else 10000 end,
          case when r > 0.001 then 200 else null end, case when r > 0.001 then null else 'timeout' end
        from (select t, random() as r from generate_series('${sampleStart.toISOString()}'::timestamptz, '${end.toISOString()}'::timestamptz - interval '1 second', interval '${options.intervalSeconds} seconds') as t) s`));
      for (const [grain, step, count] of [
        ['minute', '1 minute', perMinute],
        ['hour', '1 hour', perMinute * 60],
        ['day', '1 day', perMinute * 1440],
      ] as const) {
        await tx.execute(sql.raw(`
          insert into probe_rollups (probe_id, grain, start, count, up_count, latency_sum_ms, latency_min_ms, latency_max_ms, buckets)
          select '${probeId}', '${grain}', t, ${count}, ${count} - d, l * (${count} - d), greatest(l - 20, 1), l + 20, ${bucketsOf(`(${count} - d)`, 'l')}
          from (select t, ${LATENCY} as l, case when random() < ${grain === 'minute' ? 0.001 : grain === 'hour' ? 0.05 : 0.5} then 1 else 0 end as d
                from generate_series('${start.toISOString()}'::timestamptz, '${end.toISOString()}'::timestamptz - interval '1 second', interval '${step}') as t) s`));
      }
    });
    if ((i + 1) % 10 === 0 || i + 1 === probeIds.length) options.log(`  history of ${i + 1}/${probeIds.length} probes written (${((nowMs() - began) / 1000).toFixed(0)} s)`);
  }
  const seconds = (nowMs() - began) / 1000;
  const counts = resultRows<{ what: string; n: number }>(
    await db.execute(sql`select grain as what, count(*)::int as n from probe_rollups group by grain union all select 'samples', count(*)::int from probe_samples`),
  );
  return { seconds, rows: Object.fromEntries(counts.map((c) => [c.what, Number(c.n)])) };
}

async function tableSizes(core: Core): Promise<string[]> {
  const rows = resultRows<{ name: string; total: string; heap: string; indexes: string }>(
    await core.database.db.execute(sql`
      select c.relname as name, pg_total_relation_size(c.oid)::bigint as total, pg_relation_size(c.oid)::bigint as heap, pg_indexes_size(c.oid)::bigint as indexes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname in ('probe_samples', 'probe_rollups') order by c.relname`),
  );
  const mb = (bytes: string) => `${(Number(bytes) / 1024 / 1024).toFixed(0)} MB`;
  return rows.map((r) => `${r.name}: ${mb(r.total)} in all (table ${mb(r.heap)}, indexes ${mb(r.indexes)})`);
}

export async function statusBench(backend: string, bench: BenchDatabase, options: StatusBenchOptions): Promise<Row[]> {
  const { log } = options;
  log(`  ${options.probes} probes every ${options.intervalSeconds} s over ${options.days} days; ${bench.label}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
  await migrate(bench.database);
  const core = createCore({
    capabilities: await coreCapabilities(),
    database: bench.database,
    logger: createLogger({ level: 'silent' }),
    timers: { autoArm: false },
    audit: { key: benchAuditKey().auditKey, schedule: false },
  });
  await bootstrapIfEmpty(core);
  await core.start();
  const rows: Row[] = [];
  try {
    const service = await core.execute(createService, operator(), { name: `API ${randomUUID().slice(0, 6)}`, isPublic: true });
    const probeIds: string[] = [];
    for (let i = 0; i < options.probes; i++) {
      probeIds.push((await core.execute(createProbe, operator(), { serviceId: service.id, name: `probe ${i}`, url: `http://127.0.0.1:9/${i}`, intervalSeconds: options.intervalSeconds })).id);
    }
    const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
    const filled = await fillHistory(core, probeIds, end, options);
    log(`  written in ${filled.seconds.toFixed(0)} s: ${Object.entries(filled.rows).map(([k, n]) => `${n.toLocaleString('en')} ${k}${k === 'samples' ? '' : ' rollups'}`).join(', ')}`);
    await core.database.db.execute(sql`analyze probe_rollups`);
    await core.database.db.execute(sql`analyze probe_samples`);
    for (const line of await tableSizes(core)) log(`  ${line}`);

    const ask = async (scenario: string, days: number, grain?: 'minute' | 'hour' | 'day') => {
      const input = { serviceId: service.id, from: new Date(end.getTime() - days * DAY_MS), to: end, grain };
      const first = await core.read(serviceAvailability, operator(), input);
      const samples: number[] = [];
      for (let i = 0; i < options.queries; i++) {
        const t0 = nowMs();
        await core.read(serviceAvailability, operator(), input);
        samples.push(nowMs() - t0);
      }
      const s = summarise(samples);
      const note = `${first.grain} rollups, ${first.series.length} points, availability ${((first.availability ?? 0) * 100).toFixed(3)}%, p50 ${first.p50Ms} ms, p95 ${first.p95Ms} ms`;
      rows.push({ backend, scenario, n: s.n, p50: s.p50, p99: s.p99, note });
      log(`  ${scenario}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${note})`);
    };
    await ask('90-day daily availability bars', Math.min(90, options.days), 'day');
    await ask('p50/p95 over 24 h (default grain)', 1);
    await ask('p50/p95 over 7 d (default grain)', Math.min(7, options.days));
    await ask('p50/p95 over 90 d (default grain)', Math.min(90, options.days));
    await ask('24 h of minute rollups (finest)', 1, 'minute');
  } finally {
    await core.stop();
  }
  return rows;
}

runWhenMain(import.meta.url, 'status', STATUS_TABLE_TITLE, (backend, db, log) => statusBench(backend, db, statusBenchOptions(log)), 'disk');
