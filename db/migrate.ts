import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { resultRows, type Database } from './client.ts';
import { readMigrationFiles } from 'drizzle-orm/migrator';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** An arbitrary constant that names opsdesk's migration lock among other advisory locks. */
const MIGRATION_LOCK_ID = 0x0b5de5c;

/**
 * Apply pending migrations. drizzle's migrator takes no lock of its own, so several instances
 * starting together would race on its bookkeeping table: we hold an advisory lock around it.
 */
export async function migrate(database: Database): Promise<void> {
  await database.withAdvisoryLock(MIGRATION_LOCK_ID, async () => {
    if (database.kind === 'pglite') {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    } else {
      await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder });
    }
  });
}

/** True when every migration shipped with this build has been applied (used by `/readyz`). */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder }).length;
  try {
    const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const rows = resultRows<{ n: number }>(result);
    return (rows[0]?.n ?? 0) >= expected;
  } catch {
    return false;
  }
}
