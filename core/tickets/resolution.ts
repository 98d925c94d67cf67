/**
 * Resolution targets: a provider admin overrides an org's target per severity (what an Extended
 * Support agreement promises), and anyone who sees a ticket reads its resolution clock with the
 * pauses it had while the ticket awaited the client.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ticketResolutionClocks, ticketResolutionTargets, ticketSlaPauses } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { defineQuery } from '../query.ts';
import { OpsdeskError } from '../errors.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { SEVERITIES } from './model.ts';
import { slaTargetPolicy } from './policy.ts';
import { visibleTicket } from './internal/lookups.ts';
import { ResolutionTargetEvents } from './sla-events.ts';

/** Agreements made afterwards use the new target; running clocks keep theirs. */
export const setResolutionTarget = defineCommand({
  name: 'setResolutionTarget',
  input: z.object({
    orgId: uuidSchema,
    severity: z.enum(SEVERITIES),
    minutes: z.number().int().positive().max(525_600).nullable(),
    clock: z.enum(['working', 'continuous']).default('working'),
  }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    slaTargetPolicy.authorize(ctx.actor, 'sla_target.set', org);
    if (org.kind !== 'client') throw new OpsdeskError('INVALID_INPUT', 'SLA targets belong to client organisations');
    const values = { orgId: org.id, severity: input.severity, minutes: input.minutes, clock: input.clock };
    await ctx.tx
      .insert(ticketResolutionTargets)
      .values(values)
      .onConflictDoUpdate({
        target: [ticketResolutionTargets.orgId, ticketResolutionTargets.severity],
        set: { minutes: input.minutes, clock: input.clock },
      });
    await ctx.record(ResolutionTargetEvents.resolutionTargetSet(org, values));
    return values;
  },
});

export interface ResolutionClockView {
  minutes: number;
  clock: 'working' | 'continuous';
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  pausedMinutes: number;
  warnedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
}

export interface SlaPauseView {
  pausedAt: Date;
  resumedAt: Date | null;
  pausedMinutes: number | null;
}

/** A ticket's resolution clock (null when no resolution target runs) and its pauses, oldest first. */
export const ticketSlaState = defineQuery({
  name: 'ticketSlaState',
  input: z.object({ ticketId: z.string().max(100) }),
  async run({ db, actor }, { ticketId }): Promise<{ resolution: ResolutionClockView | null; pauses: SlaPauseView[] }> {
    const ticket = await visibleTicket(db, actor, ticketId);
    const [clock] = await db.select().from(ticketResolutionClocks).where(eq(ticketResolutionClocks.ticketId, ticket.id));
    const pauses = await db
      .select({ pausedAt: ticketSlaPauses.pausedAt, resumedAt: ticketSlaPauses.resumedAt, pausedMinutes: ticketSlaPauses.pausedMinutes })
      .from(ticketSlaPauses)
      .where(eq(ticketSlaPauses.ticketId, ticket.id))
      .orderBy(asc(ticketSlaPauses.pausedAt));
    const resolution = clock ? (({ ticketId: _ticket, ...view }) => view)(clock) : null;
    return { resolution, pauses };
  },
});
