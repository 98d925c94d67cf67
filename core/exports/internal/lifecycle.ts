/**
 * The states of an export job and the timers that move it: run (claimed by the instance whose timer
 * fires), watch (an interrupted run is started again, or failed after too many tries), expire (the
 * stored archive is deleted and its link stops working).
 */
import { eq } from 'drizzle-orm';
import { orgExports, type OrgExportRow } from '../../../db/schema.ts';
import type { CommandContext } from '../../command.ts';
import { ExportEvents } from '../events.ts';
import { EXPORT_STALE_MINUTES } from '../model.ts';
import { dropChunks } from './store.ts';

export const EXPORT_RUN_TIMER = 'export.run';
export const EXPORT_WATCH_TIMER = 'export.watch';
export const EXPORT_EXPIRE_TIMER = 'export.expire';

export const timerKey = (kind: string, exportId: string) => `${kind}:${exportId}`;

/** The words a person is given when an export fails: what went wrong inside is in the operator's log. */
export const FAILED_TO_WRITE = 'the export could not be written; start a new one, and tell the provider if it fails again';
export const INTERRUPTED = 'the export was interrupted too often; start a new one, and tell the provider if it fails again';

export async function saveExport(ctx: CommandContext, row: OrgExportRow, change: Partial<OrgExportRow>): Promise<OrgExportRow> {
  const [saved] = await ctx.tx.update(orgExports).set(change).where(eq(orgExports.id, row.id)).returning();
  return saved!;
}

export function armRun(ctx: CommandContext, row: OrgExportRow): Promise<void> {
  return ctx.schedule({ kind: EXPORT_RUN_TIMER, key: timerKey(EXPORT_RUN_TIMER, row.id), dueAt: ctx.now, payload: { exportId: row.id } });
}

export function armWatch(ctx: CommandContext, row: OrgExportRow, from: Date): Promise<void> {
  return ctx.schedule({
    kind: EXPORT_WATCH_TIMER,
    key: timerKey(EXPORT_WATCH_TIMER, row.id),
    dueAt: new Date(from.getTime() + EXPORT_STALE_MINUTES * 60_000),
    payload: { exportId: row.id },
  });
}

/** The job failed: its partial archive is deleted, and the trail says so. */
export async function failExport(ctx: CommandContext, row: OrgExportRow, reason: string): Promise<void> {
  await dropChunks(ctx.tx, row.id);
  const failed = await saveExport(ctx, row, { state: 'failed', failure: reason, runningOn: null });
  await ctx.cancelTimers(timerKey(EXPORT_WATCH_TIMER, row.id));
  await ctx.record(ExportEvents.failed(failed, { exportId: row.id, reason }));
}
