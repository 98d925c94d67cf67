import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditEvents, orgExportChunks, orgExports, timers } from '../../db/schema.ts';
import type { Actor } from '../../core/actor.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import type { OrgExporter } from '../../core/exporter.ts';
import { verifyExport } from '../../core/audit/index.ts';
import {
  downloadOrgExport,
  EXPORT_MAX_ATTEMPTS,
  EXPORT_STALE_MINUTES,
  exportArchive,
  exportsUnderway,
  getOrgExport,
  startOrgExport,
  type ExportManifest,
} from '../../core/exports/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { actorOf, operator, startCore } from '../support/core.ts';
import { buildExportWorld, rowCountsOf, unpack, type ExportWorld } from '../support/exports.ts';
import { makePerson } from '../support/server.ts';

const HOUR = 3_600_000;

describe.each(backends)("a client org's own back-up on %s", (backend) => {
  let db: TestDatabase;
  let core: Core;
  let world: ExportWorld;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  const auditKey = (core: Core) => core.auditKey.verifierKey;

  /** Start an export as `actor`, let the timer claim it, and wait for the run this instance took. */
  async function exportNow(actor: Actor, orgId: string) {
    const started = await core.execute(startOrgExport, actor, { orgId });
    await core.timers.runDue();
    await exportsUnderway(core);
    return core.read(getOrgExport, actor, { id: started.id });
  }

  async function download(actor: Actor, id: string): Promise<Buffer> {
    await core.execute(downloadOrgExport, actor, { exportId: id });
    const archive = await core.read(exportArchive, actor, { id });
    const parts: Buffer[] = [];
    for await (const chunk of archive.chunks) parts.push(chunk);
    return Buffer.concat(parts);
  }

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    world = await buildExportWorld(core);
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it("holds every row of the org in its kind's file, nothing of another org, and hashes the manifest names", async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    const done = await exportNow(admin, world.own.org);
    expect(done.state).toBe('completed');
    expect(done.downloadPath).toBe(`/exports/${done.id}/archive`);
    const archive = unpack(await download(admin, done.id));
    const manifest = JSON.parse(archive.files['manifest.json']!) as ExportManifest;

    expect(manifest.org.id).toBe(world.own.org);
    expect(manifest.formatVersion).toBe(1);
    const counts = await rowCountsOf(core, world.own.org);
    // The audit file holds the chain through the checkpoint signed for the export (its own event is the last); later events are not in it.
    const byKind = Object.fromEntries(manifest.kinds.map((kind) => [kind.kind, kind]));
    for (const [kind, rows] of Object.entries(counts)) {
      const entry = byKind[kind]!;
      expect(entry, kind).toBeDefined();
      if (kind === 'audit') {
        expect(entry.rows).toBe(manifest.audit.checkpoint.seq);
        const later = await core.database.db.select().from(auditEvents).where(sql`${auditEvents.chainId} = ${world.own.org} and ${auditEvents.seq} > ${entry.rows}`);
        expect(later.map((event) => event.action)).toEqual(['export.completed', 'export.downloaded']);
        expect(rows).toBe(entry.rows + later.length);
      }
      else expect(entry.rows, kind).toBe(rows);
      // The world pauses no resolution clock: its file is there, and as empty as the table.
      if (kind !== 'sla_pauses') expect(entry.rows, `${kind} is not empty`).toBeGreaterThan(0);
      expect(archive.lines(entry.file).filter((line) => kind !== 'audit' || line.type === 'event')).toHaveLength(entry.rows);
      expect(archive.sha256(entry.file), kind).toBe(entry.sha256);
    }
    expect(Object.keys(archive.files).sort()).toEqual([...manifest.kinds.map((kind) => kind.file), 'manifest.json'].sort());

    // Every one of A's rows, by id.
    const ids = (file: string, key = 'id') => archive.lines(file).map((line) => line[key]);
    expect(ids('tickets.jsonl')).toContain(world.own.ticket);
    expect(ids('access_requests.jsonl')).toEqual(expect.arrayContaining([world.own.pendingRequest, world.own.grant]));
    expect(ids('access_grants.jsonl', 'requestId')).toEqual([world.own.grant]);
    expect(ids('announcements.jsonl')).toEqual([world.own.announcement]);
    expect(archive.files['comments.jsonl']).toContain('the invoices of alpha are late');
    expect(archive.files['access_uses.jsonl']).toContain('alpha invoices table');
    expect(archive.lines('acknowledgements.jsonl').some((line) => line.acknowledgedAt !== null)).toBe(true);
    expect(archive.files['installations.jsonl']).toContain('alpha-app-01');
    const [file] = archive.lines('attachments.jsonl');
    expect(Buffer.from(String(file!.contentBase64), 'base64').toString()).toBe('alpha log line 1\n');
    expect(file!.sha256).toBe(createHash('sha256').update('alpha log line 1\n').digest('hex'));
    expect(archive.lines('ratings.jsonl')).toMatchObject([{ score: 5, comment: 'alpha is happy' }]);

    // The provider's internal notes are not the client's: not in any file (nor on A's chain).
    for (const [name, text] of Object.entries(archive.files)) expect(text.includes(world.noteOfA), `${name} holds the note`).toBe(false);

    // Nothing of B, anywhere.
    for (const [file, text] of Object.entries(archive.files)) {
      for (const word of [...world.idsOfB, ...world.wordsOfB]) expect(text.includes(word), `${file} holds ${word}`).toBe(false);
    }
  });

  it('carries an audit trail that verifies against its checkpoint with the public key', async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    const done = await exportNow(admin, world.own.org);
    const archive = unpack(await download(admin, done.id));
    const manifest = JSON.parse(archive.files['manifest.json']!) as ExportManifest;
    const lines = archive.files['audit.jsonl']!.split('\n');
    const result = await verifyExport(async function* () {
      yield* lines;
    }, auditKey(core));
    expect(result.ok).toBe(true);
    expect(result.chainId).toBe(world.own.org);
    expect(result.checkpoint?.size).toBe(manifest.audit.checkpoint.size);
    expect(manifest.audit.verify.ok).toBe(true);
  });

  it('is recorded on the org chain when asked for, finished and downloaded', async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    const done = await exportNow(admin, world.own.org);
    await download(admin, done.id);
    const trail = await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, done.id)).orderBy(auditEvents.seq);
    expect(trail.map((event) => event.action)).toEqual(['export.requested', 'export.completed', 'export.downloaded']);
    expect(trail.every((event) => event.chainId === world.own.org)).toBe(true);
    expect(trail[0]!.actorId).toBe(world.tenants.aAdmin.id);
    expect(trail[2]!.actorId).toBe(world.tenants.aAdmin.id);
  });

  it("is refused to a member who is not an admin, to the provider's agents, and unknown to another org's admin", async () => {
    const contact = await actorOf(core, world.tenants.aContact.id);
    const agent = await actorOf(core, world.tenants.providerAgent.id);
    const adminB = await actorOf(core, world.tenants.bAdmin.id);
    await expect(core.execute(startOrgExport, contact, { orgId: world.own.org })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(startOrgExport, agent, { orgId: world.own.org })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(startOrgExport, adminB, { orgId: world.own.org })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const admin = await actorOf(core, world.tenants.aAdmin.id);
    const done = await exportNow(admin, world.own.org);
    await expect(core.execute(downloadOrgExport, contact, { exportId: done.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(downloadOrgExport, adminB, { exportId: done.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(exportArchive, adminB, { id: done.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(getOrgExport, contact, { id: done.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const downloads = await core.database.db.select().from(auditEvents).where(sql`${auditEvents.subjectId} = ${done.id} and ${auditEvents.action} = 'export.downloaded'`);
    expect(downloads).toHaveLength(0);
  });

  it("is taken by the provider's admins for any org", async () => {
    const provider = await makePerson(core, core.providerId!, ['admin']);
    const admin = await actorOf(core, provider.id);
    const done = await exportNow(admin, world.other.org);
    expect(done.state).toBe('completed');
    const archive = unpack(await download(admin, done.id));
    expect(archive.lines('tickets.jsonl').map((line) => line.id)).toContain(world.other.ticket);
  });

  it('shows its progress while it runs: kinds and rows done move up to the whole', async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const held: OrgExporter = {
      kind: 'held',
      async page() {
        reached();
        await gate;
        return { rows: [{ id: 'one' }], next: null };
      },
    };
    const at = 3;
    core.exporters.splice(at, 0, held);
    try {
      const started = await core.execute(startOrgExport, admin, { orgId: world.own.org });
      expect(started).toMatchObject({ state: 'queued', kindsDone: 0, rowsDone: 0 });
      await core.timers.runDue();
      await atGate;
      const midway = await core.read(getOrgExport, admin, { id: started.id });
      expect(midway.state).toBe('running');
      expect(midway.kindsDone).toBe(at);
      expect(midway.kindsTotal).toBe(core.exporters.length + 1);
      expect(midway.rowsDone).toBeGreaterThan(0);
      expect(midway.downloadPath).toBeNull();
      open();
      await exportsUnderway(core);
      const done = await core.read(getOrgExport, admin, { id: started.id });
      expect(done.state).toBe('completed');
      expect(done.kindsDone).toBe(done.kindsTotal);
      expect(done.rowsDone).toBeGreaterThan(midway.rowsDone);
    } finally {
      core.exporters.splice(at, 1);
      open();
    }
  });

  it('stops working as a link after a day, and its archive is deleted', async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    const done = await exportNow(admin, world.own.org);
    expect(done.expiresAt!.getTime() - clock.now().getTime()).toBe(24 * HOUR);
    const chunks = () => core.database.db.select({ seq: orgExportChunks.seq }).from(orgExportChunks).where(eq(orgExportChunks.exportId, done.id));
    expect((await chunks()).length).toBeGreaterThan(0);

    clock.advance(24 * HOUR);
    // Expired by the clock, before the timer has even run.
    expect((await core.read(getOrgExport, admin, { id: done.id })).downloadPath).toBeNull();
    await expect(core.execute(downloadOrgExport, admin, { exportId: done.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await core.timers.runDue();
    expect((await core.read(getOrgExport, admin, { id: done.id })).state).toBe('expired');
    expect(await chunks()).toHaveLength(0);
    const expired = await core.database.db.select().from(auditEvents).where(sql`${auditEvents.subjectId} = ${done.id} and ${auditEvents.action} = 'export.expired'`);
    expect(expired).toHaveLength(1);
  });

  it('is started again when the instance running it stopped, and failed after too many tries', async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    // An export a stopped instance had claimed: running, with a heartbeat that no longer moves.
    const interrupted = async (attempts: number) => {
      const started = await core.execute(startOrgExport, admin, { orgId: world.own.org });
      await core.database.db.update(timers).set({ status: 'cancelled' }).where(eq(timers.key, `export.run:${started.id}`));
      await core.database.db
        .update(orgExports)
        .set({ state: 'running', attempts, runningOn: 'a-stopped-instance', heartbeatAt: clock.now() })
        .where(eq(orgExports.id, started.id));
      await core.transact(operator(), async (ctx) => {
        await ctx.schedule({ kind: 'export.watch', key: `export.watch:${started.id}`, dueAt: new Date(ctx.now.getTime() + EXPORT_STALE_MINUTES * 60_000), payload: { exportId: started.id } });
      }, { requireRecord: false });
      return started.id;
    };

    const restarted = await interrupted(1);
    clock.advance(EXPORT_STALE_MINUTES * 60_000);
    await core.timers.runDue();
    await exportsUnderway(core);
    const again = await core.read(getOrgExport, admin, { id: restarted });
    expect(again.state).toBe('completed');

    const given = await interrupted(EXPORT_MAX_ATTEMPTS);
    clock.advance(EXPORT_STALE_MINUTES * 60_000);
    await core.timers.runDue();
    const failed = await core.read(getOrgExport, admin, { id: given });
    expect(failed.state).toBe('failed');
    expect(failed.failure).toMatch(/interrupted/);
    const trail = await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, given)).orderBy(auditEvents.seq);
    expect(trail.map((event) => event.action)).toEqual(['export.requested', 'export.failed']);
  });

  it('runs one export of an org at a time', async () => {
    const admin = await actorOf(core, world.tenants.aAdmin.id);
    await core.execute(startOrgExport, admin, { orgId: world.own.org });
    await expect(core.execute(startOrgExport, admin, { orgId: world.own.org })).rejects.toMatchObject({ code: 'CONFLICT' });
    await core.timers.runDue();
    await exportsUnderway(core);
  });
});
