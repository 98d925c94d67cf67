/**
 * `npm run bench`: commit latency with and without the audit append, and commit-to-delivery
 * latency to many graphql-ws subscribers, on PGlite and on PostgreSQL. Prints tables and a
 * summary block. Only talks to 127.0.0.1.
 *
 * Environment:
 *   BENCH_ITERATIONS        commands per commit scenario and variant (default 2000; the diagnostic
 *                           "outbox" variant runs half as many)
 *   BENCH_VARIANTS          commit variants, comma-separated: audit,outbox,none (default all three)
 *   BENCH_PG_SYNC_COMMIT    off sets synchronous_commit=off on the commit bench's throwaway database
 *                           (diagnostic: commits without waiting for the WAL flush; default on)
 *   BENCH_SUBSCRIBERS       graphql-ws subscribers (default 1000)
 *   BENCH_EVENTS            measured events per delivery run (default 50)
 *   BENCH_EVENT_SPACING_MS  time between measured commits, one delivery run per value (default 100,20)
 *   BENCH_TRACE_SENDS       0 turns off timing the server's ws.send (default on)
 *   BENCH_PGLITE            memory (default) or disk (a temporary data directory)
 *   BENCH_DATABASE_URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *                           a fresh database opsdesk_bench_<random> is created there and dropped
 *   BENCH_BACKENDS          pglite,postgres (default both)
 *   BENCH_ONLY              commit, delivery, subscriptions, http, tickets, announcements, alarms, access,
 *                           status, mixed, scale, startup, console or search, comma-separated (default all;
 *                           see bench/multiplex.ts, bench/graphql-http.ts, bench/tickets.ts, bench/announcements.ts,
 *                           bench/alarms.ts, bench/access.ts, bench/status.ts, bench/mixed.ts, bench/scale-out.ts
 *                           (both PostgreSQL only), bench/startup.ts, bench/console.ts and bench/search.ts for
 *                           their own knobs)
 */
import { cpus, loadavg } from 'node:os';
import { commitBench, VARIANT_LABEL, type Variant } from './commit.ts';
import { deliveryBench } from './delivery.ts';
import { multiplexBench, multiplexOptions } from './multiplex.ts';
import { ANNOUNCEMENTS_TITLE, runAnnouncementsBench } from './announcements.ts';
import { ticketsBench, TICKETS_TABLE_TITLE } from './tickets.ts';
import { alarmBench, alarmBenchOptions, ALARM_TABLE_TITLE } from './alarms.ts';
import { httpBench, httpBenchOptions, HTTP_TABLE_TITLE } from './graphql-http.ts';
import { accessBench, accessBenchOptions, ACCESS_TABLE_TITLE } from './access.ts';
import { statusBench, statusBenchOptions, STATUS_TABLE_TITLE } from './status.ts';
import { mixedBench, mixedOptions, MIXED_TABLE_TITLE } from './mixed.ts';
import { scaleOutBench, scaleOutOptions, SCALE_TABLE_TITLE } from './scale-out.ts';
import { searchBench, searchBenchOptions, SEARCH_TABLE_TITLE } from './search.ts';
import { startupBench, startupBenchOptions, type StartupResult } from './startup.ts';
import { consoleBench, consoleBenchOptions, type ConsoleResult } from './console.ts';
import { consoleLiveBench, consoleLiveMissing } from './console-live.ts';
import {
  describePostgres,
  findPostgres,
  openBenchPglite,
  openBenchPostgres,
  pgliteMode,
  type BenchDatabase,
} from './databases.ts';
import { formatTable, nowMs, type Row } from './stats.ts';
import { intEnv } from './env.ts';


function listEnv<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw?.trim()) return [...fallback];
  const values = raw.split(',').map((v) => v.trim()) as T[];
  for (const v of values) if (!allowed.includes(v)) throw new Error(`${name}: unknown value "${v}" (use ${allowed.join(', ')})`);
  return values;
}

