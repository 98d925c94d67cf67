/**
 * Resolution targets and the pauses of the SLA clock. The resolution clock starts when severity is
 * agreed (a new agreement restarts it) and is met when the ticket is resolved. While the ticket is
 * "Awaiting your reply" the clock stands still: its timers are cancelled, and when the ticket moves
 * on (the client answers, or the provider changes the status) the warning and the due time move
 * by the paused time, counted in the target's own clock (working minutes for a working target).
 *
 * The response target needs no pause: moving a ticket to AWAITING_CLIENT is a provider status
 * change, which is the first response and meets it.
 *
 * All of it runs as reactions to the ticket's own events, in the command's transaction, so the
 * ticket commands stay as they are and every pause and resume is recorded on the ticket's chain.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { ticketResolutionClocks, ticketResolutionTargets, ticketSlaPauses, tickets, type TicketResolutionClockRow, type TicketRow } from '../../../db/schema.ts';
import { reactTo } from '../../capability.ts';
import type { CommandContext } from '../../command.ts';
import type { TimerHandler } from '../../timers/service.ts';
import { workingMinutesBetween, addWorkingMinutes } from '../../calendar/index.ts';
import type { Severity } from '../model.ts';
import { TicketEvents } from '../events.ts';
import { TicketSlaEvents } from '../sla-events.ts';
import { slaDeadlines, WORKING_DAY_MINUTES, type SlaTarget } from './sla.ts';
import { slaCalendar } from './working-time.ts';

/**
 * The seed promises responses, not resolutions; these are the desk's defaults for the two severities
 * where a client expects one: URGENT within one working day, HIGH within ten. MEDIUM ("within a
 * reasonable time") and LOW ("in the regular product planning") have none unless an org's
 * Extended Support agreement sets one.
 */
export const DEFAULT_RESOLUTION_TARGETS: Record<Severity, SlaTarget> = {
  URGENT: { minutes: WORKING_DAY_MINUTES, clock: 'working' },
  HIGH: { minutes: 10 * WORKING_DAY_MINUTES, clock: 'working' },
  MEDIUM: { minutes: null, clock: 'working' },
  LOW: { minutes: null, clock: 'working' },
};

export const RESOLUTION_WARNING_TIMER = 'ticket.resolution_warning';
export const RESOLUTION_BREACH_TIMER = 'ticket.resolution_breach';

/** Not under `ticket:<id>:sla-*`, which the response target cancels when it is met. */
const resolutionKey = (ticketId: string, what: 'warning' | 'breach') => `ticket:${ticketId}:resolution-${what}`;

export async function resolutionTargetFor(db: Queryable, orgId: string, severity: Severity): Promise<SlaTarget> {
  const [row] = await db
    .select()
    .from(ticketResolutionTargets)
    .where(and(eq(ticketResolutionTargets.orgId, orgId), eq(ticketResolutionTargets.severity, severity)));
  return row ? { minutes: row.minutes, clock: row.clock } : DEFAULT_RESOLUTION_TARGETS[severity];
}

/** Time between two instants in a target's clock, in minutes. */
function minutesIn(clock: SlaTarget['clock'], from: Date, to: Date): number {
  if (clock === 'continuous') return Math.max(0, (to.getTime() - from.getTime()) / 60_000);
  return workingMinutesBetween(slaCalendar(), from, to);
}

function addIn(clock: SlaTarget['clock'], start: Date, minutes: number): Date {
  if (clock === 'continuous') return new Date(start.getTime() + minutes * 60_000);
  return addWorkingMinutes(slaCalendar(), start, minutes);
}

async function readTicket(ctx: CommandContext, ticketId: string): Promise<TicketRow> {
  const [ticket] = await ctx.tx.select().from(tickets).where(eq(tickets.id, ticketId));
  return ticket!;
}

async function clockOf(ctx: CommandContext, ticketId: string): Promise<TicketResolutionClockRow | undefined> {
  const [clock] = await ctx.tx.select().from(ticketResolutionClocks).where(eq(ticketResolutionClocks.ticketId, ticketId)).for('update');
  return clock;
}

async function armResolutionTimers(ctx: CommandContext, clock: Pick<TicketResolutionClockRow, 'ticketId' | 'warnAt' | 'dueAt' | 'warnedAt'>) {
  const payload = { ticketId: clock.ticketId, dueAt: clock.dueAt.toISOString() };
  if (!clock.warnedAt) await ctx.schedule({ kind: RESOLUTION_WARNING_TIMER, key: resolutionKey(clock.ticketId, 'warning'), dueAt: clock.warnAt, payload });
  await ctx.schedule({ kind: RESOLUTION_BREACH_TIMER, key: resolutionKey(clock.ticketId, 'breach'), dueAt: clock.dueAt, payload });
}

const cancelResolutionTimers = (ctx: CommandContext, ticketId: string) => ctx.cancelTimers(`ticket:${ticketId}:resolution-*`);

/** A fresh agreement: the resolution clock starts over with the severity's target (paused if the ticket awaits the client). */
async function startResolutionClock(ctx: CommandContext, ticket: TicketRow): Promise<void> {
  await cancelResolutionTimers(ctx, ticket.id);
  await ctx.tx.delete(ticketResolutionClocks).where(eq(ticketResolutionClocks.ticketId, ticket.id));
  if (!ticket.severity || ticket.status === 'RESOLVED' || ticket.status === 'CLOSED') return;
  const target = await resolutionTargetFor(ctx.tx, ticket.orgId, ticket.severity);
  const deadlines = slaDeadlines(ctx.now, target);
  if (!deadlines || target.minutes === null) return;
  const paused = ticket.status === 'AWAITING_CLIENT';
  const [clock] = await ctx.tx
    .insert(ticketResolutionClocks)
    .values({
      ticketId: ticket.id,
      minutes: target.minutes,
      clock: target.clock,
      startedAt: ctx.now,
      warnAt: deadlines.warnAt,
      dueAt: deadlines.dueAt,
      pausedAt: paused ? ctx.now : null,
    })
    .returning();
  if (paused) await recordPause(ctx, ticket, clock!);
  else await armResolutionTimers(ctx, clock!);
}

