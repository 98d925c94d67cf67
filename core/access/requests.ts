/**
 * Asking for production access, and taking the question back. A request names the client org,
 * the duty it serves (an open ticket of that org, or another contractual duty with a written
 * justification), the reason, the scope and the duration, within the org's policy.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { accessRequests, tickets, type AccessRequestRow, type TicketRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { AccessEvents } from './events.ts';
import { closeRequest, recordAccess, scheduleTimeout } from './internal/lifecycle.ts';
import { accessPolicyFor, requestForCommand, requireRequester } from './internal/lookups.ts';
import { HARD_MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from './model.ts';
import { accessOrgPolicy, accessPolicy } from './policy.ts';

const text = (what: string, max: number) =>
  z.string().trim().min(1, `say ${what}`).max(max, `keep ${what} under ${max.toLocaleString('en')} characters`);

const invalid = (field: string, message: string) => new OpsdeskError('INVALID_INPUT', message, { fields: { [field]: message } });

export const requestAccessInput = z.object({
  orgId: uuidSchema,
  /** The ticket the access serves: an open ticket of the org. */
  ticketId: uuidSchema.optional(),
  /** Instead of a ticket: the other contractual duty, in writing. */
  otherDutyJustification: z.string().trim().min(20, 'explain the contractual duty in at least 20 characters').max(2000).optional(),
  reason: text('why you need access', 2000),
  scope: text('which systems and data', 2000),
  durationMinutes: z
    .number()
    .int('whole minutes')
    .min(MIN_DURATION_MINUTES, `at least ${MIN_DURATION_MINUTES} minutes`)
    .max(HARD_MAX_DURATION_MINUTES, 'never more than 24 hours (1440 minutes)'),
  /** The grant this one extends: an extension is a new request, approved again. */
  extendsRequestId: uuidSchema.optional(),
  /** A Slack view id or a client's request id: the same key never files a second request. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** The ticket a request serves: one of the org's, and not closed. */
async function servedTicket(ctx: CommandContext, orgId: string, ticketId: string): Promise<TicketRow> {
  const [ticket] = await ctx.tx.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket || ticket.orgId !== orgId) throw invalid('ticketId', "that ticket is not one of this organisation's");
  if (ticket.status === 'CLOSED') throw invalid('ticketId', `${ticket.key} is closed; access serves open tickets only`);
  return ticket;
}

/** The grant being extended: the requester's own, still active, for the same org. */
async function extendedGrant(ctx: CommandContext, orgId: string, requestId: string): Promise<AccessRequestRow> {
  const old = await requestForCommand(ctx.tx, ctx.actor, requestId);
  if (old.orgId !== orgId || !accessPolicy.may(ctx.actor, 'access.extend', old)) throw invalid('extendsRequestId', 'you can only extend your own grant for this organisation');
  if (old.status !== 'ACTIVE') throw invalid('extendsRequestId', 'only an active grant can be extended; request access anew');
  return old;
}

export const requestAccess = defineCommand({
  name: 'requestAccess',
  input: requestAccessInput,
  async run(ctx, input) {
    const requester = await requireRequester(ctx.tx, ctx.actor);
    const org = accessOrgPolicy.visible(ctx.actor, await requireOrg(ctx.tx, input.orgId));
    if (org.kind !== 'client') throw invalid('orgId', "production access is to a client organisation's data; choose one");

    const old = input.extendsRequestId ? await extendedGrant(ctx, org.id, input.extendsRequestId) : undefined;
    // An extension serves the same duty as the grant it extends, unless it names its own.
    const ticketId = input.ticketId ?? (input.otherDutyJustification ? undefined : old?.ticketId ?? undefined);
    const justification = input.otherDutyJustification ?? (input.ticketId ? undefined : old?.otherDutyJustification ?? undefined);
    if (ticketId && justification) throw invalid('otherDutyJustification', 'name either the ticket or another contractual duty, not both');
    if (!ticketId && !justification) {
      throw invalid('ticketId', 'name the ticket this access serves, or mark it as another contractual duty and justify it in writing');
    }
    const ticket = ticketId ? await servedTicket(ctx, org.id, ticketId) : undefined;

    const policy = await accessPolicyFor(ctx.tx, org.id);
    if (input.durationMinutes > policy.maxDurationMinutes) {
      throw invalid('durationMinutes', `${org.name} allows at most ${policy.maxDurationMinutes} minutes of access at a time`);
    }
    // "Provider approval suffices for URGENT incidents": only for a ticket whose URGENT severity both sides agreed.
    const providerSuffices = policy.clientApproval === 'provider_for_urgent' && ticket?.severity === 'URGENT';

    if (input.idempotencyKey) {
      const [existing] = await ctx.tx
        .select({ id: accessRequests.id })
        .from(accessRequests)
        .where(and(eq(accessRequests.requesterId, requester.id), eq(accessRequests.idempotencyKey, input.idempotencyKey)));
      if (existing) throw new OpsdeskError('CONFLICT', 'this request was already submitted');
    }
    const [request] = await ctx.tx
      .insert(accessRequests)
      .values({
        orgId: org.id,
        requesterId: requester.id,
        ticketId: ticket?.id ?? null,
        otherDutyJustification: justification ?? null,
        reason: input.reason,
        scope: input.scope,
        durationMinutes: input.durationMinutes,
        extendsRequestId: old?.id ?? null,
        clientApprovalRequired: !providerSuffices,
        pendingUntil: new Date(ctx.now.getTime() + policy.pendingTimeoutMinutes * 60_000),
        idempotencyKey: input.idempotencyKey ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await scheduleTimeout(ctx, request!);
    await recordAccess(ctx, request!, AccessEvents.requested, {
      ticketKey: ticket?.key ?? null,
      ticketSeverity: ticket?.severity ?? null,
      otherDutyJustification: justification ?? null,
      requesterName: requester.name,
    });
    return request!;
  },
});

export const cancelAccessRequest = defineCommand({
  name: 'cancelAccessRequest',
  input: z.object({ requestId: z.string(), reason: z.string().trim().max(2000).optional() }),
  async run(ctx, input) {
    const request = await requestForCommand(ctx.tx, ctx.actor, input.requestId);
    accessPolicy.authorize(ctx.actor, 'access.cancel', request);
    if (request.status !== 'PENDING') {
      throw new OpsdeskError(
        'INVALID_TRANSITION',
        request.status === 'ACTIVE' ? 'this request was granted already; end the access instead' : `this request is ${request.status.toLowerCase().replace('_', ' ')} already`,
      );
    }
    return closeRequest(ctx, request, { status: 'CANCELLED', event: AccessEvents.cancelled, reason: input.reason || null, data: {} });
  },
});
