/**
 * How a grant ends before its time: the requester ends it early, an approver or admin revokes it,
 * or the ticket it serves closes (which also cancels the ticket's pending requests).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { accessRequests, type AccessRequestRow, type TicketRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { AccessEvents } from './events.ts';
import { closeRequest } from './internal/lifecycle.ts';
import { requestForCommand } from './internal/lookups.ts';
import { accessPolicy } from './policy.ts';

function requireActive(request: AccessRequestRow, what: string): void {
  if (request.status === 'ACTIVE') return;
  throw new OpsdeskError(
    'INVALID_TRANSITION',
    request.status === 'PENDING'
      ? `this request has not been granted yet, so there is nothing to ${what}`
      : `this access has ended already (${request.status})`,
  );
}

export const endAccess = defineCommand({
  name: 'endAccess',
  input: z.object({ requestId: z.string(), reason: z.string().trim().max(2000).optional() }),
  async run(ctx, input) {
    const grant = await requestForCommand(ctx.tx, ctx.actor, input.requestId);
    accessPolicy.authorize(ctx.actor, 'access.end', grant);
    requireActive(grant, 'end');
    return closeRequest(ctx, grant, { status: 'ENDED', event: AccessEvents.ended, reason: input.reason || 'ended early by the requester', data: {} });
  },
});

export const revokeAccess = defineCommand({
  name: 'revokeAccess',
  input: z.object({ requestId: z.string(), reason: z.string().trim().max(2000).optional() }),
  async run(ctx, input) {
    const grant = await requestForCommand(ctx.tx, ctx.actor, input.requestId);
    accessPolicy.authorize(ctx.actor, 'access.revoke', grant);
    requireActive(grant, 'revoke');
    return closeRequest(ctx, grant, {
      status: 'REVOKED',
      event: AccessEvents.revoked,
      reason: input.reason || null,
      data: { revokedById: ctx.actor.id, revokedByName: ctx.actor.name },
    });
  },
});

/**
 * A closed ticket no longer needs access: its grants end and its pending requests are cancelled,
 * in the closing command's own transaction.
 */
export async function endAccessForClosedTicket(ctx: CommandContext, ticket: Pick<TicketRow, 'id' | 'key'>): Promise<void> {
  const open = await ctx.tx
    .select()
    .from(accessRequests)
    .where(and(eq(accessRequests.ticketId, ticket.id), inArray(accessRequests.status, ['PENDING', 'ACTIVE'])))
    .for('update');
  const reason = `ticket ${ticket.key} was closed`;
  const data = { ticketClosed: ticket.key };
  for (const request of open) {
    await (request.status === 'ACTIVE'
      ? closeRequest(ctx, request, { status: 'ENDED', event: AccessEvents.ended, reason, data })
      : closeRequest(ctx, request, { status: 'CANCELLED', event: AccessEvents.cancelled, reason, data }));
  }
}