const iterations = intEnv('BENCH_ITERATIONS', 2000);
const subscribers = intEnv('BENCH_SUBSCRIBERS', 1000);
const events = intEnv('BENCH_EVENTS', 50);
const spacingsMs = (process.env.BENCH_EVENT_SPACING_MS?.trim() || '100,20').split(',').map((v) => {
  const n = Number(v.trim());
  if (!Number.isInteger(n) || n < 0) throw new Error('BENCH_EVENT_SPACING_MS must be integers >= 0, comma-separated');
  return n;
});
const outboxIterations = Math.max(100, Math.floor(iterations / 2));
const synchronousCommit = process.env.BENCH_PG_SYNC_COMMIT !== 'off';
const traceSends = process.env.BENCH_TRACE_SENDS !== '0';
const variants = listEnv<Variant>('BENCH_VARIANTS', ['audit', 'outbox', 'none'], ['audit', 'outbox', 'none']);
const backends = listEnv('BENCH_BACKENDS', ['pglite', 'postgres'] as const, ['pglite', 'postgres']);
const PARTS = ['commit', 'delivery', 'subscriptions', 'http', 'tickets', 'announcements', 'alarms', 'access', 'status', 'mixed', 'scale', 'startup', 'console', 'search'] as const;
const parts = listEnv('BENCH_ONLY', PARTS, PARTS);

const log = (line: string) => console.log(line);
const began = nowMs();
const commitRows: Row[] = [];
const deliveryRows: Row[] = [];
const multiplexRows: Row[] = [];
const multiplexSummary: string[] = [];
const ticketRows: Row[] = [];
const alarmRows: Row[] = [];
const httpRows: Row[] = [];
const announcementRows: Row[] = [];
const accessRows: Row[] = [];
const statusRows: Row[] = [];
const mixedRows: Row[] = [];
const scaleRows: Row[] = [];
const searchRows: Row[] = [];
let startup: StartupResult | undefined;
let webConsole: ConsoleResult | undefined;
const consoleLiveRows: Row[] = [];
/** Comments committed while the console watches (BENCH_CONSOLE_SAMPLES). */
const consoleLiveSamples = Number(process.env.BENCH_CONSOLE_SAMPLES ?? 30);
const ticketOptions = { presses: intEnv('BENCH_TICKET_PRESSES', 300), opens: intEnv('BENCH_TICKET_OPENS', 400), subscribers, events, log };
const notes: string[] = [];

log(
  `opsdesk bench: Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}); ` +
    `${iterations} commands per commit scenario, variants ${variants.join('/')}; ` +
    `${subscribers} subscribers x ${events} events, ${spacingsMs.join(' / ')} ms apart`,
);
const loadAtStart = loadavg()[0]!;
if (loadAtStart > cpus().length) {
  log(`WARNING: load average ${loadAtStart.toFixed(1)} on ${cpus().length} CPUs before starting: other work competes, figures will be noisy`);
}

async function withDatabase<T, D extends BenchDatabase = BenchDatabase>(open: () => Promise<D>, work: (db: D) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await work(db);
  } finally {
    await db.dispose().catch((error: unknown) => log(`  (could not dispose ${db.label}: ${(error as Error).message})`));
  }
}

