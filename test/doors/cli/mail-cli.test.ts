import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { systemClock } from '../../../core/clock.ts';
import { authenticateMailSource } from '../../../core/mail/index.ts';
import type { Database } from '../../../db/client.ts';
import { backends } from '../../support/db.ts';
import { createCliDatabase, runCli, type CliDatabase } from './cli.ts';

/** What the email door asks of a secret (the CLI's process has no server: the query runs on the database alone). */
const authenticate = (database: Database, name: string, secret: string) =>
  authenticateMailSource.run({ actor: systemActor('email', 'email', 'test'), db: database.db, clock: systemClock, now: new Date() }, { name, secret });

describe.each(backends)('the mail-source commands of opsdesk on %s', (backend) => {
  let db: CliDatabase;
  beforeAll(async () => {
    db = await createCliDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('creates a mail source and prints its secret once, alone on stdout; rotating it ends the old secret', async () => {
    const created = await runCli(['mail-source', 'create', 'Mailgun'], db.env);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^oms_[A-Za-z0-9_-]{40,}$/);
    expect(created.stderr).toContain('created mail source "mailgun"');
    expect(created.stderr).toContain('POST /hooks/email/mailgun');
    const rotated = await runCli(['mail-source', 'rotate', 'mailgun'], db.env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = rotated.stdout.trim();
    const database = await db.open();
    try {
      expect((await authenticate(database, 'mailgun', fresh))?.name).toBe('mailgun');
      expect(await authenticate(database, 'mailgun', secret)).toBeNull();
    } finally {
      await database.close();
    }
  });

  it('refuses a second source with the same name (exit 2), and a rotation of a source that does not exist', async () => {
    const again = await runCli(['mail-source', 'create', 'mailgun'], db.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('opsdesk: CONFLICT: a mail source named mailgun already exists');
    const missing = await runCli(['mail-source', 'rotate', 'nope'], db.env);
    expect(missing.stderr).toContain('mail source not found');
  });
});
