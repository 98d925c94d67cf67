/**
 * Running an export. A stored export runs on the instance whose `export.run` timer fires: the claim
 * marks it running (one more attempt), and after that commit the archive is written outside any
 * transaction, page by page, into `org_export_chunks`, with its progress and a heartbeat on the job
 * row. `export.watch` finds a run whose heartbeat went stale (its instance stopped) and starts it
 * again, or fails it after EXPORT_MAX_ATTEMPTS; a run that finds its attempt superseded stops.
 * `export.expire` deletes the archive when its time is up.
 *
 * The operator's `opsdesk export` runs the same writer into a file (`exportToCaller`).
 */
import type { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { orgExports, type OrgExportRow } from '../../db/schema.ts';
import { systemActor, type Actor } from '../actor.ts';
import type { CommandContext } from '../command.ts';
import type { Core } from '../core.ts';
import { requireOrg } from '../directory/index.ts';
import { kindsOf, writeOrgArchive, type ArchiveProgress, type WrittenArchive } from './archive.ts';
import { startOrgExport } from './commands.ts';
import { ExportEvents } from './events.ts';
import { EXPORT_EXPIRE_TIMER, EXPORT_WATCH_TIMER, FAILED_TO_WRITE, failExport, saveExport, timerKey } from './internal/lifecycle.ts';
import { ChunkSink, exportRow } from './internal/store.ts';
import { EXPORT_RETENTION_HOURS, exportView, type OrgExportView } from './model.ts';

/** Thrown into a run whose attempt is no longer the job's: another run took over, or it was failed. */
class Superseded extends Error {}

/** How often a run proves it is alive even while one page takes long (a large audit chain's checkpoint). */
const HEARTBEAT_MS = 30_000;

/** The runs this process has under way, by core: a test or a stopping host can wait for them. */
const underway = new WeakMap<Core, Set<Promise<void>>>();

export function exportsUnderway(core: Core): Promise<void[]> {
  return Promise.all(underway.get(core) ?? []);
}

/** Write progress and the heartbeat; refuse to go on when this attempt is no longer the job's. */
async function reportProgress(core: Core, row: OrgExportRow, progress?: ArchiveProgress): Promise<void> {
  const updated = await core.database.db
    .update(orgExports)
    .set({ heartbeatAt: core.clock.now(), ...(progress ? { kindsDone: progress.kindsDone, rowsDone: progress.rowsDone } : {}) })
    .where(and(eq(orgExports.id, row.id), eq(orgExports.state, 'running'), eq(orgExports.attempts, row.attempts)))
    .returning({ id: orgExports.id });
  if (updated.length === 0) throw new Superseded();
}

/** Write the archive for this attempt; progress goes to the job row as it is written. */
async function writeFor(core: Core, actor: Actor, row: OrgExportRow, output: Writable): Promise<WrittenArchive> {
  const org = await requireOrg(core.database.db, row.orgId);
  let stale = false;
  const heartbeat = setInterval(() => {
    reportProgress(core, row).catch(() => {
      stale = true;
    });
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await writeOrgArchive(core, actor, org, row.id, output, async (progress) => {
      if (stale) throw new Superseded();
      await reportProgress(core, row, progress);
    });
  } finally {
    clearInterval(heartbeat);
  }
}

/** The job is done: its manifest, size and (for a stored archive) its expiry, on the trail. */
async function complete(ctx: CommandContext, row: OrgExportRow, written: WrittenArchive): Promise<OrgExportRow | undefined> {
  const current = await exportRow(ctx.tx, row.id, true);
  if (current?.state !== 'running' || current.attempts !== row.attempts) return undefined;
  const { sizeBytes } = written;
  const expiresAt = row.delivery === 'stored' ? new Date(ctx.now.getTime() + EXPORT_RETENTION_HOURS * 3_600_000) : null;
  const rowsDone = written.manifest.kinds.reduce((sum, kind) => sum + kind.rows, 0);
  const done = await saveExport(ctx, current, {
    state: 'completed',
    manifest: written.manifest,
    sizeBytes,
    kindsDone: written.manifest.kinds.length,
    rowsDone,
    completedAt: ctx.now,
    expiresAt,
    runningOn: null,
  });
  await ctx.cancelTimers(timerKey(EXPORT_WATCH_TIMER, row.id));
  if (expiresAt) await ctx.schedule({ kind: EXPORT_EXPIRE_TIMER, key: timerKey(EXPORT_EXPIRE_TIMER, row.id), dueAt: expiresAt, payload: { exportId: row.id } });
  await ctx.record(
    ExportEvents.completed(done, {
      exportId: row.id,
      rows: Object.fromEntries(written.manifest.kinds.map((kind) => [kind.kind, kind.rows])),
      sizeBytes,
      manifestSha256: written.manifestSha256,
      expiresAt: expiresAt?.toISOString() ?? null,
    }),
  );
  return done;
}

async function failIfStill(core: Core, actor: Actor, row: OrgExportRow, reason: string): Promise<void> {
  await core.transact(actor, async (ctx) => {
    const current = await exportRow(ctx.tx, row.id, true);
    if (current?.state === 'running' && current.attempts === row.attempts) await failExport(ctx, current, reason);
  }, { requireRecord: false });
}

/** One attempt of a stored export, on this instance, after its claim committed. */
async function runStored(core: Core, row: OrgExportRow): Promise<void> {
  const actor = systemActor('scheduler', 'scheduler', `export-${row.id}-${row.attempts}`);
  const sink = new ChunkSink(core.database.db, row.id);
  try {
    const written = await writeFor(core, actor, row, sink);
    await core.transact(actor, (ctx) => complete(ctx, row, written), { requireRecord: false });
  } catch (error) {
    if (error instanceof Superseded) return;
    core.logger.error({ err: error, exportId: row.id, attempt: row.attempts }, 'an org export failed');
    await failIfStill(core, actor, row, FAILED_TO_WRITE).catch((failure) => core.logger.error({ err: failure, exportId: row.id }, 'an org export could not be marked failed'));
  }
}

/** Start this attempt's run in the background, after its claim committed. */
export function startRun(core: Core, row: OrgExportRow): void {
  let runs = underway.get(core);
  if (!runs) underway.set(core, (runs = new Set()));
  const run = runStored(core, row).finally(() => runs.delete(run));
  runs.add(run);
}

/** The org's archive written by the caller, now, into `output` (the operator's file); nothing is kept. */
export async function exportToCaller(core: Core, actor: Actor, orgId: string, output: Writable): Promise<OrgExportView> {
  const started = await core.execute(startOrgExport, actor, { orgId, delivery: 'caller' });
  const row = (await exportRow(core.database.db, started.id))!;
  await core.database.db.update(orgExports).set({ kindsTotal: kindsOf(core.exporters) }).where(eq(orgExports.id, row.id));
  let written: WrittenArchive;
  try {
    written = await writeFor(core, actor, row, output);
  } catch (error) {
    await failIfStill(core, actor, row, FAILED_TO_WRITE);
    throw error;
  }
  const done = await core.transact(actor, (ctx) => complete(ctx, row, written), { requireRecord: false });
  return exportView(done ?? row, core.clock.now());
}
