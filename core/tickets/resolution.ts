/**
 * Resolution targets: a provider admin overrides an org's target per severity (what an Extended
 * Support agreement promises), and anyone who sees a ticket reads its resolution clock with the
 * pauses it had while the ticket awaited the client.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { ticketResolutionClocks, ticketResolutionTargets, ticketSlaPauses } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { defineQuery, readWithin } from '../query.ts';
import { OpsdeskError } from '../errors.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { SEVERITIES } from './model.ts';
import { slaTargetPolicy } from './policy.ts';
import { visibleTicket } from './internal/lookups.ts';
import { ticketsByIds } from './queries.ts';
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

export interface TicketSlaState {
  resolution: ResolutionClockView | null;
  pauses: SlaPauseView[];
}

/** The states of tickets already known to be visible, by ticket id: two reads for any number of tickets. */
async function slaStatesOf(db: Queryable, ticketIds: readonly string[]): Promise<Map<string, TicketSlaState>> {
  const states = new Map<string, TicketSlaState>(ticketIds.map((id) => [id, { resolution: null, pauses: [] }]));
  if (ticketIds.length === 0) return states;
  const clocks = await db.select().from(ticketResolutionClocks).where(inArray(ticketResolutionClocks.ticketId, [...ticketIds]));
  for (const { ticketId, ...view } of clocks) states.get(ticketId)!.resolution = view;
  const pauses = await db
    .select()
    .from(ticketSlaPauses)
    .where(inArray(ticketSlaPauses.ticketId, [...ticketIds]))
    .orderBy(asc(ticketSlaPauses.pausedAt));
  for (const { ticketId, pausedAt, resumedAt, pausedMinutes } of pauses) states.get(ticketId)!.pauses.push({ pausedAt, resumedAt, pausedMinutes });
  return states;
}

/** A ticket's resolution clock (null when no resolution target runs) and its pauses, oldest first. */
export const ticketSlaState = defineQuery({
  name: 'ticketSlaState',
  input: z.object({ ticketId: z.string().max(100) }),
  async run({ db, actor }, { ticketId }): Promise<TicketSlaState> {
    const ticket = await visibleTicket(db, actor, ticketId);
    return (await slaStatesOf(db, [ticket.id])).get(ticket.id)!;
  },
});

/** The same for many tickets at once (a list's field); tickets the actor cannot see are left out. */
export const ticketSlaStates = defineQuery({
  name: 'ticketSlaStates',
  input: z.object({ ticketIds: z.array(z.string().max(100)).max(1000) }),
  async run(ctx, { ticketIds }): Promise<Map<string, TicketSlaState>> {
    const visible = await readWithin(ctx, ticketsByIds, { ids: ticketIds });
    return slaStatesOf(ctx.db, visible.map((t) => t.id));
  },
});
