/**
 * Retention: raw probe samples are kept for `SAMPLE_RETENTION_DAYS`, rollups (minute, hour and day)
 * for `ROLLUP_RETENTION_DAYS`. A durable timer prunes once a day at 03:00 UTC, probe by probe
 * (each delete walks the probe's own index); creating a probe arms it, and each run arms the next.
 */
import { and, eq, lt } from 'drizzle-orm';
import { probeRollups, probes, probeSamples } from '../../../db/schema.ts';
import type { CommandContext } from '../../command.ts';
import type { TimerHandler } from '../../timers/service.ts';

export const SAMPLE_RETENTION_DAYS = 14;
export const ROLLUP_RETENTION_DAYS = 400;
export const PRUNE_TIMER = 'status.prune';
const PRUNE_KEY = 'status.prune';
const DAY = 86_400_000;

/** The next 03:00 UTC after `now`: the same instant whichever instance arms it, however often. */
export function nextPruneAt(now: Date): Date {
  const next = new Date(now);
  next.setUTCHours(3, 0, 0, 0);
  if (next <= now) next.setTime(next.getTime() + DAY);
  return next;
}

export async function armPrune(ctx: CommandContext): Promise<void> {
  await ctx.schedule({ kind: PRUNE_TIMER, key: PRUNE_KEY, dueAt: nextPruneAt(ctx.now), payload: {} });
}

export const onPruneDue: TimerHandler = async (ctx) => {
  const samplesBefore = new Date(ctx.now.getTime() - SAMPLE_RETENTION_DAYS * DAY);
  const rollupsBefore = new Date(ctx.now.getTime() - ROLLUP_RETENTION_DAYS * DAY);
  for (const { id } of await ctx.tx.select({ id: probes.id }).from(probes)) {
    await ctx.tx.delete(probeSamples).where(and(eq(probeSamples.probeId, id), lt(probeSamples.at, samplesBefore)));
    await ctx.tx.delete(probeRollups).where(and(eq(probeRollups.probeId, id), lt(probeRollups.start, rollupsBefore)));
  }
  await armPrune(ctx);
};
