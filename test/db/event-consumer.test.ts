/**
 * Durable consumers of the domain events (core/events/consumer.ts): each has its own cursor, takes
 * every event once and in order, loses none to commits that end out of order, and is not held up by
 * another consumer or by a long transaction elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { domainEvents } from '../../db/schema.ts';
import { EventConsumer } from '../../core/events/consumer.ts';
import { PGlite } from '@electric-sql/pglite';
import { backends, createPostgresDatabase, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';

/** Record an event the way the outbox does (the consumer reads rows; who wrote them does not matter). */
async function record(database: Database | postgres.Sql, type: string, at = new Date()): Promise<void> {
  if ('db' in database) {
    await database.db.insert(domainEvents).values({ type, subjectType: 'test', subjectId: type, payload: {}, actorId: 'test', requestId: type, at });
  } else {
    await database`insert into domain_events (type, subject_type, subject_id, payload, actor_id, request_id, at)
      values (${type}, 'test', ${type}, '{}'::jsonb, 'test', ${type}, ${at})`;
  }
}

/** Take in everything there is now, as a consumer does; returns the types taken in. */
async function takeAll(consumer: EventConsumer, limit = 100): Promise<string[]> {
  const taken: string[] = [];
  for (;;) {
    const batch = await consumer.read(limit);
    expect(await consumer.commit(batch, async () => void taken.push(...batch.events.map((e) => e.type)))).toBe(true);
    if (batch.events.length === 0) return taken;
  }
}

