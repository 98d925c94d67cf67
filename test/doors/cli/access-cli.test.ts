import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/db.ts';
import { createCliDatabase, runCli, type CliDatabase } from './cli.ts';

describe.each(backends)('the access commands of opsdesk on %s', (backend) => {
  let db: CliDatabase;
  beforeAll(async () => {
    db = await createCliDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('keeps the list of who may request production access', async () => {
    const cli = (...args: string[]) => runCli(args, db.env);
    expect((await cli('person', 'add', '--org', 'provider', '--email', 'eng@provider.example', '--name', 'Eve Engineer', '--role', 'agent')).code).toBe(0);
    const allowed = await cli('access', 'allow', '--email', 'ENG@provider.example');
    expect(allowed).toMatchObject({ code: 0, stdout: 'Eve Engineer may now request production access\n' });
    expect((await cli('access', 'eligible')).stdout).toMatch(/^Eve Engineer <eng@provider\.example> since \d{4}-/);

    const again = await cli('access', 'allow', '--email', 'eng@provider.example');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('CONFLICT: Eve Engineer may already request production access');

    expect((await cli('access', 'disallow', '--email', 'eng@provider.example')).code).toBe(0);
    expect((await cli('access', 'eligible')).stdout).toContain('nobody may request production access yet');
    const nobody = await cli('access', 'allow', '--email', 'ghost@provider.example');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('no person with the email ghost@provider.example');
    // Each call starts the real command on its own database: seconds each on PGlite.
  }, 120_000);
});
