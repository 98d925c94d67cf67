import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/db.ts';
import { createCliDatabase, runCli, type CliDatabase } from './cli.ts';

describe.each(backends)('the paging commands of opsdesk on %s', (backend) => {
  let db: CliDatabase;
  const cli = (...args: string[]) => runCli(args, db.env);
  beforeAll(async () => {
    db = await createCliDatabase(backend);
    const added = await cli('person', 'add', '--org', 'provider', '--email', 'ada@example.test', '--name', 'Ada', '--role', 'oncall');
    expect(added.code).toBe(0);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("sets and shows a person's notification rules, and goes back to the default", async () => {
    expect((await cli('notify-rules', 'show', '--email', 'ada@example.test')).stdout).toBe('Ada: slack:0 sms:2 email:5 (the default)\n');
    const set = await cli('notify-rules', 'set', '--email', 'ada@example.test', 'sms:0', 'email:10');
    expect(set).toMatchObject({ code: 0, stdout: 'Ada: sms:0 email:10\n' });
    expect((await cli('notify-rules', 'show', '--email', 'ada@example.test')).stdout).toBe('Ada: sms:0 email:10\n');
    expect((await cli('notify-rules', 'set', '--email', 'ada@example.test', 'default')).stdout).toBe('Ada: slack:0 sms:2 email:5 (the default)\n');
  });

  it('refuses steps it cannot read, and steps out of order', async () => {
    const bad = await cli('notify-rules', 'set', '--email', 'ada@example.test', 'pager:1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"pager:1" is not CHANNEL:MINUTES');
    const unordered = await cli('notify-rules', 'set', '--email', 'ada@example.test', 'sms:5', 'slack:0');
    expect(unordered.code).not.toBe(0);
    expect(unordered.stderr).toContain('steps are in order of their delay');
  });

  it("sets and clears a person's phone number", async () => {
    expect(await cli('phone', 'set', '--email', 'ada@example.test', '+46 70 123 45 67')).toMatchObject({ code: 0, stdout: 'Ada: +46701234567\n' });
    expect((await cli('phone', 'set', '--email', 'ada@example.test', '0701')).stderr).toContain('E.164');
    expect((await cli('phone', 'set', '--email', 'ada@example.test', 'none')).stdout).toBe('Ada: no phone number\n');
  });
});
