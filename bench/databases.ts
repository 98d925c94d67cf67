/**
 * The databases the benchmarks run on: an in-memory PGlite (or one in a temporary data directory
 * with BENCH_PGLITE=disk), and a fresh PostgreSQL database `opsdesk_bench_<random>` that is
 * dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client.ts';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  database: Database;
  /** How it was opened, for the printed figures. */
  label: string;
  dispose(): Promise<void>;
}

export type PgliteMode = 'memory' | 'disk';

export function pgliteMode(): PgliteMode {
  return process.env.BENCH_PGLITE === 'disk' ? 'disk' : 'memory';
}

/** Not migrated: `migrate` (or `startOpsdesk`) does that. */
export async function openBenchPglite(mode: PgliteMode = pgliteMode()): Promise<BenchDatabase> {
  if (mode === 'memory') {
    const database = await openDatabase({ pglite: new PGlite() });
    return { database, label: 'PGlite in memory', dispose: () => database.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'opsdesk-bench-'));
  const database = await openDatabase({ dataDir: dir });
  return {
    database,
    label: `PGlite in a temporary data dir (${dir})`,
    async dispose() {
      await database.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server to use, or a reason why PostgreSQL is skipped. */
export async function findPostgres(): Promise<{ url: string } | { skip: string }> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { skip: 'BENCH_DATABASE_URL is not a valid URL' };
  }
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname)) {
    return { skip: `${parsed.hostname} is not 127.0.0.1: the benchmarks only talk to this machine` };
  }
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return { url };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { skip: `no PostgreSQL answers at ${parsed.host}${parsed.pathname} (${e.code ?? e.message})` };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** A fresh database on the server; `dispose` closes the pool and drops the database. */
export async function openBenchPostgres(
  serverUrl: string,
  max = 10,
  options: { synchronousCommit?: boolean } = {},
): Promise<BenchDatabase & { url: string }> {
  const name = `opsdesk_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    // Diagnostic: commits that do not wait for the WAL flush, on this throwaway database only.
    if (options.synchronousCommit === false) await admin.unsafe(`alter database ${name} set synchronous_commit = off`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await again.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await again.end({ timeout: 1 });
    }
  };
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString(), max });
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return {
    database,
    url: url.toString(),
    label: `PostgreSQL ${url.host}/${name} (pool of ${max}${options.synchronousCommit === false ? ', synchronous_commit off' : ''})`,
    async dispose() {
      await database.close().catch(() => {});
      await drop();
    },
  };
}

/** The server's version and its durability settings, which dominate commit latency. */
export async function describePostgres(serverUrl: string): Promise<string> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ v: string; sc: string; fs: string }[]>`
      select current_setting('server_version') as v, current_setting('synchronous_commit') as sc,
             current_setting('fsync') as fs`;
    return `PostgreSQL ${row!.v}, synchronous_commit=${row!.sc}, fsync=${row!.fs}`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
