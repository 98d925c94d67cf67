import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/db.ts';
import { startCore } from '../../support/core.ts';
import { buildExportWorld, unpack, type ExportWorld } from '../../support/exports.ts';
import { CLI_TIMEOUT_MS, createCliDatabase, runCli, type CliDatabase } from './cli.ts';

describe.each(backends)('opsdesk export on %s', (backend) => {
  let db: CliDatabase;
  let world: ExportWorld;
  let slug: string;
  const work = mkdtempSync(join(tmpdir(), 'opsdesk-backup-'));

  beforeAll(async () => {
    db = await createCliDatabase(backend);
    // Migrated by the command itself, then filled through the core as the other doors would.
    expect((await runCli(['migrate'], db.env)).code).toBe(0);
    const database = await db.open();
    try {
      const core = await startCore(database);
      world = await buildExportWorld(core);
      slug = world.tenants.a.slug;
      await core.stop();
    } finally {
      await database.close();
    }
  }, CLI_TIMEOUT_MS);
  afterAll(async () => {
    await db?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes the org's archive to the file named, with every kind and nothing of another org", async () => {
    const file = join(work, 'acme.zip');
    const exported = await runCli(['export', '--org', slug, '--out', file], db.env);
    expect(exported.code, exported.stderr).toBe(0);
    const summary = new RegExp(`^wrote ${file}: (\\d+) files, \\d+ rows, (\\d+) bytes \\(export [0-9a-f-]{36}\\)\\n$`).exec(exported.stdout);
    expect(summary, exported.stdout).not.toBeNull();
    expect(existsSync(`${file}.partial`)).toBe(false);
    const archive = unpack(readFileSync(file));
    const manifest = JSON.parse(archive.files['manifest.json']!) as { org: { slug: string }; kinds: { file: string; sha256: string; rows: number }[]; audit: { verify: { ok: boolean } } };
    expect(manifest.org.slug).toBe(slug);
    expect(Number(summary![1])).toBe(manifest.kinds.length);
    expect(Number(summary![2])).toBe(readFileSync(file).length);
    expect(manifest.audit.verify.ok).toBe(true);
    for (const kind of manifest.kinds) expect(archive.sha256(kind.file), kind.file).toBe(kind.sha256);
    expect(archive.lines('tickets.jsonl').map((line) => line.id)).toContain(world.own.ticket);
    expect(archive.files['comments.jsonl']).toContain('the invoices of alpha are late');
    for (const [name, text] of Object.entries(archive.files)) {
      for (const word of [...world.idsOfB, ...world.wordsOfB]) expect(text.includes(word), `${name} holds ${word}`).toBe(false);
    }
    // On the org's chain, as the operator's.
    const trail = await runCli(['audit', 'export', '--org', slug], db.env);
    const actions = trail.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((line) => line.type === 'event').map((line) => [line.event.action, line.event.door]);
    expect(actions).toEqual(expect.arrayContaining([['export.requested', 'cli'], ['export.completed', 'cli']]));
  }, CLI_TIMEOUT_MS);

  it('refuses an org it does not know, and leaves no file behind', async () => {
    const file = join(work, 'nowhere.zip');
    const refused = await runCli(['export', '--org', 'nowhere', '--out', file], db.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('opsdesk: NOT_FOUND: no organisation with the slug "nowhere"\n');
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  }, CLI_TIMEOUT_MS);
});
