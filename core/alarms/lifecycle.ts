/**
 * An alarm's life after it triggered: TRIGGERED → ACKNOWLEDGED → RESOLVED, escalation by hand,
 * and the root cause (an alarm resolved without one keeps a follow-up item open until it is written).
 */
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { alarms, type AlarmRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { uuidSchema } from '../directory/index.ts';
import { AlarmEvents } from './events.ts';
import { escalationKey, pageStep, stepPaged, timersOf } from './internal/escalation.ts';
import { lockAlarm, rootCauseSchema } from './internal/lookups.ts';
import { notifyTimersOf } from './notify.ts';
import { describeTaken } from './model.ts';
import { alarmPolicy, ALARM } from './policy.ts';

const personIdOf = (actor: Actor) => (actor.type === 'person' ? actor.id : null);
const taken = (alarm: AlarmRow, details?: Record<string, unknown>) =>
  new OpsdeskError('INVALID_TRANSITION', `this alarm was ${describeTaken(alarm)}`, details);

/**
 * Exactly one acknowledgement wins, across instances: the update only matches while the alarm is
 * still TRIGGERED, and PostgreSQL lets the second updater see the first one's committed row. The
 * loser is told who was first and when.
 */
export const acknowledgeAlarm = defineCommand({
  name: 'acknowledgeAlarm',
  input: z.object({ alarmId: uuidSchema }),
  async run(ctx, input): Promise<AlarmRow> {
    alarmPolicy.authorize(ctx.actor, 'alarm.respond', ALARM);
    const [won] = await ctx.tx
      .update(alarms)
      .set({ state: 'ACKNOWLEDGED', acknowledgedAt: ctx.now, acknowledgedBy: personIdOf(ctx.actor), acknowledgedByName: ctx.actor.name })
      .where(and(eq(alarms.id, input.alarmId), eq(alarms.state, 'TRIGGERED')))
      .returning();
    if (!won) {
      const [alarm] = await ctx.tx.select().from(alarms).where(eq(alarms.id, input.alarmId));
      if (!alarm) throw alarmPolicy.notFound(ALARM);
      throw taken(alarm, {
        state: alarm.state,
        acknowledgedBy: alarm.acknowledgedByName,
        acknowledgedAt: alarm.acknowledgedAt?.toISOString() ?? null,
      });
    }
    await ctx.cancelTimers(escalationKey(won.id));
    // The person's later notification steps (SMS, email) stop too.
    await ctx.cancelTimers(notifyTimersOf(won.id));
    await ctx.record(AlarmEvents.acknowledged(won, { by: ctx.actor.name, personId: personIdOf(ctx.actor), step: won.escalationStep }));
    return won;
  },
});

/** Page the next step now. An acknowledged alarm goes back to TRIGGERED: someone else must take it. */
export const escalateAlarm = defineCommand({
  name: 'escalateAlarm',
  input: z.object({ alarmId: uuidSchema }),
  async run(ctx, input): Promise<AlarmRow> {
    alarmPolicy.authorize(ctx.actor, 'alarm.respond', ALARM);
    const alarm = await lockAlarm(ctx.tx, input.alarmId);
    if (alarm.state === 'RESOLVED') throw taken(alarm);
    const { steps, repeat } = alarm.escalation;
    const step = Math.min(alarm.escalationStep + 1, steps.length * (repeat + 1) - 1);
    await ctx.tx
      .update(alarms)
      .set({ state: 'TRIGGERED', acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null })
      .where(eq(alarms.id, alarm.id));
    const paging = await pageStep(ctx, { ...alarm, state: 'TRIGGERED' }, step);
    await ctx.record(
      AlarmEvents.escalated(alarm, { ...stepPaged(paging), reason: `escalated by ${ctx.actor.name}`, previousState: alarm.state }),
    );
    return lockAlarm(ctx.tx, alarm.id);
  },
});

export const resolveAlarm = defineCommand({
  name: 'resolveAlarm',
  input: z.object({ alarmId: uuidSchema, rootCause: rootCauseSchema.optional() }),
  async run(ctx, input): Promise<AlarmRow> {
    alarmPolicy.authorize(ctx.actor, 'alarm.respond', ALARM);
    const [resolved] = await ctx.tx
      .update(alarms)
      .set({ state: 'RESOLVED', resolvedAt: ctx.now, resolvedBy: ctx.actor.name, rootCause: input.rootCause ?? null })
      .where(and(eq(alarms.id, input.alarmId), ne(alarms.state, 'RESOLVED')))
      .returning();
    if (!resolved) throw taken(await lockAlarm(ctx.tx, input.alarmId));
    await ctx.cancelTimers(timersOf(resolved.id));
    await ctx.record(
      AlarmEvents.resolved(resolved, { by: ctx.actor.name, rootCause: resolved.rootCause, followUpOpen: resolved.rootCause === null }),
    );
    return resolved;
  },
});

/** Writing the root cause closes the alarm's follow-up; it may be rewritten (the trail keeps the earlier one). */
export const writeRootCause = defineCommand({
  name: 'writeRootCause',
  input: z.object({ alarmId: uuidSchema, rootCause: rootCauseSchema }),
  async run(ctx, input): Promise<AlarmRow> {
    alarmPolicy.authorize(ctx.actor, 'alarm.respond', ALARM);
    const alarm = await lockAlarm(ctx.tx, input.alarmId);
    const [updated] = await ctx.tx.update(alarms).set({ rootCause: input.rootCause }).where(eq(alarms.id, alarm.id)).returning();
    await ctx.record(AlarmEvents.rootCauseWritten(alarm, { rootCause: input.rootCause, previous: alarm.rootCause, followUpOpen: false }));
    return updated!;
  },
});
