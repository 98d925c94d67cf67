/**
 * The cluster-wide lead (the Slack notifier's advisory lock) outlives a database outage without
 * taking the process down: when the session holding the lock dies, `stillHeld` says so, another
 * instance can lead, and releasing the lost lead is harmless.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';

describe.runIf(hasPostgres)('leadership on postgres', () => {
  let db: TestDatabase;
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    // What would end the process: postgres.js throws from a timer when a dead session is written to.
    process.on('uncaughtException', onCrash);
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await db?.dispose();
  });

  it('tells the leader its lock is gone when its session dies, and lets another lead', async () => {
    const lead = await db.database.tryLeadership(7001);
    expect(lead).toBeDefined();
    expect(await lead!.stillHeld()).toBe(true);
    expect(await db.database.tryLeadership(7001)).toBeUndefined();

    const name = new URL(db.url!).pathname.slice(1);
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
    await admin.end();

    expect(await lead!.stillHeld()).toBe(false);
    const next = await db.database.tryLeadership(7001);
    expect(next).toBeDefined();
    await lead!.release();
    expect(await next!.stillHeld()).toBe(true);
    await next!.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(crashes).toEqual([]);
  });
});