async function main(): Promise<void> {
  // First, while the machine has only this to do: start-up figures are whole processes.
  if (parts.includes('startup')) {
    log('\n[startup]');
    startup = await startupBench(startupBenchOptions(log));
  }
  if (parts.includes('console')) {
    log('\n[console]');
    webConsole = await consoleBench(consoleBenchOptions(log));
    const missing = consoleLiveMissing();
    if (missing) log(`  commit to visible: not measured (${missing})`);
    else {
      await withDatabase(openBenchPglite, async (db) => {
        consoleLiveRows.push(...(await consoleLiveBench(`pglite-${pgliteMode() === 'memory' ? 'mem' : 'disk'}`, db, { samples: consoleLiveSamples, log })));
      });
    }
  }
  const pgliteName = `pglite-${pgliteMode() === 'memory' ? 'mem' : 'disk'}`;
  if (backends.includes('pglite')) {
    if (parts.includes('commit')) {
      log(`\n[commit] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => {
        notes.push(`${pgliteName}: ${db.label}`);
        commitRows.push(...(await commitBench(pgliteName, db.database, { iterations, outboxIterations, variants, log })));
      });
    }
    if (parts.includes('delivery')) {
      log(`\n[delivery] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => {
        deliveryRows.push(...(await deliveryBench(pgliteName, db, { subscribers, events, spacingsMs, traceSends, log })));
      });
    }
    if (parts.includes('subscriptions')) {
      log(`\n[subscriptions] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => {
        const result = await multiplexBench(pgliteName, db, multiplexOptions(log));
        multiplexRows.push(...result.rows);
        multiplexSummary.push(...result.summary);
      });
    }
    if (parts.includes('http')) {
      log(`\n[http] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => void httpRows.push(...(await httpBench(pgliteName, db, httpBenchOptions(log)))));
    }
    if (parts.includes('tickets')) {
      log(`\n[tickets] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => void ticketRows.push(...(await ticketsBench(pgliteName, db, ticketOptions))));
    }
    if (parts.includes('alarms')) {
      log(`\n[alarms] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => void alarmRows.push(...(await alarmBench(pgliteName, db, alarmBenchOptions(log)))));
    }
    if (parts.includes('access')) {
      log(`\n[access] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => void accessRows.push(...(await accessBench(pgliteName, db, accessBenchOptions(log)))));
    }
    if (parts.includes('status')) {
      // 90 days of rollups do not fit in PGlite's memory file system: always a temporary data directory.
      log('\n[status] pglite-disk');
      await withDatabase(() => openBenchPglite('disk'), async (db) => void statusRows.push(...(await statusBench('pglite-disk', db, statusBenchOptions(log)))));
    }
    if (parts.includes('search')) {
      log(`\n[search] ${pgliteName}`);
      await withDatabase(openBenchPglite, async (db) => void searchRows.push(...(await searchBench(pgliteName, db, searchBenchOptions(log)))));
    }
  }
  if (backends.includes('postgres')) {
    const found = await findPostgres();
    if ('skip' in found) {
      const note = `postgres: skipped: ${found.skip}`;
      notes.push(note);
      log(`\n${note}`);
    } else {
      const version = await describePostgres(found.url);
      notes.push(`postgres: ${version}; a fresh database per part, dropped afterwards`);
      if (!synchronousCommit) notes.push('commit bench with synchronous_commit=off (diagnostic)');
      const pgName = synchronousCommit ? 'postgres' : 'postgres-async';
      if (parts.includes('commit')) {
        log(`\n[commit] postgres (${version})`);
        await withDatabase(
          () => openBenchPostgres(found.url, 10, { synchronousCommit }),
          async (db) => {
            commitRows.push(
              ...(await commitBench(pgName, db.database, { iterations, outboxIterations, variants, log })),
            );
          },
        );
      }
      if (parts.includes('delivery')) {
        log(`\n[delivery] postgres`);
        await withDatabase(
          () => openBenchPostgres(found.url, 10),
          async (db) => {
            deliveryRows.push(...(await deliveryBench('postgres', db, { subscribers, events, spacingsMs, traceSends, log })));
          },
        );
      }
      if (parts.includes('http')) {
        log(`\n[http] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void httpRows.push(...(await httpBench('postgres', db, httpBenchOptions(log)))));
      }
      if (parts.includes('tickets')) {
        log(`\n[tickets] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void ticketRows.push(...(await ticketsBench('postgres', db, ticketOptions))));
      }
      if (parts.includes('alarms')) {
        log(`\n[alarms] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void alarmRows.push(...(await alarmBench('postgres', db, alarmBenchOptions(log)))));
      }
      if (parts.includes('access')) {
        log(`\n[access] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void accessRows.push(...(await accessBench('postgres', db, accessBenchOptions(log)))));
      }
      if (parts.includes('status')) {
        log(`\n[status] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void statusRows.push(...(await statusBench('postgres', db, statusBenchOptions(log)))));
      }
      if (parts.includes('mixed')) {
        log(`\n[mixed] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void mixedRows.push(...(await mixedBench('postgres', db, mixedOptions(log)))));
      }
      if (parts.includes('scale')) {
        log(`\n[scale] postgres`);
        // The instances open their own pools; the bench's own (for the setup) stays small.
        await withDatabase(() => openBenchPostgres(found.url, 4), async (db) => void scaleRows.push(...(await scaleOutBench('postgres', db, scaleOutOptions(log)))));
      }
      if (parts.includes('search')) {
        log(`\n[search] postgres`);
        await withDatabase(() => openBenchPostgres(found.url, 10), async (db) => void searchRows.push(...(await searchBench('postgres', db, searchBenchOptions(log)))));
      }
    }
  }

  if (parts.includes('announcements')) {
    announcementRows.push(...(await runAnnouncementsBench(log)));
    log(formatTable(ANNOUNCEMENTS_TITLE, announcementRows));
  }

  if (commitRows.length) {
    log(
      formatTable(
        'Command commit latency (setRoles toggling a role; latency = core.execute / core.transact call to resolution)',
        commitRows,
      ),
    );
    log('  ratio: time per command with / without the audit append (1/throughput), and p50 and p99 latency ratios');
  }
  if (deliveryRows.length) {
    log(
      formatTable(
        'Commit to delivery: time from the commit to each (event, subscriber) receipt; indented rows: to the server\'s ws.send, ' +
          'to the server\'s bus. graphql-ws subscription events(orgId), subscribers in a child process; ops/s = messages received per second',
        deliveryRows,
      ),
    );
  }
  if (multiplexRows.length) {
    log(
      formatTable(
        'Subscriptions at scale (bench/multiplex.ts): ms from the event on the server\'s bus to each (event, subscription) receipt in a child process; ' +
          'opsdesk multiplexed against a bare graphql-ws server with the same schema and no authorisation, measured in this run',
        multiplexRows,
      ),
    );
  }
  if (httpRows.length) log(formatTable(HTTP_TABLE_TITLE, httpRows));
  if (ticketRows.length) log(formatTable(TICKETS_TABLE_TITLE, ticketRows));
  if (alarmRows.length) log(formatTable(ALARM_TABLE_TITLE, alarmRows));
  if (accessRows.length) log(formatTable(ACCESS_TABLE_TITLE, accessRows));
  if (statusRows.length) log(formatTable(STATUS_TABLE_TITLE, statusRows));
  if (mixedRows.length) log(formatTable(MIXED_TABLE_TITLE, mixedRows));
  if (scaleRows.length) log(formatTable(SCALE_TABLE_TITLE, scaleRows));
  if (searchRows.length) log(formatTable(SEARCH_TABLE_TITLE, searchRows));
  if (startup) log(startup.report);
  if (webConsole) log(webConsole.report);
  if (consoleLiveRows.length) log(formatTable('Web console: ms from a commit to its change visible in the page (bench/console-live.ts)', consoleLiveRows));
  log(summaryBlock());
}

function summaryBlock(): string {
  const lines: string[] = ['', '--- summary (paste into a note) ---'];
  lines.push(`opsdesk bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs`);
  for (const note of notes) lines.push(`- ${note}`);
  const find = (backend: string, scenario: string, variant: Variant) =>
    commitRows.find((r) => r.backend === backend && r.scenario === `${scenario}, ${VARIANT_LABEL[variant]}`);
  const backendsSeen = [...new Set(commitRows.map((r) => r.backend))];
  if (commitRows.length) {
    lines.push(
      `Commit latency, setRoles (one UPDATE + audit append + outbox row), ${iterations} commands per line ` +
        `(outbox-only diagnostic: ${outboxIterations}):`,
    );
    for (const backend of backendsSeen) {
      for (const scenario of ['1 org, sequential', '1 org, 8 callers', '8 orgs, 8 callers']) {
        const a = find(backend, scenario, 'audit');
        const n = find(backend, scenario, 'none');
        const o = find(backend, scenario, 'outbox');
        const part = (label: string, r: Row | undefined) =>
          r ? `${label} p50 ${r.p50.toFixed(2)} / p99 ${r.p99.toFixed(2)} ms, ${r.opsPerSec!.toFixed(0)}/s` : undefined;
        const bits = [part('audit', a), part('outbox only', o), part('no audit', n)].filter(Boolean);
        const ratio = a && n ? `; audit costs ${(n.opsPerSec! / a.opsPerSec!).toFixed(2)}x time per command` : '';
        lines.push(`- ${backend}, ${scenario}: ${bits.join('; ')}${ratio}`);
      }
      // The disk's floor: no command commits faster than a transaction of one INSERT.
      for (const r of commitRows.filter((row) => row.backend === backend && row.scenario.startsWith('bare commit'))) {
        lines.push(`- ${backend}, ${r.scenario}: p50 ${r.p50.toFixed(2)} / p99 ${r.p99.toFixed(2)} ms, ${r.opsPerSec!.toFixed(0)}/s`);
      }
    }
  }
  if (deliveryRows.length) {
    lines.push(`Commit to delivery, ${subscribers} graphql-ws subscribers (child process), ${events} events per line:`);
    for (const r of deliveryRows) {
      const rate = r.opsPerSec ? `, ${r.opsPerSec.toFixed(0)} msgs/s` : '';
      lines.push(`- ${r.backend}, ${r.scenario}: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (n=${r.n}${rate})`);
    }
  }
  lines.push(...multiplexSummary);
  const rowLines = (title: string, rows: Row[], unit: string) => {
    if (rows.length === 0) return;
    lines.push(title);
    for (const r of rows) {
      const rate = r.opsPerSec ? `, ${r.opsPerSec.toFixed(0)} ${unit}` : '';
      lines.push(`- ${r.backend}, ${r.scenario}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (n=${r.n}${rate})`);
    }
  };
  rowLines('GraphQL over HTTP (bench/graphql-http.ts):', httpRows, 'req/s');
  for (const r of httpRows) if (r.ratio) lines.push(`- ${r.backend}, ${r.scenario}: ${r.ratio}`);
  rowLines('Tickets (bench/tickets.ts):', ticketRows, 'ops/s');
  rowLines('Announcements (bench/announcements.ts):', announcementRows, 'per s');
  rowLines('Alarms (bench/alarms.ts):', alarmRows, 'alarms/s');
  rowLines('Production access (bench/access.ts):', accessRows, 'ops/s');
  rowLines('Service status (bench/status.ts):', statusRows, 'queries/s');
  rowLines('Mixed load (bench/mixed.ts):', mixedRows, 'alarms/s');
  for (const r of mixedRows) if (r.ratio || r.note) lines.push(`- ${r.scenario.trim()}: ${[r.ratio, r.note].filter(Boolean).join('; ')}`);
  rowLines('Scale-out (bench/scale-out.ts):', scaleRows, 'tickets opened/s');
  for (const r of scaleRows) if (r.ratio) lines.push(`- ${r.scenario}: ${r.ratio}`);
  rowLines('Ticket search (bench/search.ts):', searchRows, 'queries/s');
  if (startup) lines.push('Start-up (bench/startup.ts), medians:', ...startup.summary);
  if (webConsole) lines.push('Web console (bench/console.ts):', ...webConsole.summary);
  for (const row of consoleLiveRows) lines.push(`- ${row.scenario} (${row.backend}): p50 ${row.p50.toFixed(0)} ms, p99 ${row.p99.toFixed(0)} ms, n=${row.n}`);
  lines.push(
    `Total run time ${((nowMs() - began) / 1000).toFixed(0)} s; load average (1 min) ${loadAtStart.toFixed(1)} at start, ` +
      `${loadavg()[0]!.toFixed(1)} at end${loadAtStart > cpus().length ? ' (other work was competing for the CPUs)' : ''}.`,
  );
  lines.push('--- end of summary ---');
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 1;
});
