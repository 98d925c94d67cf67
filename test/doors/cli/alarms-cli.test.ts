import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateAlarmSource } from '../../../core/alarms/index.ts';
import { systemActor } from '../../../core/actor.ts';
import { systemClock } from '../../../core/clock.ts';
import type { Database } from '../../../db/client.ts';
import { backends } from '../../support/db.ts';
import { createCliDatabase, runCli, type CliDatabase } from './cli.ts';

/** What the webhook door asks of a secret (the CLI's process has no server: the query runs on the database alone). */
const authenticate = (database: Database, name: string, secret: string) =>
  authenticateAlarmSource.run({ actor: systemActor('webhook', 'webhook', 'test'), db: database.db, clock: systemClock, now: new Date() }, { name, secret });

describe.each(backends)('the alarm commands of opsdesk on %s', (backend) => {
  let db: CliDatabase;
  beforeAll(async () => {
    db = await createCliDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('creates an alarm source and prints its secret once, alone on stdout; the secret authenticates it', async () => {
    const created = await runCli(['alarm-source', 'create', 'Grafana'], db.env);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^ods_[A-Za-z0-9_-]{40,}$/);
    expect(created.stderr).toContain('created alarm source "grafana"');
    const database = await db.open();
    try {
      expect((await authenticate(database, 'grafana', secret))?.name).toBe('grafana');
      expect(await authenticate(database, 'grafana', `${secret}x`)).toBeNull();
    } finally {
      await database.close();
    }
  });

  it('refuses a second source with the same name, exit 2', async () => {
    const again = await runCli(['alarm-source', 'create', 'grafana'], db.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('opsdesk: CONFLICT: an alarm source named grafana already exists');
  });

  it('lists schedules, saying so when there are none', async () => {
    const listed = await runCli(['schedule', 'list'], db.env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('no on-call schedules');
  });
});
