/**
 * One interface over the two databases opsdesk runs on:
 * - embedded PGlite in `DATA_DIR` when `DATABASE_URL` is unset (one process, in-process events);
 * - PostgreSQL through postgres.js when it is set (any number of instances, LISTEN/NOTIFY).
 *
 * Everything above this file talks to `Database.db` (drizzle) and never to a driver.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import postgres from 'postgres';
import * as schema from './schema.ts';
import { lockDataDir } from './pglite-lock.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: queries that work in both take this. */
export type Queryable = Db | Tx;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Human description for logs, without credentials. */
  readonly where: string;
  /**
   * Listen on a notification channel. `onListen` runs each time the listener is (re)connected,
   * which is the moment to catch up on anything sent while it was away.
   */
  listen(channel: string, onMessage: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  /** Send a notification on a channel (its own statement, outside any transaction). */
  notify(channel: string, payload: string): Promise<void>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /** Run `fn` while holding a session-level advisory lock (on a dedicated connection). */
  withAdvisoryLock<T>(lockId: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Try to become the one instance that does a cluster-wide singleton's work: a session-level
   * advisory lock taken without waiting, on a connection kept for as long as the lead is held.
   * Undefined when another instance leads. PGlite is one process: it always leads.
   */
  tryLeadership(lockId: number): Promise<Leadership | undefined>;
  close(): Promise<void>;
}

/** Held until released, or until its connection drops (then PostgreSQL frees the lock for another instance). */
export interface Leadership {
  /** False once the connection that holds the lock is gone: stop the singleton's work. */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** An already created PGlite (tests clone a migrated template). */
  pglite?: PGlite;
  /** Pool size for PostgreSQL. */
  max?: number;
}

/** A configuration or connection problem, worded as one line for the operator. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.pglite || !options.databaseUrl) return openPglite(options);
  return openPostgres(options.databaseUrl, options.max ?? 10);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  let pg = options.pglite;
  const dataDir = options.dataDir ?? './data';
  let unlock = () => {};
  if (!pg) {
    unlock = lockDataDir(dataDir);
    try {
      pg = await PGlite.create(dataDir);
    } catch (error) {
      unlock();
      throw new DatabaseUnavailableError(
        `cannot open the embedded database in ${dataDir}: ${(error as Error).message} ` +
          '(a data directory written by another PGlite version does not open; move it aside)',
      );
    }
  }
  const client = pg;
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    where: options.pglite ? 'embedded PGlite (in memory)' : `embedded PGlite in ${dataDir}`,
    async listen(channel, onMessage, onListen) {
      const unsubscribe = await client.listen(channel, onMessage);
      onListen?.();
      return unsubscribe;
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async ping() {
      await client.query('select 1');
    },
    // PGlite is one process with one connection: there is nobody to lock out.
    withAdvisoryLock: (_lockId, fn) => fn(),
    tryLeadership: async () => ({ stillHeld: async () => !client.closed, release: async () => {} }),
    async close() {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  let where: string;
  try {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error('not a postgres:// URL');
    where = `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}/${parsed.pathname.slice(1) || '(default database)'}`;
  } catch {
    throw new DatabaseUnavailableError(
      'DATABASE_URL is not a valid PostgreSQL URL (expected postgres://user@host:port/database)',
    );
  }
  const sql = postgres(url, {
    max,
    connect_timeout: 10,
    onnotice: () => {},
    // Dates arrive as Date; bigint ids are small enough for number in drizzle's mode.
  });
  const db = drizzlePostgres(sql, { schema, casing: 'snake_case' }) as unknown as Db;
  const database: Database = {
    kind: 'postgres',
    db,
    where,
    async listen(channel, onMessage, onListen) {
      const { unlisten } = await sql.listen(channel, onMessage, onListen);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    async ping() {
      await sql`select 1`;
    },
    async withAdvisoryLock(lockId, fn) {
      const conn = await sql.reserve();
      try {
        await conn`select pg_advisory_lock(${lockId})`;
        try {
          return await fn();
        } finally {
          await conn`select pg_advisory_unlock(${lockId})`;
        }
      } finally {
        conn.release();
      }
    },
    async tryLeadership(lockId) {
      // Its own one-connection client rather than a connection reserved from the pool: once a
      // reserved connection's backend has died, writing to it again throws an uncaught TypeError
      // from postgres.js (porsager/postgres#1208) that ends the process; a pool replaces the dead
      // connection instead. The session lock is ours for as long as the backend that took it is
      // the one that answers.
      const conn = postgres(url, { max: 1, connect_timeout: 10, idle_timeout: 0, max_lifetime: 0, onnotice: () => {} });
      const quit = () => conn.end({ timeout: 1 }).catch(() => {});
      let holder: number;
      try {
        const [row] = await conn<{ locked: boolean; pid: number }[]>`select pg_try_advisory_lock(${lockId}) as locked, pg_backend_pid() as pid`;
        if (!row?.locked) {
          await quit();
          return undefined;
        }
        holder = row.pid;
      } catch (error) {
        await quit();
        throw error;
      }
      let released = false;
      const sameSession = async () => {
        try {
          const [row] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
          return row?.pid === holder;
        } catch {
          return false;
        }
      };
      return {
        async stillHeld() {
          return !released && (await sameSession());
        },
        async release() {
          if (released) return;
          released = true;
          if (await sameSession()) await conn`select pg_advisory_unlock(${lockId})`.catch(() => {});
          await quit();
        },
      };
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
  try {
    await database.ping();
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnavailableError(`cannot use ${where}: ${describeConnectionError(error)}`);
  }
  return database;
}

function describeConnectionError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and listening there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connection timed out';
    case '3D000':
      return 'database does not exist';
    case '28P01':
    case '28000':
      return 'authentication failed';
    default:
      return e.message ?? String(error);
  }
}

/** `db.execute()` answers `{ rows }` on PGlite and an array on postgres.js; this reads both. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
