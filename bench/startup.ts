/**
 * Start-up: what the `opsdesk` command and the server cost from `node` to done, each run a whole
 * child process, against the bare cost of opening PGlite measured in the same run.
 *
 *   BENCH_ONLY=startup npm run bench        (or: node bin/run-ts.mjs bench/startup.ts)
 *
 * Figures, each BENCH_STARTUP_RUNS times (default 7, at least 5) after one warm-up, interleaved
 * round by round so that a busy moment touches every figure alike:
 *   node                    `node -e ""`: the floor
 *   bare PGlite open        a child that opens and closes an existing PGlite data directory
 *   opsdesk --help          bin/opsdesk.mjs (what `npx opsdesk` runs: its freshness check included)
 *   --help, dist directly   `node dist/opsdesk.js --help` (what a container runs)
 *   directory commands      org add, token create, workspace list on PGlite; workspace list on PostgreSQL
 *   serve ready             spawn to the first 200 from /readyz, on PGlite and on PostgreSQL; then the
 *                           server's RSS after BENCH_STARTUP_IDLE_MS (default 1000) without traffic
 * Commands report their peak RSS. Budgets (medians; "bare" is the bare PGlite open):
 *   --help under 0.3 s; a directory command on PGlite within 1.5 s of bare; serve ready on PGlite
 *   within 2 s of bare. A figure with a sample taken while the load average exceeded the CPU count
 *   says so.
 *
 * Environment: BENCH_STARTUP_RUNS, BENCH_STARTUP_IDLE_MS, BENCH_DATABASE_URL (PostgreSQL server,
 * default postgres://postgres@127.0.0.1:5432/postgres; a database opsdesk_bench_startup_<random> is
 * created there and dropped afterwards), BENCH_BACKENDS (pglite,postgres; PGlite is always measured,
 * being the reference).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { DIST, ENTRY_FILE, ROOT, build, isFresh } from '../scripts/build.mjs';
import { findPostgres } from './databases.ts';
import { nowMs } from './stats.ts';

export const STARTUP_TITLE = 'Start-up: whole child processes, seconds (min / median / max)';

const BIN = join(ROOT, 'bin', 'opsdesk.mjs');
const ADMIN_EMAIL = 'admin@opsdesk.invalid';
/** Opens and closes the data directory in argv[1], as the CLI's first step does, and nothing else. */
const BARE_PGLITE =
  "import { PGlite } from '@electric-sql/pglite'; const pg = await PGlite.create(process.argv[1]); await pg.close();";
/** Loaded into each command's process: its peak RSS (KiB) on fd 3 as it exits. */
const PEAK_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });",
)}`;

interface Sample {
  seconds: number;
  /** MiB: a command's peak RSS, or the server's RSS once idle. */
  memoryMiB?: number;
  load: number;
}

interface Figure {
  key: string;
  label: string;
  memory?: 'peak' | 'idle';
  run(): Promise<Omit<Sample, 'load'>>;
  samples: Sample[];
  skipped?: string;
}

export interface StartupOptions {
  runs: number;
  idleMs: number;
  backends: string[];
  log: (line: string) => void;
}

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

export function startupBenchOptions(log: (line: string) => void): StartupOptions {
  return {
    runs: intEnv('BENCH_STARTUP_RUNS', 7, 5),
    idleMs: intEnv('BENCH_STARTUP_IDLE_MS', 1000, 0),
    backends: (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim()),
    log,
  };
}

/** The environment of a child: nothing from this process that would point it elsewhere. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) {
    delete env[key];
  }
  return { ...env, NODE_ENV: 'production', LOG_LEVEL: 'silent', ...extra };
}

/** Runs a command to its exit: wall time from spawn, and its peak RSS. Rejects on a non-zero exit. */
function runCommand(args: string[], env: Record<string, string>): Promise<Omit<Sample, 'load'>> {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(process.execPath, ['--import', PEAK_RSS, ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let peak = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk) => (peak += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (nowMs() - started) / 1000;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      const kib = Number(peak);
      resolve({ seconds, ...(kib > 0 ? { memoryMiB: kib / 1024 } : {}) });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMiB(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** `opsdesk serve`: wall time from spawn to the first 200 from /readyz, then its RSS once idle; then SIGTERM. */
async function runServer(env: Record<string, string>, idleMs: number): Promise<Omit<Sample, 'load'>> {
  const port = await freePort();
  const started = nowMs();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  try {
    let seconds: number | undefined;
    while (seconds === undefined) {
      if (exitCode !== undefined) throw new Error(`serve exited with ${exitCode} before it was ready: ${stderr.trim()}`);
      if (nowMs() - started > 60_000) throw new Error('serve was not ready within 60 s');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        await response.arrayBuffer();
        if (response.status === 200) seconds = (nowMs() - started) / 1000;
      } catch {
        // not listening yet
      }
      if (seconds === undefined) await sleep(10);
    }
    await sleep(idleMs);
    const memoryMiB = rssMiB(child.pid!);
    return { seconds, ...(memoryMiB ? { memoryMiB } : {}) };
  } finally {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  }
}

/** A fresh database on the server, and how to drop it. */
async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `opsdesk_bench_startup_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end({ timeout: 1 });
      }
    },
  };
}

