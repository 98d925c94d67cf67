/**
 * Running one capability's benchmark on its own (`npx tsx bench/<name>.ts`): on each backend of
 * BENCH_BACKENDS (default pglite,postgres; PostgreSQL skipped when it does not answer), then its
 * table. `npm run bench` (bench/run.ts) runs the same functions with the rest.
 */
import { fileURLToPath } from 'node:url';
import { findPostgres, openBenchPglite, openBenchPostgres, type BenchDatabase, type PgliteMode } from './databases.ts';
import { formatTable, type Row } from './stats.ts';

type CapabilityBench = (backend: string, db: BenchDatabase, log: (line: string) => void) => Promise<Row[]>;

async function onEachBackend(name: string, title: string, bench: CapabilityBench, pglite: PgliteMode): Promise<void> {
  const log = (line: string) => console.log(line);
  const wanted = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim());
  const rows: Row[] = [];
  const run = async (backend: string, open: () => Promise<BenchDatabase>) => {
    log(`[${name}] ${backend}`);
    const db = await open();
    try {
      rows.push(...(await bench(backend, db, log)));
    } finally {
      await db.dispose();
    }
  };
  if (wanted.includes('pglite')) await run(pglite === 'memory' ? 'pglite-mem' : 'pglite-disk', () => openBenchPglite(pglite));
  if (wanted.includes('postgres')) {
    const found = await findPostgres();
    if ('skip' in found) log(`postgres: skipped: ${found.skip}`);
    else await run('postgres', () => openBenchPostgres(found.url, 10));
  }
  log(formatTable(title, rows));
}

/** Run `bench` when the module at `moduleUrl` is the one node was started with (PGlite in memory unless it says disk). */
export function runWhenMain(moduleUrl: string, name: string, title: string, bench: CapabilityBench, pglite: PgliteMode = 'memory'): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  onEachBackend(name, title, bench, pglite).catch((error: unknown) => {
    console.error(`${name} bench failed:`, error);
    process.exitCode = 1;
  });
}
