/** What the operator sees when the command cannot run: one line, and an exit code a script can test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';

describe('the opsdesk command, when it cannot run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-cli-errors-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serve with an unreachable DATABASE_URL prints one line and exits 1', async () => {
    const result = await runCli(['serve'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x', PORT: '0', LOG_LEVEL: 'info' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'opsdesk: cannot use PostgreSQL at 127.0.0.1:1/x: connection refused (is the server running and listening there?)\n',
    );
    expect(result.stdout).toBe('');
  });

  it('a DATABASE_URL that is not a PostgreSQL URL is named as such', async () => {
    const result = await runCli(['audit', 'verify'], { DATABASE_URL: 'mysql://root@localhost/x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'opsdesk: DATABASE_URL is not a valid PostgreSQL URL (expected postgres://user@host:port/database)\n',
    );
  });

  it('serve with an audit signing key file that is missing or not an Ed25519 key prints one line naming it and exits 1', async () => {
    const missing = join(dataDir, 'absent-key.pem');
    const absent = await runCli(['serve'], { DATA_DIR: dataDir, PORT: '0', AUDIT_SIGNING_KEY_FILE: missing });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toBe(`opsdesk: audit signing key ${missing} cannot be read: ENOENT\n`);
    const junk = join(dataDir, 'junk-key.pem');
    writeFileSync(junk, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    const notAKey = await runCli(['audit', 'verify'], { DATA_DIR: dataDir, AUDIT_SIGNING_KEY_FILE: junk });
    expect(notAKey.code).toBe(1);
    expect(notAKey.stderr).toBe(`opsdesk: audit signing key ${junk} is not a PEM private key (PKCS#8 Ed25519 expected)\n`);
  });

  it('invalid configuration prints one line and exits 1', async () => {
    const result = await runCli(['serve'], { DATA_DIR: dataDir, PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^opsdesk: invalid configuration: PORT: /);
  });

  it('bad flags and unknown commands print the usage line and exit 2, before touching the database', async () => {
    const env = { DATA_DIR: dataDir };
    const unknownFlag = await runCli(['person', 'add', '--org', 'acme', '--colour', 'blue'], env);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toBe(
      "opsdesk: Unknown option '--colour'\n" +
        'usage: opsdesk person add --org SLUG (--email EMAIL --name NAME | --existing --email EMAIL [--from-org SLUG]) --role ROLE [--role ROLE ...] [--slack-team T --slack-user U]\n',
    );

    const missing = await runCli(['token', 'create'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('opsdesk: --email is required\nusage: opsdesk token create --email EMAIL [--org SLUG] [--label LABEL] [--expires ISO-8601]\n');

    const unknown = await runCli(['tokens'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('opsdesk: unknown command "tokens"\nrun "opsdesk help" for the commands\n');
  });

  it('help lists every command and exits 0', async () => {
    const result = await runCli(['--help'], {});
    expect(result.code).toBe(0);
    for (const command of [
      'serve', 'migrate', 'org add', 'person add', 'person remove', 'channel link', 'workspace add', 'workspace remove', 'workspace list',
      'token create', 'token revoke', 'alarm-source create', 'schedule list', 'access allow', 'access disallow', 'access eligible',
      'slack-manifest', 'audit verify', 'audit checkpoint', 'audit export', 'audit verify-export', 'demo', 'help',
    ]) {
      expect(result.stdout).toContain(`  ${command}`);
    }
  });

  it('slack-manifest prints the Slack app manifest as JSON, without a database, and refuses a URL that is not https', async () => {
    const result = await runCli(['slack-manifest', '--url', 'https://desk.example.com'], {});
    expect(result.code).toBe(0);
    const manifest = JSON.parse(result.stdout);
    expect(manifest.settings.interactivity.request_url).toBe('https://desk.example.com/slack/events');
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toContain('/ticket');
    const refused = await runCli(['slack-manifest', '--url', 'http://desk.example.com'], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('usage: opsdesk slack-manifest');
  });
});