const median = (sorted: number[]) =>
  sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

interface Stats {
  min: number;
  median: number;
  max: number;
  memoryMiB?: number;
  maxLoad: number;
}

function statsOf(samples: Sample[]): Stats {
  const seconds = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const memory = samples.flatMap((s) => (s.memoryMiB === undefined ? [] : [s.memoryMiB])).sort((a, b) => a - b);
  return {
    min: seconds[0]!,
    median: median(seconds),
    max: seconds[seconds.length - 1]!,
    ...(memory.length ? { memoryMiB: median(memory) } : {}),
    maxLoad: Math.max(...samples.map((s) => s.load)),
  };
}

function formatColumns(header: string[], rows: string[][], numeric: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)];
}

export interface StartupResult {
  /** The tables to print. */
  report: string;
  /** One line per budget and per memory figure, for run.ts's summary. */
  summary: string[];
}

export async function startupBench(options: StartupOptions): Promise<StartupResult> {
  const { log } = options;
  const cpuCount = cpus().length;
  const loadAtStart = loadavg()[0]!;
  log(`startup: ${cpuCount} CPU(s) (${cpus()[0]?.model ?? '?'}), load average ${loadAtStart.toFixed(2)} at start; ${options.runs} counted runs per figure after one warm-up`);
  if (!isFresh(DIST)) {
    log('startup: dist/ is older than the sources: building it first');
    await build({ outdir: DIST });
  }

  const cleanups: (() => Promise<void>)[] = [];
  try {
    // The embedded database every PGlite figure uses: migrated, with the provider org.
    const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-startup-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const pgliteEnv = { DATA_DIR: dataDir };
    await runCommand([BIN, 'org', 'add', '--name', 'Bench', '--slug', 'bench'], pgliteEnv);

    let postgresEnv: Record<string, string> | undefined;
    let postgresSkip: string | undefined;
    if (options.backends.includes('postgres')) {
      const found = await findPostgres();
      if ('skip' in found) postgresSkip = found.skip;
      else {
        const created = await createPostgresDatabase(found.url);
        cleanups.push(() => created.drop());
        // Where the server and the CLI find (or make) the audit signing key.
        const keyDir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-startup-key-'));
        cleanups.push(async () => rmSync(keyDir, { recursive: true, force: true }));
        postgresEnv = { DATABASE_URL: created.url, DATA_DIR: keyDir };
        await runCommand([BIN, 'org', 'add', '--name', 'Bench', '--slug', 'bench'], postgresEnv);
        log(`startup: PostgreSQL database ${new URL(created.url).pathname.slice(1)} (dropped afterwards)`);
      }
    } else postgresSkip = 'not in BENCH_BACKENDS';

    let orgs = 0;
    const figures: Figure[] = [
      { key: 'node', label: 'node -e "" (the floor)', samples: [], run: () => runCommand(['-e', ''], {}) },
      {
        key: 'bare',
        label: 'bare PGlite open + close (existing data dir)',
        memory: 'peak',
        samples: [],
        run: () => runCommand(['--input-type=module', '-e', BARE_PGLITE, dataDir], {}),
      },
      { key: 'help', label: 'opsdesk --help', memory: 'peak', samples: [], run: () => runCommand([BIN, '--help'], {}) },
      {
        key: 'help-dist',
        label: 'node dist/opsdesk.js --help',
        memory: 'peak',
        samples: [],
        run: () => runCommand([join(DIST, ENTRY_FILE), '--help'], {}),
      },
      {
        key: 'org-add',
        label: 'opsdesk org add (PGlite)',
        memory: 'peak',
        samples: [],
        run: () => runCommand([BIN, 'org', 'add', '--name', `Bench ${++orgs}`, '--slug', `bench-${orgs}`], pgliteEnv),
      },
      {
        key: 'token-create',
        label: 'opsdesk token create (PGlite)',
        memory: 'peak',
        samples: [],
        run: () => runCommand([BIN, 'token', 'create', '--email', ADMIN_EMAIL, '--label', 'bench'], pgliteEnv),
      },
      {
        key: 'workspace-list',
        label: 'opsdesk workspace list (PGlite)',
        memory: 'peak',
        samples: [],
        run: () => runCommand([BIN, 'workspace', 'list'], pgliteEnv),
      },
      {
        key: 'serve',
        label: 'opsdesk serve, /readyz 200 (PGlite)',
        memory: 'idle',
        samples: [],
        run: () => runServer(pgliteEnv, options.idleMs),
      },
      {
        key: 'workspace-list-pg',
        label: 'opsdesk workspace list (PostgreSQL)',
        memory: 'peak',
        samples: [],
        run: () => runCommand([BIN, 'workspace', 'list'], postgresEnv!),
        ...(postgresSkip ? { skipped: postgresSkip } : {}),
      },
      {
        key: 'serve-pg',
        label: 'opsdesk serve, /readyz 200 (PostgreSQL)',
        memory: 'idle',
        samples: [],
        run: () => runServer(postgresEnv!, options.idleMs),
        ...(postgresSkip ? { skipped: postgresSkip } : {}),
      },
    ];

    for (let round = 0; round <= options.runs; round++) {
      const counted = round > 0;
      log(`startup: ${counted ? `run ${round} of ${options.runs}` : 'warm-up'}`);
      for (const figure of figures) {
        if (figure.skipped) continue;
        const load = loadavg()[0]!;
        const sample = await figure.run();
        if (counted) figure.samples.push({ ...sample, load });
      }
    }

    const stats = new Map(figures.filter((f) => !f.skipped).map((f) => [f.key, statsOf(f.samples)]));
    const busy = (s: Stats) => (s.maxLoad > cpuCount ? `busy: load ${s.maxLoad.toFixed(1)} > ${cpuCount} CPUs` : '');
    const sec = (v: number) => v.toFixed(2);
    const mib = (s: Stats, figure: Figure) =>
      s.memoryMiB === undefined ? '-' : `${s.memoryMiB.toFixed(0)} MiB ${figure.memory === 'idle' ? 'idle' : 'peak'}`;

    const figureRows = figures.map((f) => {
      const s = stats.get(f.key);
      if (!s) return [f.label, '0', '-', '-', '-', '-', `skipped: ${f.skipped}`];
      return [f.label, String(f.samples.length), sec(s.min), sec(s.median), sec(s.max), mib(s, f), busy(s)];
    });

    const bare = stats.get('bare')!;
    interface Budget {
      label: string;
      key: string;
      /** Seconds; what the limit applies to. */
      limit: number;
      of: 'figure' | 'difference';
    }
    const budgets: Budget[] = [
      { label: 'opsdesk --help', key: 'help', limit: 0.3, of: 'figure' },
      { label: 'org add (PGlite)', key: 'org-add', limit: 1.5, of: 'difference' },
      { label: 'token create (PGlite)', key: 'token-create', limit: 1.5, of: 'difference' },
      { label: 'workspace list (PGlite)', key: 'workspace-list', limit: 1.5, of: 'difference' },
      { label: 'serve ready (PGlite)', key: 'serve', limit: 2, of: 'difference' },
    ];
    const summary: string[] = [];
    const budgetRows = budgets.map((b) => {
      const s = stats.get(b.key)!;
      const difference = s.median - bare.median;
      const measured = b.of === 'figure' ? s.median : difference;
      const holds = measured < b.limit;
      const note = busy(s) || (bare.maxLoad > cpuCount ? busy(bare) : '');
      const limit = `${b.of === 'figure' ? 'figure' : 'difference'} < ${b.limit} s`;
      summary.push(
        `- ${b.label}: ${sec(s.median)} s, bare PGlite ${sec(bare.median)} s, difference ${difference >= 0 ? '+' : ''}${sec(difference)} s; ` +
          `budget ${limit}: ${holds ? 'holds' : 'MISSED'}${note ? ` (${note})` : ''}`,
      );
      return [b.label, sec(s.median), sec(bare.median), `${difference >= 0 ? '+' : ''}${sec(difference)}`, limit, holds ? 'yes' : 'NO', note];
    });
    for (const key of ['serve', 'serve-pg']) {
      const figure = figures.find((f) => f.key === key)!;
      const s = stats.get(key);
      if (s?.memoryMiB !== undefined) summary.push(`- ${figure.label}: RSS ${s.memoryMiB.toFixed(0)} MiB after ${options.idleMs} ms idle`);
    }

    const loadAtEnd = loadavg()[0]!;
    const machine =
      `${cpuCount} CPU(s); load average (1 min) ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end` +
      (Math.max(loadAtStart, loadAtEnd) > cpuCount ? ' (the machine was busy: other work competed for the CPUs)' : '');
    summary.push(`- ${machine}`);
    const report = [
      `\n${STARTUP_TITLE}; memory: a command's peak RSS, the server's RSS after ${options.idleMs} ms idle (medians)`,
      ...formatColumns(['figure', 'n', 'min', 'median', 'max', 'memory', 'note'], figureRows, new Set([1, 2, 3, 4])),
      `\nStart-up budgets (medians, seconds; "bare" is the bare PGlite open + close of this run)`,
      ...formatColumns(['budget', 'figure', 'bare', 'difference', 'limit', 'holds', 'note'], budgetRows, new Set([1, 2, 3])),
      `  ${machine}`,
    ].join('\n');
    return { report, summary };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`startup: cleanup failed: ${(error as Error).message}`));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const log = (line: string) => console.log(line);
  startupBench(startupBenchOptions(log))
    .then((result) => log(result.report))
    .catch((error: unknown) => {
      console.error('startup bench failed:', error);
      process.exitCode = 1;
    });
}
