/**
 * The ticket commands. Each locks the ticket, checks the side and the transition, changes the
 * row, and records one event per change. A repeated action (a double click) finds the ticket
 * already changed and is refused with INVALID_TRANSITION, so it has no second effect.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, orgs, ticketComments, ticketCounters, ticketSlaTargets, tickets, type TicketRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { SEVERITIES, TICKET_KINDS, TICKET_STATUSES, PROVIDER_TRANSITIONS, STATUS_LABELS, otherSide, type Severity, type TicketStatus } from './model.ts';
import { sideOf, slaTargetPolicy, ticketPolicy } from './policy.ts';
import { lockTicket, withInitiatorMembership } from './internal/lookups.ts';
import { SlaTargetEvents, TicketEvents, type TicketSummary } from './events.ts';
import { cancelClosureReminders, scheduleClosureReminders, startSlaClock, stopSlaClock } from './internal/sla.ts';
import { orgPolicy } from '../directory/policy.ts';

const severitySchema = z.enum(SEVERITIES);
const titleSchema = z.string().trim().min(1, 'a ticket needs a title').max(200, 'keep the title under 200 characters');
const bodySchema = z.string().trim().min(1, 'must not be empty').max(20_000, 'keep it under 20,000 characters');

const invalidTransition = (message: string) => new OpsdeskError('INVALID_TRANSITION', message);

/** What every ticket event carries, so subscribers can show it without reading the row. */
export function ticketSummary(ticket: TicketRow): TicketSummary {
  return {
    key: ticket.key,
    status: ticket.status,
    severity: ticket.severity,
    proposedSeverity: ticket.proposedSeverity,
    proposedBySide: ticket.proposedBySide,
    assigneeId: ticket.assigneeId,
    slaDueAt: ticket.slaDueAt?.toISOString() ?? null,
  };
}

