import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrate, migrationsApplied } from '../../db/migrate.ts';
import { orgs } from '../../db/schema.ts';
import { bootstrapIfEmpty, createCore } from '../../core/index.ts';
import { createLogger } from '../../core/observability.ts';
import { backends, createPostgresDatabase, createTestDatabase, hasPostgres } from '../support/db.ts';
import { coreCapabilities } from '../../app/capabilities.ts';

describe.each(backends)('migrations on %s', (backend) => {
  it('bring an empty database up to date, and a second run changes nothing', async () => {
    const db = await createTestDatabase(backend, { migrate: false });
    try {
      expect(await migrationsApplied(db.database)).toBe(false);
      await migrate(db.database);
      expect(await migrationsApplied(db.database)).toBe(true);
      await migrate(db.database);
      expect(await migrationsApplied(db.database)).toBe(true);
    } finally {
      await db.dispose();
    }
  });
});

describe.runIf(hasPostgres)('several instances starting at once on PostgreSQL', () => {
  const opened: Database[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const database of opened) await database.close();
    await drop?.();
  });

  it('all come up when three migrate and bootstrap the same empty database together', async () => {
    const fresh = await createPostgresDatabase();
    drop = fresh.drop;
    for (let i = 0; i < 3; i++) opened.push(await openDatabase({ databaseUrl: fresh.url, max: 3 }));
    await Promise.all(opened.map((database) => migrate(database)));
    const capabilities = await coreCapabilities();
    const cores = opened.map((database) => createCore({ capabilities, database, logger: createLogger({ level: 'silent' }) }));
    const results = await Promise.all(cores.map((core) => bootstrapIfEmpty(core)));
    expect(results.filter(Boolean)).toHaveLength(1); // exactly one printed a bootstrap token
    const providers = await opened[0]!.db.select().from(orgs).where(eq(orgs.kind, 'provider'));
    expect(providers).toHaveLength(1);
    for (const core of cores) expect(core.providerId).toBe(providers[0]!.id);
  });
});

describe('an unreachable or wrong DATABASE_URL', () => {
  it('is reported in one line naming the problem', async () => {
    await expect(openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/opsdesk' })).rejects.toThrow(
      /^cannot use PostgreSQL at 127\.0\.0\.1:1\/opsdesk: connection refused/,
    );
    await expect(openDatabase({ databaseUrl: 'mysql://nope' })).rejects.toThrow(/not a valid PostgreSQL URL/);
  });

  it.runIf(hasPostgres)('names a database that does not exist', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/opsdesk_no_such_database';
    await expect(openDatabase({ databaseUrl: url.toString() })).rejects.toThrow(/database does not exist/);
  });
});
