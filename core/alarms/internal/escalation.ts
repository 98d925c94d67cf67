/**
 * Escalation: which policy an alarm gets (routing), the snapshot taken when it triggers, paging a
 * step, and the durable timers that move to the next step and invoke the two-hour
 * disaster-recovery rule.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { alarmRoutes, alarms, disasterRecoveryContacts, escalationPolicies, type AlarmRow, type EscalationSnapshot } from '../../../db/schema.ts';
import type { CommandContext } from '../../command.ts';
import type { TimerHandler } from '../../timers/service.ts';
import { AlarmEvents, type StepPaged } from '../events.ts';
import { onCallNow, primarySchedule } from './oncall.ts';

/** How long a step waits for an acknowledgement unless its policy says otherwise. */
export const DEFAULT_WAIT_MINUTES = 5;

export const ESCALATION_TIMER = 'alarm.escalate';
export const DISASTER_RECOVERY_TIMER = 'alarm.disaster_recovery';
/** The seed: "if full operations can not be restored to normal within two hours". */
export const DISASTER_RECOVERY_AFTER_MS = 2 * 60 * 60 * 1000;

export const escalationKey = (alarmId: string) => `alarm:${alarmId}:escalate`;
export const disasterRecoveryKey = (alarmId: string) => `alarm:${alarmId}:disaster_recovery`;
/** Every timer of an alarm: cancelled once it is resolved. */
export const timersOf = (alarmId: string) => `alarm:${alarmId}:*`;

/**
 * The policy routed to (source and service, then source, then service, then the catch-all), or a
 * default with none: the primary schedule's on-call person, then the whole on-call channel.
 */
export async function snapshotPolicy(tx: Tx, sourceId: string, service: string | null): Promise<EscalationSnapshot> {
  const routes = await tx
    .select({ sourceId: alarmRoutes.sourceId, service: alarmRoutes.service, policy: escalationPolicies })
    .from(alarmRoutes)
    .innerJoin(escalationPolicies, eq(escalationPolicies.id, alarmRoutes.policyId))
    .where(
      and(
        or(eq(alarmRoutes.sourceId, sourceId), isNull(alarmRoutes.sourceId)),
        service ? or(eq(alarmRoutes.service, service), isNull(alarmRoutes.service)) : isNull(alarmRoutes.service),
      ),
    );
  const rank = (r: { sourceId: string | null; service: string | null }) => (r.sourceId ? 2 : 0) + (r.service ? 1 : 0);
  const best = routes.sort((a, b) => rank(b) - rank(a))[0];
  if (best) return { policyId: best.policy.id, name: best.policy.name, steps: best.policy.steps, repeat: best.policy.repeat };
  const primary = await primarySchedule(tx);
  return {
    policyId: null,
    name: 'default',
    steps: [
      ...(primary ? [{ target: { type: 'schedule' as const, scheduleId: primary.id }, waitMinutes: DEFAULT_WAIT_MINUTES }] : []),
      { target: { type: 'channel' as const }, waitMinutes: DEFAULT_WAIT_MINUTES },
    ],
    repeat: 0,
  };
}

export interface Paging {
  /** 0-based, counted across repeats. */
  step: number;
  paged: string[];
  /** Whether this step pages the whole on-call channel. */
  channel: boolean;
  /** When the next step comes if nobody acknowledges; null after the last one. */
  nextAt: Date | null;
}

/** Who a step reaches at `now`, without writing anything. `onCallCache` shares look-ups within one batch. */
export async function planStep(
  tx: Tx,
  now: Date,
  escalation: EscalationSnapshot,
  step: number,
  onCallCache?: Map<string, Promise<string[]>>,
): Promise<Paging> {
  const { steps, repeat } = escalation;
  const current = steps[step % steps.length]!;
  const target = current.target;
  let paged: string[] = [];
  if (target.type === 'person') paged = [target.personId];
  if (target.type === 'schedule') {
    let lookup = onCallCache?.get(target.scheduleId);
    if (!lookup) {
      lookup = onCallNow(tx, target.scheduleId, now);
      onCallCache?.set(target.scheduleId, lookup);
    }
    paged = await lookup;
  }
  // A snapshot is data from the past: whatever it holds, only real ids are paged.
  paged = paged.filter((id) => typeof id === 'string' && id !== '');
  const hasNext = step + 1 < steps.length * (repeat + 1);
  const nextAt = hasNext ? new Date(now.getTime() + current.waitMinutes * 60_000) : null;
  return { step, paged, channel: target.type === 'channel', nextAt };
}

/** What an event says of a step: its instants as ISO strings. */
export function stepPaged(paging: Paging): StepPaged {
  return { step: paging.step, paged: paging.paged, channel: paging.channel, nextAt: paging.nextAt?.toISOString() ?? null };
}

/** Arm (or, after the last step, cancel) the timer for the step after `paging`. */
export async function armNextStep(ctx: CommandContext, alarmId: string, paging: Paging): Promise<void> {
  if (paging.nextAt) {
    await ctx.schedule({ kind: ESCALATION_TIMER, key: escalationKey(alarmId), dueAt: paging.nextAt, payload: { alarmId, step: paging.step + 1 } });
  } else {
    await ctx.cancelTimers(escalationKey(alarmId));
  }
}

/** Page step `step` of the alarm's snapshot: who it reaches now, and the timer for the step after. */
export async function pageStep(ctx: CommandContext, alarm: AlarmRow, step: number): Promise<Paging> {
  const paging = await planStep(ctx.tx, ctx.now, alarm.escalation, step);
  await ctx.tx.update(alarms).set({ escalationStep: step, paged: paging.paged }).where(eq(alarms.id, alarm.id));
  await armNextStep(ctx, alarm.id, paging);
  return paging;
}

/** Nobody acknowledged within the step's wait: page the next step. */
export const onEscalationDue: TimerHandler = async (ctx, payload) => {
  const [alarm] = await ctx.tx.select().from(alarms).where(eq(alarms.id, String(payload.alarmId))).for('update');
  const step = Number(payload.step);
  if (!alarm || alarm.state !== 'TRIGGERED' || alarm.escalationStep >= step) return;
  const paging = await pageStep(ctx, alarm, step);
  await ctx.record(AlarmEvents.escalated(alarm, { ...stepPaged(paging), reason: 'not acknowledged in time' }));
};

/** Still not resolved two hours after triggering: flag it, page the DR contacts, tell the channel. */
export const onDisasterRecoveryDue: TimerHandler = async (ctx, payload) => {
  const [alarm] = await ctx.tx.select().from(alarms).where(eq(alarms.id, String(payload.alarmId))).for('update');
  if (!alarm || alarm.state === 'RESOLVED' || alarm.disasterRecoveryAt) return;
  const contacts = (await ctx.tx.select().from(disasterRecoveryContacts)).map((r) => r.personId);
  await ctx.tx.update(alarms).set({ disasterRecoveryAt: ctx.now }).where(eq(alarms.id, alarm.id));
  await ctx.record(
    AlarmEvents.disasterRecoveryInvoked(alarm, {
      paged: contacts,
      channel: true,
      state: alarm.state,
      openMinutes: Math.round((ctx.now.getTime() - alarm.triggeredAt.getTime()) / 60_000),
    }),
  );
};
