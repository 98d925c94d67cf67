/**
 * Paging holds, as PagerDuty's maintenance windows: while a hold covers an alarm (by its source and
 * `service`, matched like routes), the alarm is recorded, folds and shows on the trail and in the
 * on-call channel, but pages nobody: no notification rules start, no escalation or disaster-recovery
 * timer is armed, and its `alarm.triggered` says which hold kept it (`pagingHeldBy`). When the hold
 * ends (its end, or cancelled early), each alarm it held that is still TRIGGERED pages then, from
 * the first step of its policy (`alarm.escalated` with `releasedFrom`), and its two-hour
 * disaster-recovery clock starts then; an alarm that another hold still covers passes to that hold.
 *
 * Holds are set by the capability that owns the reason (incidents' maintenance windows): alarms
 * knows nothing of services or releases.
 */
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { alarms, alarmSources, pagingHolds, type PagingHoldRow } from '../../db/schema.ts';
import type { CommandContext } from '../command.ts';
import { AlarmEvents } from './events.ts';
import { DISASTER_RECOVERY_AFTER_MS, DISASTER_RECOVERY_TIMER, disasterRecoveryKey, pageStep, stepPaged } from './internal/escalation.ts';

export interface HoldMatch {
  sourceName: string | null;
  alarmService: string | null;
}

export interface PagingHold {
  id: string;
  label: string;
  startsAt: Date;
  endsAt: Date;
  matches: HoldMatch[];
}

/** Set (or replace) a hold. Its end is when its owner calls `endPagingHold`; the times say when it applies to new alarms. */
export async function setPagingHold(ctx: CommandContext, hold: PagingHold): Promise<void> {
  await ctx.tx
    .insert(pagingHolds)
    .values({ ...hold, endedAt: null })
    .onConflictDoUpdate({ target: pagingHolds.id, set: { label: hold.label, startsAt: hold.startsAt, endsAt: hold.endsAt, matches: hold.matches, endedAt: null } });
}

/** Holds in force at `now`. */
export async function activeHolds(tx: Tx, now: Date): Promise<PagingHoldRow[]> {
  return tx
    .select()
    .from(pagingHolds)
    .where(and(isNull(pagingHolds.endedAt), lte(pagingHolds.startsAt, now), gt(pagingHolds.endsAt, now)));
}

/** The first hold (in force) that covers an alarm of this source and service. */
export function holdFor(holds: readonly PagingHoldRow[], sourceName: string, service: string | null): PagingHoldRow | undefined {
  return holds.find((hold) =>
    hold.matches.some((m) => (m.sourceName === null || m.sourceName === sourceName) && (m.alarmService === null || m.alarmService === service)),
  );
}

/**
 * The hold is over: it applies to no new alarm, and every alarm it held that is still TRIGGERED
 * pages now (or passes to another hold in force that covers it). Returns the alarms paged.
 */
export async function endPagingHold(ctx: CommandContext, holdId: string): Promise<string[]> {
  await ctx.tx.update(pagingHolds).set({ endedAt: ctx.now }).where(and(eq(pagingHolds.id, holdId), isNull(pagingHolds.endedAt)));
  const [hold] = await ctx.tx.select().from(pagingHolds).where(eq(pagingHolds.id, holdId));
  const held = await ctx.tx
    .select({ alarm: alarms, sourceName: alarmSources.name })
    .from(alarms)
    .innerJoin(alarmSources, eq(alarmSources.id, alarms.sourceId))
    .where(eq(alarms.pagingHeldBy, holdId))
    .for('update', { of: alarms });
  const others = (await activeHolds(ctx.tx, ctx.now)).filter((h) => h.id !== holdId);
  const paged: string[] = [];
  for (const { alarm, sourceName } of held) {
    if (alarm.state !== 'TRIGGERED') {
      await ctx.tx.update(alarms).set({ pagingHeldBy: null }).where(eq(alarms.id, alarm.id));
      continue;
    }
    const other = holdFor(others, sourceName, alarm.service);
    if (other) {
      await ctx.tx.update(alarms).set({ pagingHeldBy: other.id }).where(eq(alarms.id, alarm.id));
      continue;
    }
    await ctx.tx.update(alarms).set({ pagingHeldBy: null }).where(eq(alarms.id, alarm.id));
    const paging = await pageStep(ctx, alarm, 0);
    await ctx.schedule({
      kind: DISASTER_RECOVERY_TIMER,
      key: disasterRecoveryKey(alarm.id),
      dueAt: new Date(ctx.now.getTime() + DISASTER_RECOVERY_AFTER_MS),
      payload: { alarmId: alarm.id },
    });
    await ctx.record(
      AlarmEvents.escalated(alarm, { ...stepPaged(paging), reason: `paging held by ${hold?.label ?? 'maintenance'} (maintenance ${holdId}) is over`, releasedFrom: holdId }),
    );
    paged.push(alarm.id);
  }
  return paged;
}
