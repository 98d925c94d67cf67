/**
 * How a grant ends: the requester ends it early, an approver or admin revokes it, its ticket
 * closes, or its time runs out. Also the pending request nobody answers. Timers check that the
 * state they were armed for still holds, so each fires its effect at most once.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { accessRequests, type AccessRequestRow, type TicketRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import type { TimerHandler } from '../timers/service.ts';
import { closeRequest, recordAccess, saveRequest } from './lifecycle.ts';
import { formatDuration } from './model.ts';
import { isRequester, mayRevoke, requestForCommand } from './policy.ts';

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
    if (!isRequester(ctx.actor, grant)) {
      throw new OpsdeskError('FORBIDDEN', 'only the person holding the access ends it early; approvers and admins revoke it');
    }
    requireActive(grant, 'end');
    return closeRequest(ctx, grant, { status: 'ENDED', action: 'access.ended', reason: input.reason || 'ended early by the requester' });
  },
});

export const revokeAccess = defineCommand({
  name: 'revokeAccess',
  input: z.object({ requestId: z.string(), reason: z.string().trim().max(2000).optional() }),
  async run(ctx, input) {
    const grant = await requestForCommand(ctx.tx, ctx.actor, input.requestId);
    if (!mayRevoke(ctx.actor, grant)) {
      throw new OpsdeskError('FORBIDDEN', "only access approvers, the provider's admins and the organisation's admins revoke access");
    }
    requireActive(grant, 'revoke');
    return closeRequest(ctx, grant, {
      status: 'REVOKED',
      action: 'access.revoked',
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
  for (const request of open) {
    await closeRequest(
      ctx,
      request,
      request.status === 'ACTIVE'
        ? { status: 'ENDED', action: 'access.ended', reason, data: { ticketClosed: ticket.key } }
        : { status: 'CANCELLED', action: 'access.cancelled', reason, data: { ticketClosed: ticket.key } },
    );
  }
}

async function lockedRequest(ctx: CommandContext, requestId: unknown): Promise<AccessRequestRow | undefined> {
  const [request] = await ctx.tx.select().from(accessRequests).where(eq(accessRequests.id, String(requestId))).for('update');
  return request;
}

/** Still the grant the timer was armed for: active, with the same expiry. */
const sameGrant = (request: AccessRequestRow | undefined, expiresAt: unknown): request is AccessRequestRow =>
  request?.status === 'ACTIVE' && request.expiresAt?.toISOString() === expiresAt;

export const onPendingTimeout: TimerHandler = async (ctx, payload) => {
  const request = await lockedRequest(ctx, payload.requestId);
  if (request?.status !== 'PENDING') return;
  const waited = Math.round((ctx.now.getTime() - request.createdAt.getTime()) / 60_000);
  await closeRequest(ctx, request, {
    status: 'TIMED_OUT',
    action: 'access.timed_out',
    reason: `nobody answered within ${formatDuration(waited)}`,
  });
};

export const onExpiryWarning: TimerHandler = async (ctx, payload) => {
  const grant = await lockedRequest(ctx, payload.requestId);
  if (!sameGrant(grant, payload.expiresAt) || grant.warnedAt) return;
  const warned = await saveRequest(ctx, grant, { warnedAt: ctx.now });
  await recordAccess(ctx, warned, 'access.expiry_warned');
};

export const onExpiry: TimerHandler = async (ctx, payload) => {
  const grant = await lockedRequest(ctx, payload.requestId);
  if (!sameGrant(grant, payload.expiresAt)) return;
  await closeRequest(ctx, grant, { status: 'EXPIRED', action: 'access.expired', reason: 'its time ran out' });
};
