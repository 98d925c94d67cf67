/**
 * What moves an export job when its time comes: `export.run` claims a queued export for this
 * instance (one more attempt) and starts it after the claim commits; `export.watch` finds a run
 * whose heartbeat went stale (its instance stopped) and queues it again, or fails it after
 * EXPORT_MAX_ATTEMPTS; `export.expire` deletes the kept archive. Each checks that the state it was
 * armed for still holds.
 */
import type { Core } from '../core.ts';
import type { TimerHandler } from '../timers/service.ts';
import { kindsOf } from './archive.ts';
import { ExportEvents } from './events.ts';
import { armRun, armWatch, EXPORT_EXPIRE_TIMER, EXPORT_RUN_TIMER, EXPORT_WATCH_TIMER, failExport, INTERRUPTED, saveExport } from './internal/lifecycle.ts';
import { dropChunks, exportRow } from './internal/store.ts';
import { EXPORT_MAX_ATTEMPTS, EXPORT_STALE_MINUTES } from './model.ts';
import { startRun } from './runner.ts';

export function exportTimers(core: Core): Record<string, TimerHandler> {
  const onRun: TimerHandler = async (ctx, payload) => {
    const row = await exportRow(ctx.tx, String(payload.exportId), true);
    if (row?.state !== 'queued') return;
    await dropChunks(ctx.tx, row.id);
    const claimed = await saveExport(ctx, row, {
      state: 'running',
      attempts: row.attempts + 1,
      runningOn: core.instanceId,
      heartbeatAt: ctx.now,
      kindsTotal: kindsOf(core.exporters),
      kindsDone: 0,
      rowsDone: 0,
    });
    await armWatch(ctx, claimed, ctx.now);
    ctx.afterCommit(() => startRun(core, claimed));
  };

  const onWatch: TimerHandler = async (ctx, payload) => {
    const row = await exportRow(ctx.tx, String(payload.exportId), true);
    if (row?.state !== 'running') return;
    const heartbeat = row.heartbeatAt ?? row.createdAt;
    if (ctx.now.getTime() - heartbeat.getTime() < EXPORT_STALE_MINUTES * 60_000) return armWatch(ctx, row, heartbeat);
    if (row.delivery === 'stored' && row.attempts < EXPORT_MAX_ATTEMPTS) {
      core.logger.warn({ exportId: row.id, attempt: row.attempts, runningOn: row.runningOn }, 'an org export was interrupted: starting it again');
      const queued = await saveExport(ctx, row, { state: 'queued', runningOn: null });
      return armRun(ctx, queued);
    }
    await failExport(ctx, row, INTERRUPTED);
  };

  const onExpire: TimerHandler = async (ctx, payload) => {
    const row = await exportRow(ctx.tx, String(payload.exportId), true);
    if (row?.state !== 'completed' || row.delivery !== 'stored') return;
    await dropChunks(ctx.tx, row.id);
    const expired = await saveExport(ctx, row, { state: 'expired' });
    await ctx.record(ExportEvents.expired(expired, { exportId: row.id }));
  };

  return { [EXPORT_RUN_TIMER]: onRun, [EXPORT_WATCH_TIMER]: onWatch, [EXPORT_EXPIRE_TIMER]: onExpire };
}
