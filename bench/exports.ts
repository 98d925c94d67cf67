/**
 * `node bin/run-ts.mjs bench/exports.ts` (not part of `npm run bench`): an org's back-up over a large
 * org on PostgreSQL: TICKETS tickets with COMMENTS comments between them (inserted with
 * generate_series), exported with the CLI's writer into a sink that only counts bytes. Prints the
 * time, rows per second, the archive's size, and the process's peak RSS above what it held before
 * (the export streams: it should not grow with the org).
 *
 * Environment:
 *   BENCH_EXPORT_TICKETS    tickets of the org (default 20000)
 *   BENCH_EXPORT_COMMENTS   comments, spread over its tickets (default 100000)
 *   BENCH_DATABASE_URL      the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { coreCapabilities } from '../app/capabilities.ts';
import { systemActor } from '../core/actor.ts';
import { ephemeralAuditSigningKey } from '../core/audit/signing-key.ts';
import { createOrg } from '../core/directory/index.ts';
import { exportToCaller } from '../core/exports/index.ts';
import { bootstrapIfEmpty, createCore } from '../core/index.ts';
import { createLogger } from '../core/observability.ts';
import { migrate } from '../db/migrate.ts';
import { DEFAULT_POSTGRES_URL, openBenchPostgres } from './databases.ts';

const TICKETS = Number(process.env.BENCH_EXPORT_TICKETS ?? 20_000);
const COMMENTS = Number(process.env.BENCH_EXPORT_COMMENTS ?? 100_000);

const bench = await openBenchPostgres(process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL, 4);
try {
  await migrate(bench.database);
  const core = createCore({ capabilities: await coreCapabilities(), database: bench.database, logger: createLogger({ level: 'warn' }), timers: { autoArm: false }, audit: { key: ephemeralAuditSigningKey() } });
  await bootstrapIfEmpty(core);
  await core.start();
  const operator = systemActor('cli', 'cli', 'bench-exports');
  const org = await core.execute(createOrg, operator, { name: 'Bench Inc', slug: 'bench' });
  const db = core.database.db;
  await db.execute(sql`
    insert into tickets (org_id, number, key, title, description, kind, initiator_id)
    select ${org.id}, n, 'BENCH-' || n, 'Ticket ' || n || ' about the invoices', repeat('The report shows the wrong totals. ', 8), 'incident', gen_random_uuid()
    from generate_series(1, ${TICKETS}) n`);
  await db.execute(sql`
    insert into ticket_comments (ticket_id, author_id, side, body, door)
    select t.id, gen_random_uuid(), 'client', 'A reply with some detail about the problem, number ' || n, 'graphql'
    from generate_series(1, ${COMMENTS}) n join tickets t on t.org_id = ${org.id} and t.number = 1 + (n % ${TICKETS})`);
  // As autovacuum would after a bulk load: the planner then walks the keys rather than sorting the org.
  await db.execute(sql`analyze`);

  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const started = performance.now();
  const done = await exportToCaller(core, operator, org.id, sink);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(`org export on PostgreSQL: ${TICKETS} tickets, ${COMMENTS} comments, ${done.rowsDone} rows in ${done.kindsDone} files`);
  console.log(`  ${seconds.toFixed(2)} s, ${Math.round(done.rowsDone / seconds)} rows/s, archive ${mb(bytes)} MiB`);
  console.log(`  peak RSS ${mb(peak)} MiB, ${mb(peak - before)} MiB above the ${mb(before)} MiB before the export`);
  await core.stop();
} finally {
  await bench.dispose();
}
