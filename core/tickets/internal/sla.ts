/**
 * Response targets and their durable timers. The clock starts when severity is agreed; a new
 * agreement recomputes from that moment; the first provider action meets the target and stops
 * the timers. Warnings come at 75% of the target, the breach at 100%.
 */
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { ticketSlaTargets, tickets, type TicketRow } from '../../../db/schema.ts';
import type { CommandContext } from '../../command.ts';
import type { TimerHandler } from '../../timers/service.ts';
import type { Severity } from '../model.ts';
import { addWorkingDays, addWorkingMinutes } from '../../calendar/index.ts';
import { slaCalendar } from './working-time.ts';
import { TicketEvents } from '../events.ts';

export interface SlaTarget {
  /** null: no target. */
  minutes: number | null;
  clock: 'working' | 'continuous';
}

/** A working day is 08:00-17:00: nine hours. */
export const WORKING_DAY_MINUTES = 9 * 60;

/** DESIGN.md's defaults: URGENT 30 minutes around the clock, HIGH 2 working days, MEDIUM 10, LOW none. */
export const DEFAULT_SLA_TARGETS: Record<Severity, SlaTarget> = {
  URGENT: { minutes: 30, clock: 'continuous' },
  HIGH: { minutes: 2 * WORKING_DAY_MINUTES, clock: 'working' },
  MEDIUM: { minutes: 10 * WORKING_DAY_MINUTES, clock: 'working' },
  LOW: { minutes: null, clock: 'working' },
};

export const WARNING_FRACTION = 0.75;
export const SLA_WARNING_TIMER = 'ticket.sla_warning';
export const SLA_BREACH_TIMER = 'ticket.sla_breach';
export const CLOSURE_REMINDER_TIMER = 'ticket.closure_reminder';
/** Working days after resolution at which the initiator is reminded to approve or reopen. */
export const CLOSURE_REMINDER_DAYS = [2, 5] as const;

export async function slaTargetFor(db: Queryable, orgId: string, severity: Severity): Promise<SlaTarget> {
  const [row] = await db
    .select()
    .from(ticketSlaTargets)
    .where(and(eq(ticketSlaTargets.orgId, orgId), eq(ticketSlaTargets.severity, severity)));
  return row ? { minutes: row.minutes, clock: row.clock } : DEFAULT_SLA_TARGETS[severity];
}

/** When the warning and the breach fall for a target counted from `start`. */
export function slaDeadlines(start: Date, target: SlaTarget): { warnAt: Date; dueAt: Date } | undefined {
  if (target.minutes === null) return undefined;
  const warnMinutes = target.minutes * WARNING_FRACTION;
  if (target.clock === 'continuous') {
    return {
      warnAt: new Date(start.getTime() + warnMinutes * 60_000),
      dueAt: new Date(start.getTime() + target.minutes * 60_000),
    };
  }
  const calendar = slaCalendar();
  return { warnAt: addWorkingMinutes(calendar, start, warnMinutes), dueAt: addWorkingMinutes(calendar, start, target.minutes) };
}

const slaKey = (ticketId: string, what: 'warning' | 'breach') => `ticket:${ticketId}:sla-${what}`;

/**
 * Start the clock of a fresh agreement (or stop it when the target is already met or there is
 * none). Returns the due time to store on the ticket.
 */
export async function startSlaClock(ctx: CommandContext, ticket: TicketRow, severity: Severity): Promise<Date | null> {
  await stopSlaClock(ctx, ticket.id);
  if (ticket.firstResponseAt) return null;
  const deadlines = slaDeadlines(ctx.now, await slaTargetFor(ctx.tx, ticket.orgId, severity));
  if (!deadlines) return null;
  const payload = { ticketId: ticket.id, agreedAt: ctx.now.toISOString() };
  await ctx.schedule({ kind: SLA_WARNING_TIMER, key: slaKey(ticket.id, 'warning'), dueAt: deadlines.warnAt, payload });
  await ctx.schedule({ kind: SLA_BREACH_TIMER, key: slaKey(ticket.id, 'breach'), dueAt: deadlines.dueAt, payload });
  return deadlines.dueAt;
}

export async function stopSlaClock(ctx: CommandContext, ticketId: string): Promise<void> {
  await ctx.cancelTimers(`ticket:${ticketId}:sla-*`);
}

export async function scheduleClosureReminders(ctx: CommandContext, ticket: TicketRow): Promise<void> {
  for (const days of CLOSURE_REMINDER_DAYS) {
    const dueAt = addWorkingDays(slaCalendar(), ctx.now, days);
    await ctx.schedule({
      kind: CLOSURE_REMINDER_TIMER,
      key: `ticket:${ticket.id}:closure-reminder-${days}`,
      dueAt,
      payload: { ticketId: ticket.id, days, resolvedAt: ctx.now.toISOString() },
    });
  }
}

export async function cancelClosureReminders(ctx: CommandContext, ticketId: string): Promise<void> {
  await ctx.cancelTimers(`ticket:${ticketId}:closure-reminder-*`);
}

async function lockedTicket(ctx: CommandContext, ticketId: string): Promise<TicketRow | undefined> {
  const [ticket] = await ctx.tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  return ticket;
}

/** The clock still running from the agreement the timer was armed for. */
const stillRunning = (ticket: TicketRow | undefined, agreedAt: unknown): ticket is TicketRow =>
  Boolean(
    ticket &&
      !ticket.firstResponseAt &&
      ticket.status !== 'CLOSED' &&
      ticket.severityAgreedAt?.toISOString() === agreedAt,
  );

/** The 75% warning and the breach differ only in what they stamp and record. */
function slaMilestone(stamp: 'slaWarnedAt' | 'slaBreachedAt', event: typeof TicketEvents.slaWarned): TimerHandler {
  return async (ctx, payload) => {
    const ticket = await lockedTicket(ctx, String(payload.ticketId));
    if (!stillRunning(ticket, payload.agreedAt)) return;
    await ctx.tx.update(tickets).set({ [stamp]: ctx.now, updatedAt: ctx.now }).where(eq(tickets.id, ticket.id));
    await ctx.record(event(ticket, { key: ticket.key, severity: ticket.severity, dueAt: ticket.slaDueAt?.toISOString() ?? null }));
  };
}

export const onSlaWarning = slaMilestone('slaWarnedAt', TicketEvents.slaWarned);
export const onSlaBreach = slaMilestone('slaBreachedAt', TicketEvents.slaBreached);

export const onClosureReminder: TimerHandler = async (ctx, payload) => {
  const ticket = await lockedTicket(ctx, String(payload.ticketId));
  if (!ticket || ticket.status !== 'RESOLVED' || ticket.resolvedAt?.toISOString() !== payload.resolvedAt) return;
  await ctx.record(TicketEvents.closureReminded(ticket, { key: ticket.key, initiatorId: ticket.initiatorId, days: Number(payload.days) }));
};
