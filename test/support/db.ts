/**
 * Databases for tests: a fresh one per call, on PGlite always and on PostgreSQL when
 * TEST_DATABASE_URL is set (a server URL; each call creates and later drops its own database).
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';

export type Backend = 'pglite' | 'postgres';

/**
 * The backends this run covers: PGlite, plus PostgreSQL when TEST_DATABASE_URL is set;
 * TEST_BACKENDS=postgres narrows a run to one (CI's second pass, after the PGlite one).
 */
export const backends: Backend[] = (() => {
  const available: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const wanted = process.env.TEST_BACKENDS?.split(',').map((b) => b.trim());
  return wanted ? available.filter((b) => wanted.includes(b)) : available;
})();
export const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

let template: PGlite | undefined;

export interface TestDatabase {
  backend: Backend;
  database: Database;
  /** For PostgreSQL: the URL of this test's own database, to open more instances on it. */
  url?: string;
  /** Open another connection pool to the same database (another "instance"). */
  openAnother(): Promise<Database>;
  /** Close and drop. */
  dispose(): Promise<void>;
}

export async function createTestDatabase(backend: Backend, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (backend === 'pglite') {
    if (options.migrate === false) {
      const database = await openDatabase({ pglite: new PGlite() });
      return { backend, database, openAnother: () => Promise.reject(new Error('PGlite is one process')), dispose: () => database.close() };
    }
    if (!template) {
      template = new PGlite();
      await migrate(await openDatabase({ pglite: template }));
    }
    const database = await openDatabase({ pglite: (await template.clone()) as PGlite });
    return {
      backend,
      database,
      openAnother: () => Promise.reject(new Error('PGlite is one process')),
      dispose: () => database.close(),
    };
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: url, max: 8 });
  if (options.migrate !== false) await migrate(database);
  const others: Database[] = [];
  return {
    backend,
    database,
    url,
    async openAnother() {
      const another = await openDatabase({ databaseUrl: url, max: 8 });
      others.push(another);
      return another;
    },
    async dispose() {
      for (const other of others) await other.close().catch(() => {});
      await database.close().catch(() => {});
      await drop();
    },
  };
}

/** A fresh, empty PostgreSQL database on the TEST_DATABASE_URL server. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `opsdesk_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