async function recordPause(ctx: CommandContext, ticket: TicketRow, clock: TicketResolutionClockRow): Promise<void> {
  await ctx.tx.insert(ticketSlaPauses).values({ ticketId: ticket.id, pausedAt: ctx.now });
  await ctx.record(TicketSlaEvents.slaPaused(ticket, { key: ticket.key, severity: ticket.severity, resolutionDueAt: clock.dueAt.toISOString() }));
}

/** The ticket now awaits the client: stop a running, unmet clock where it stands. */
async function pauseClock(ctx: CommandContext, ticket: TicketRow): Promise<void> {
  const clock = await clockOf(ctx, ticket.id);
  if (!clock || clock.pausedAt || clock.metAt) return;
  await cancelResolutionTimers(ctx, ticket.id);
  const [paused] = await ctx.tx
    .update(ticketResolutionClocks)
    .set({ pausedAt: ctx.now })
    .where(eq(ticketResolutionClocks.ticketId, ticket.id))
    .returning();
  await recordPause(ctx, ticket, paused!);
}

/** The ticket no longer awaits the client: the clock runs again, its deadlines moved by the paused time. */
async function resumeClock(ctx: CommandContext, ticket: TicketRow): Promise<TicketResolutionClockRow | undefined> {
  const clock = await clockOf(ctx, ticket.id);
  if (!clock?.pausedAt || clock.metAt) return clock;
  const pausedAt = clock.pausedAt;
  const pausedMinutes = minutesIn(clock.clock, pausedAt, ctx.now);
  // What was left at the pause is what is left now; a deadline already passed stays where it was.
  const moved = (deadline: Date) => (deadline > pausedAt ? addIn(clock.clock, ctx.now, minutesIn(clock.clock, pausedAt, deadline)) : deadline);
  const [resumed] = await ctx.tx
    .update(ticketResolutionClocks)
    .set({
      pausedAt: null,
      pausedMinutes: clock.pausedMinutes + Math.round(pausedMinutes),
      warnAt: clock.warnedAt ? clock.warnAt : moved(clock.warnAt),
      dueAt: clock.breachedAt ? clock.dueAt : moved(clock.dueAt),
    })
    .where(eq(ticketResolutionClocks.ticketId, ticket.id))
    .returning();
  await ctx.tx
    .update(ticketSlaPauses)
    .set({ resumedAt: ctx.now, pausedMinutes: Math.round(pausedMinutes) })
    .where(and(eq(ticketSlaPauses.ticketId, ticket.id), isNull(ticketSlaPauses.resumedAt)));
  await ctx.record(TicketSlaEvents.slaResumed(ticket, {
    key: ticket.key,
    severity: ticket.severity,
    pausedAt: pausedAt.toISOString(),
    pausedMinutes: Math.round(pausedMinutes),
    resolutionDueAt: resumed!.dueAt.toISOString(),
  }));
  if (!resumed!.breachedAt) await armResolutionTimers(ctx, resumed!);
  return resumed;
}

/** Resolving the ticket meets the resolution target (or ends a breached one): the clock stops for good. */
async function meetResolution(ctx: CommandContext, ticketId: string): Promise<void> {
  await cancelResolutionTimers(ctx, ticketId);
  await ctx.tx
    .update(ticketResolutionClocks)
    .set({ metAt: ctx.now })
    .where(and(eq(ticketResolutionClocks.ticketId, ticketId), isNull(ticketResolutionClocks.metAt)));
}

export const resolutionReactions = [
  reactTo(TicketEvents.severityAgreed, async (ctx, change) => startResolutionClock(ctx, await readTicket(ctx, change.subjectId))),
  reactTo(TicketEvents.statusChanged, async (ctx, change) => {
    const ticket = await readTicket(ctx, change.subjectId);
    if (change.data.from === 'AWAITING_CLIENT') await resumeClock(ctx, ticket);
    if (change.data.to === 'AWAITING_CLIENT') await pauseClock(ctx, ticket);
    if (change.data.to === 'RESOLVED') await meetResolution(ctx, ticket.id);
  }),
];

/** The 75% warning and the breach differ only in what they stamp and record. */
function resolutionMilestone(stamp: 'warnedAt' | 'breachedAt', event: typeof TicketSlaEvents.resolutionWarned): TimerHandler {
  return async (ctx, payload) => {
    const ticketId = String(payload.ticketId);
    const clock = await clockOf(ctx, ticketId);
    // A stale timer (the clock restarted, paused, moved or met since it was armed) does nothing.
    if (!clock || clock.pausedAt || clock.metAt || clock[stamp] || clock.dueAt.toISOString() !== payload.dueAt) return;
    await ctx.tx.update(ticketResolutionClocks).set({ [stamp]: ctx.now }).where(eq(ticketResolutionClocks.ticketId, ticketId));
    const ticket = await readTicket(ctx, ticketId);
    await ctx.record(event(ticket, { key: ticket.key, severity: ticket.severity, dueAt: clock.dueAt.toISOString() }));
  };
}

export const onResolutionWarning = resolutionMilestone('warnedAt', TicketSlaEvents.resolutionWarned);
export const onResolutionBreach = resolutionMilestone('breachedAt', TicketSlaEvents.resolutionBreached);