async function save(ctx: CommandContext, ticket: TicketRow, changes: Partial<TicketRow>): Promise<TicketRow> {
  const [updated] = await ctx.tx
    .update(tickets)
    .set({ ...changes, updatedAt: ctx.now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  return updated!;
}


/** The first provider action meets the response target: stamp it and stop the SLA clock. */
async function firstResponse(ctx: CommandContext, ticket: TicketRow): Promise<Partial<TicketRow>> {
  if (ticket.firstResponseAt) return {};
  await stopSlaClock(ctx, ticket.id);
  return { firstResponseAt: ctx.now };
}

function refuseWhenClosed(ticket: TicketRow, what: string): void {
  if (ticket.status === 'CLOSED') throw invalidTransition(`${ticket.key} is closed, so you cannot ${what}`);
}

export const openTicket = defineCommand({
  name: 'openTicket',
  input: z.object({
    orgId: uuidSchema,
    title: titleSchema,
    description: z.string().trim().max(20_000).default(''),
    kind: z.enum(TICKET_KINDS).default('incident'),
    proposedSeverity: severitySchema.optional(),
    /** A Slack view id or a client's request id: the same key never opens a second ticket. */
    idempotencyKey: z.string().min(1).max(200).optional(),
  }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'org.read', org);
    if (org.kind !== 'client') {
      throw new OpsdeskError('INVALID_INPUT', 'tickets belong to a client organisation; choose one', {
        fields: { orgId: 'not a client org' },
      });
    }
    if (ctx.actor.type !== 'person') throw new OpsdeskError('FORBIDDEN', 'a ticket is opened by a person');
    if (input.idempotencyKey) {
      const [existing] = await ctx.tx
        .select({ key: tickets.key })
        .from(tickets)
        .where(and(eq(tickets.orgId, org.id), eq(tickets.idempotencyKey, input.idempotencyKey)));
      if (existing) throw new OpsdeskError('CONFLICT', `this request already opened ${existing.key}`);
    }
    const [counter] = await ctx.tx
      .insert(ticketCounters)
      .values({ orgId: org.id, last: 1 })
      .onConflictDoUpdate({ target: ticketCounters.orgId, set: { last: sql`${ticketCounters.last} + 1` } })
      .returning();
    const number = counter!.last;
    const side = sideOf(ctx.actor);
    const [ticket] = await ctx.tx
      .insert(tickets)
      .values({
        orgId: org.id,
        number,
        key: `${org.slug.toUpperCase()}-${number}`,
        title: input.title,
        description: input.description,
        kind: input.kind,
        initiatorId: ctx.actor.id,
        proposedSeverity: input.proposedSeverity ?? null,
        proposedBySide: input.proposedSeverity ? side : null,
        proposedById: input.proposedSeverity ? ctx.actor.id : null,
        idempotencyKey: input.idempotencyKey ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await ctx.record(TicketEvents.opened(ticket!, {
      ...ticketSummary(ticket!),
      title: ticket!.title,
      kind: ticket!.kind,
      initiatorId: ticket!.initiatorId,
      side,
    }));
    if (input.proposedSeverity) {
      await ctx.record(TicketEvents.severityProposed(ticket!, { ...ticketSummary(ticket!), side, proposedById: ctx.actor.id }));
    }
    return ticket!;
  },
});

export const proposeSeverity = defineCommand({
  name: 'proposeSeverity',
  input: z.object({ ticketId: z.string(), severity: severitySchema }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    refuseWhenClosed(ticket, 'change its severity');
    const side = sideOf(ctx.actor);
    if (ticket.proposedSeverity === input.severity && ticket.proposedBySide === side) {
      throw invalidTransition(`${input.severity} is already proposed by the ${side}; waiting for the ${otherSide(side)} to answer`);
    }
    if (!ticket.proposedSeverity && ticket.severity === input.severity) {
      throw invalidTransition(`${ticket.key} is already agreed as ${input.severity}`);
    }
    const counter = ticket.proposedBySide !== null && ticket.proposedBySide !== side;
    // Proposing what the other side proposed is agreeing to it.
    if (counter && ticket.proposedSeverity === input.severity) return agree(ctx, ticket, side);
    const updated = await save(ctx, ticket, {
      proposedSeverity: input.severity,
      proposedBySide: side,
      proposedById: ctx.actor.id,
    });
    await ctx.record(TicketEvents.severityProposed(updated, {
      ...ticketSummary(updated),
      side,
      proposedById: ctx.actor.id,
      counterProposal: counter,
      previousProposal: ticket.proposedSeverity,
    }));
    return updated;
  },
});

export const acceptSeverity = defineCommand({
  name: 'acceptSeverity',
  input: z.object({
    ticketId: z.string(),
    /** The proposal the person saw; refused if it has changed since. */
    severity: severitySchema.optional(),
  }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    refuseWhenClosed(ticket, 'change its severity');
    if (!ticket.proposedSeverity || !ticket.proposedBySide) {
      throw invalidTransition(
        ticket.severity
          ? `${ticket.key} is already agreed as ${ticket.severity}; propose another severity to change it`
          : `nobody has proposed a severity for ${ticket.key} yet; propose one`,
      );
    }
    const side = sideOf(ctx.actor);
    if (ticket.proposedBySide === side) {
      throw new OpsdeskError(
        'FORBIDDEN',
        `the ${side} proposed ${ticket.proposedSeverity}; the ${otherSide(side)} must accept it (or you can propose another)`,
      );
    }
    if (input.severity && input.severity !== ticket.proposedSeverity) {
      throw invalidTransition(`the proposal is now ${ticket.proposedSeverity}, not ${input.severity}; look again before accepting`);
    }
    return agree(ctx, ticket, side);
  },
});

/** Both sides now hold the pending proposal: it becomes the severity and the clock starts again. */
async function agree(ctx: CommandContext, ticket: TicketRow, side: 'client' | 'provider'): Promise<TicketRow> {
  const severity = ticket.proposedSeverity as Severity;
  const dueAt = await startSlaClock(ctx, ticket, severity);
  const updated = await save(ctx, ticket, {
    severity,
    severityAgreedAt: ctx.now,
    proposedSeverity: null,
    proposedBySide: null,
    proposedById: null,
    slaDueAt: dueAt,
    slaWarnedAt: null,
    slaBreachedAt: null,
  });
  await ctx.record(TicketEvents.severityAgreed(updated, {
    ...ticketSummary(updated),
    previousSeverity: ticket.severity,
    proposedBySide: ticket.proposedBySide,
    acceptedById: ctx.actor.id,
    side,
  }));
  return updated;
}

export const assignTicket = defineCommand({
  name: 'assignTicket',
  input: z.object({
    ticketId: z.string(),
    /** Defaults to the person acting ("Take"). */
    assigneeId: uuidSchema.optional(),
  }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    ticketPolicy.authorize(ctx.actor, 'ticket.assign', ticket);
    refuseWhenClosed(ticket, 'assign it');
    const assigneeId = input.assigneeId ?? (ctx.actor.type === 'person' ? ctx.actor.id : undefined);
    if (!assigneeId) throw new OpsdeskError('INVALID_INPUT', 'name the assignee', { fields: { assigneeId: 'required' } });
    const [staff] = await ctx.tx
      .select({ roles: memberships.roles })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(and(eq(memberships.personId, assigneeId), eq(orgs.kind, 'provider')));
    if (!staff || staff.roles.length === 0) {
      throw new OpsdeskError('INVALID_INPUT', 'tickets are assigned to provider staff only', { fields: { assigneeId: 'not provider staff' } });
    }
    if (ticket.assigneeId === assigneeId) throw invalidTransition(`${ticket.key} is already assigned to that person`);
    // Taking a fresh ticket starts work on it: that is the first provider action.
    const starts = ticket.status === 'RECEIVED';
    const updated = await save(ctx, ticket, {
      assigneeId,
      ...(starts ? { status: 'IN_PROGRESS' as const, ...(await firstResponse(ctx, ticket)) } : {}),
    });
    await ctx.record(TicketEvents.assigned(updated, { ...ticketSummary(updated), previousAssigneeId: ticket.assigneeId }));
    if (starts) {
      await ctx.record(TicketEvents.statusChanged(updated, {
        ...ticketSummary(updated),
        from: ticket.status,
        to: updated.status,
        firstResponse: !ticket.firstResponseAt,
      }));
    }
    return updated;
  },
});

export const changeTicketStatus = defineCommand({
  name: 'changeTicketStatus',
  input: z.object({ ticketId: z.string(), status: z.enum(TICKET_STATUSES) }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    ticketPolicy.authorize(ctx.actor, 'ticket.move', ticket);
    const to = input.status as TicketStatus;
    if (to === 'CLOSED') {
      throw invalidTransition('a ticket is closed only when its initiator approves the resolution');
    }
    if (ticket.status === to) throw invalidTransition(`${ticket.key} is already "${STATUS_LABELS[to]}"`);
    if (!PROVIDER_TRANSITIONS[ticket.status].includes(to)) {
      throw invalidTransition(
        ticket.status === 'RESOLVED'
          ? `${ticket.key} is resolved: its initiator approves the closure or reopens it`
          : `${ticket.key} is "${STATUS_LABELS[ticket.status]}" and cannot move to "${STATUS_LABELS[to]}"`,
      );
    }
    const responded = await firstResponse(ctx, ticket);
    if (to === 'RESOLVED') await scheduleClosureReminders(ctx, ticket);
    const updated = await save(ctx, ticket, {
      status: to,
      ...responded,
      ...(to === 'RESOLVED' ? { resolvedAt: ctx.now } : {}),
    });
    await ctx.record(TicketEvents.statusChanged(updated, { ...ticketSummary(updated), from: ticket.status, to, firstResponse: Boolean(responded.firstResponseAt) }));
    return updated;
  },
});

export const commentOnTicket = defineCommand({
  name: 'commentOnTicket',
  input: z.object({
    ticketId: z.string(),
    body: bodySchema,
    /** Where the comment came from (a Slack message ts): the same one is taken once. */
    externalRef: z.string().min(1).max(100).optional(),
  }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    refuseWhenClosed(ticket, 'comment on it');
    if (ctx.actor.type !== 'person') throw new OpsdeskError('FORBIDDEN', 'comments are written by people');
    if (input.externalRef) {
      const [seen] = await ctx.tx
        .select({ id: ticketComments.id })
        .from(ticketComments)
        .where(and(eq(ticketComments.ticketId, ticket.id), eq(ticketComments.externalRef, input.externalRef)));
      if (seen) throw new OpsdeskError('CONFLICT', 'this message is already a comment on the ticket');
    }
    const side = sideOf(ctx.actor);
    const [comment] = await ctx.tx
      .insert(ticketComments)
      .values({
        ticketId: ticket.id,
        authorId: ctx.actor.id,
        side,
        body: input.body,
        door: ctx.actor.door,
        externalRef: input.externalRef ?? null,
        createdAt: ctx.now,
      })
      .returning();
    // A client's answer to "Awaiting your reply" puts the ticket back in the provider's hands.
    const clientAnswers = side === 'client' && ticket.status === 'AWAITING_CLIENT';
    const responded = side === 'provider' ? await firstResponse(ctx, ticket) : {};
    const updated = await save(ctx, ticket, { ...responded, ...(clientAnswers ? { status: 'IN_PROGRESS' as const } : {}) });
    await ctx.record(TicketEvents.commented(updated, {
      ...ticketSummary(updated),
      commentId: comment!.id,
      authorId: ctx.actor.id,
      authorName: ctx.actor.name,
      side,
      body: comment!.body,
      door: ctx.actor.door,
      externalRef: comment!.externalRef,
      firstResponse: Boolean(responded.firstResponseAt),
    }));
    if (clientAnswers) {
      await ctx.record(TicketEvents.statusChanged(updated, { ...ticketSummary(updated), from: ticket.status, to: 'IN_PROGRESS', byReply: true }));
    }
    return { ticket: updated, comment: comment! };
  },
});

export const approveClosure = defineCommand({
  name: 'approveClosure',
  input: z.object({ ticketId: z.string() }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    if (ticket.status !== 'RESOLVED') {
      throw invalidTransition(
        ticket.status === 'CLOSED' ? `${ticket.key} is already closed` : `${ticket.key} is not resolved yet, so there is no resolution to approve`,
      );
    }
    ticketPolicy.authorize(ctx.actor, 'ticket.approve_closure', await withInitiatorMembership(ctx.tx, ticket));
    await cancelClosureReminders(ctx, ticket.id);
    await stopSlaClock(ctx, ticket.id);
    const updated = await save(ctx, ticket, { status: 'CLOSED', closedAt: ctx.now });
    await ctx.record(TicketEvents.closed(updated, { ...ticketSummary(updated), from: 'RESOLVED', to: 'CLOSED', approvedById: ctx.actor.id }));
    return updated;
  },
});

export const reopenTicket = defineCommand({
  name: 'reopenTicket',
  input: z.object({ ticketId: z.string(), reason: z.string().trim().max(2000).optional() }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    if (ticket.status !== 'RESOLVED') {
      throw invalidTransition(
        ticket.status === 'CLOSED' ? `${ticket.key} is closed; open a new ticket instead` : `${ticket.key} is not resolved, so it is still open`,
      );
    }
    ticketPolicy.authorize(ctx.actor, 'ticket.reopen', await withInitiatorMembership(ctx.tx, ticket));
    await cancelClosureReminders(ctx, ticket.id);
    const updated = await save(ctx, ticket, { status: 'IN_PROGRESS', resolvedAt: null });
    await ctx.record(TicketEvents.reopened(updated, { ...ticketSummary(updated), from: 'RESOLVED', to: 'IN_PROGRESS', reason: input.reason ?? null }));
    return updated;
  },
});

/** The provider admin overrides an org's response target for one severity (new agreements use it). */
export const setSlaTarget = defineCommand({
  name: 'setSlaTarget',
  input: z.object({
    orgId: uuidSchema,
    severity: severitySchema,
    minutes: z.number().int().positive().max(525_600).nullable(),
    clock: z.enum(['working', 'continuous']).default('working'),
  }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    slaTargetPolicy.authorize(ctx.actor, 'sla_target.set', org);
    if (org.kind !== 'client') throw new OpsdeskError('INVALID_INPUT', 'SLA targets belong to client organisations');
    const values = { orgId: org.id, severity: input.severity, minutes: input.minutes, clock: input.clock };
    await ctx.tx
      .insert(ticketSlaTargets)
      .values(values)
      .onConflictDoUpdate({ target: [ticketSlaTargets.orgId, ticketSlaTargets.severity], set: { minutes: input.minutes, clock: input.clock } });
    await ctx.record(SlaTargetEvents.slaTargetSet(org, values));
    return values;
  },
});