describe.each(backends)('durable event consumers on %s', (backend) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.dispose();
    db = undefined;
  });

  it('each takes every event once, in order, with a cursor of its own, a page at a time', async () => {
    db = await createTestDatabase(backend);
    const slack = new EventConsumer(db.database, 'slack');
    await takeAll(slack); // what the migrations and nobody else recorded
    const email = new EventConsumer(db.database, 'email');
    await email.cursor(); // a new consumer starts now
    for (const type of ['e1', 'e2', 'e3', 'e4', 'e5']) await record(db.database, type);

    expect(await slack.backlog()).toBe(5);
    expect(await takeAll(slack, 2)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(await takeAll(slack)).toEqual([]);
    expect(await slack.backlog()).toBe(0);
    // The other consumer did not move with it.
    expect(await takeAll(email, 3)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('starts a consumer it has never seen after the newest event: it is not owed the past', async () => {
    db = await createTestDatabase(backend);
    await record(db.database, 'before');
    const late = new EventConsumer(db.database, 'late');
    await late.cursor();
    await record(db.database, 'after');
    expect(await takeAll(late)).toEqual(['after']);
  });

  it('stores a batch once when two instances read it at the same time', async () => {
    db = await createTestDatabase(backend);
    const first = new EventConsumer(db.database, 'shared');
    await first.cursor();
    const second = new EventConsumer(db.database, 'shared');
    await record(db.database, 'only-once');
    const [a, b] = [await first.read(10), await second.read(10)];
    expect(a.events.map((e) => e.type)).toEqual(['only-once']);
    expect(b.events.map((e) => e.type)).toEqual(['only-once']);
    const stored: string[] = [];
    expect(await first.commit(a, async () => void stored.push('a'))).toBe(true);
    expect(await second.commit(b, async () => void stored.push('b'))).toBe(false);
    expect(stored).toEqual(['a']);
  });

  it('passes over the old events at the head of the queue and stops at the first fresh one', async () => {
    db = await createTestDatabase(backend);
    const consumer = new EventConsumer(db.database, 'slack');
    await takeAll(consumer);
    const hour = 3_600_000;
    const now = Date.now();
    await record(db.database, 'old-1', new Date(now - 30 * hour));
    await record(db.database, 'old-2', new Date(now - 25 * hour));
    await record(db.database, 'fresh', new Date(now - hour));
    await record(db.database, 'old-after-fresh', new Date(now - 26 * hour));
    expect(await consumer.skipBefore(new Date(now - 24 * hour))).toBe(2);
    expect(await takeAll(consumer)).toEqual(['fresh', 'old-after-fresh']);
  });

  it('gives the Slack notifier, on the upgrade, a cursor just before the first event it had not taken in', async () => {
    const database = await databaseMigratedUpTo(backend, '0014_audit_heads_forward_only');
    try {
      for (const type of ['taken-1', 'taken-2', 'waiting-1', 'waiting-2']) await recordBefore0015(database, type);
      await database.db.execute(sql`update domain_events set notified_at = now() where type like 'taken-%'`);
      await upgradeTo0017(database);
      await record(database, 'after-upgrade');
      expect(await takeAll(new EventConsumer(database, 'slack'))).toEqual(['waiting-1', 'waiting-2', 'after-upgrade']);
    } finally {
      await database.close();
    }
  });

  it('gives the Slack notifier a cursor after every event when it had taken in all of them', async () => {
    const database = await databaseMigratedUpTo(backend, '0014_audit_heads_forward_only');
    try {
      for (const type of ['taken-1', 'taken-2']) await recordBefore0015(database, type);
      await database.db.execute(sql`update domain_events set notified_at = now()`);
      await upgradeTo0017(database);
      await record(database, 'after-upgrade');
      expect(await takeAll(new EventConsumer(database, 'slack'))).toEqual(['after-upgrade']);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(hasPostgres)('durable event consumers with transactions that end out of order (PostgreSQL)', () => {
  let db: TestDatabase | undefined;
  let other: postgres.Sql | undefined;
  afterEach(async () => {
    await other?.end({ timeout: 1 });
    await db?.dispose();
    db = other = undefined;
  });

  it('takes in an event whose transaction commits after a later event was taken in', async () => {
    db = await createTestDatabase('postgres');
    other = postgres(db.url!, { max: 1, onnotice: () => {} });
    const consumer = new EventConsumer(db.database, 'slack');
    await takeAll(consumer);

    let commit!: () => void;
    const holding = new Promise<void>((resolve) => (commit = resolve));
    let recorded!: () => void;
    const inserted = new Promise<void>((resolve) => (recorded = resolve));
    // The slow transaction takes its id first and commits last.
    const slow = other.begin(async (tx) => {
      await record(tx as unknown as postgres.Sql, 'slow');
      recorded();
      await holding;
    });
    await inserted;
    await record(db.database, 'quick');
    // The slow one's id is the lower, and it is not visible yet.
    const visible = await db.database.db.select({ type: domainEvents.type, id: domainEvents.id }).from(domainEvents).where(sql`${domainEvents.type} in ('slow', 'quick')`);
    expect(visible.map((row) => row.type)).toEqual(['quick']);

    expect(await takeAll(consumer)).toEqual(['quick']);
    commit();
    await slow;
    const ids = Object.fromEntries((await db.database.db.select({ type: domainEvents.type, id: domainEvents.id }).from(domainEvents)).map((row) => [row.type, row.id]));
    expect(ids.slow!).toBeLessThan(ids.quick!);
    // Its id is below the one taken in already, and it is still taken in.
    expect(await takeAll(consumer)).toEqual(['slow']);
  });

  it('is not held up by a long transaction elsewhere in the cluster', async () => {
    db = await createTestDatabase('postgres');
    const elsewhere = await createPostgresDatabase();
    const longRunning = postgres(elsewhere.url, { max: 1, onnotice: () => {} });
    try {
      const consumer = new EventConsumer(db.database, 'slack');
      await takeAll(consumer);
      let finish!: () => void;
      const open = new Promise<void>((resolve) => (finish = resolve));
      let started!: () => void;
      const writing = new Promise<void>((resolve) => (started = resolve));
      // Another database's transaction holds an id for as long as the test runs.
      const long = longRunning.begin(async (tx) => {
        await tx`select pg_current_xact_id()`;
        started();
        await open;
      });
      await writing;
      await record(db.database, 'while-it-runs');
      expect(await takeAll(consumer)).toEqual(['while-it-runs']);
      finish();
      await long;
    } finally {
      await longRunning.end({ timeout: 1 });
      await elsewhere.drop();
    }
  });
});

/** A fresh database with the migrations applied up to and including `last` (as an older release left it). */
async function databaseMigratedUpTo(backend: TestDatabase['backend'], last: string): Promise<Database> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const count = journal.entries.findIndex((entry) => entry.tag === last) + 1;
  const migrations = readMigrationFiles({ migrationsFolder }).slice(0, count);
  let database: Database;
  if (backend === 'pglite') database = await openDatabase({ pglite: new PGlite() });
  else {
    const fresh = await createPostgresDatabase();
    const opened = await openDatabase({ databaseUrl: fresh.url, max: 2 });
    database = { ...opened, close: async () => (await opened.close(), await fresh.drop()) };
  }
  await database.db.transaction(async (tx) => {
    for (const migration of migrations) for (const statement of migration.sql) if (statement.trim()) await tx.execute(sql.raw(statement));
  });
  return database;
}

/** An event as opsdesk recorded them before the outbox had transaction ids. */
const recordBefore0015 = (database: Database, type: string) =>
  database.db.execute(sql`insert into domain_events (type, subject_type, subject_id, payload, actor_id, request_id, at)
    values (${type}, 'test', ${type}, '{}'::jsonb, 'test', ${type}, now())`);

/** The upgrade to 0017 in one transaction, as the migrator applies pending migrations. */
async function upgradeTo0017(database: Database): Promise<void> {
  const statements = ['0015_event_cursors', '0016_slack_cursor_backfill', '0017_drop_notified_at'].flatMap((tag) =>
    readFileSync(join(migrationsFolder, `${tag}.sql`), 'utf8').split('--> statement-breakpoint'),
  );
  await database.db.transaction(async (tx) => {
    for (const statement of statements) if (statement.trim()) await tx.execute(sql.raw(statement));
  });
}
