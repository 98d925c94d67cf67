/**
 * Approving or denying a request. The provider side decides through an `access_approver` who is
 * not the requester; the client side through its contract admin, contract owner or space admin.
 * A denial by either side ends the request; the last required approval starts the grant's clock.
 */
import { z } from 'zod';
import { accessDecisions, accessRequests, type AccessRequestRow, type Side } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderStaff, isSystem } from '../policy.ts';
import { activate, closeRequest, recordAccess, saveRequest } from './lifecycle.ts';
import { ACCESS_DECISIONS } from './model.ts';
import { isAccessApprover, isClientApproverOf, isRequester, requestForCommand } from './policy.ts';

/** The side an actor decides for, or why it may not decide at all. */
function decidingSide(actor: Actor, request: AccessRequestRow): Side {
  if (isSystem(actor)) throw new OpsdeskError('FORBIDDEN', 'access is approved by people, not by opsdesk itself');
  if (isRequester(actor, request)) {
    throw new OpsdeskError('FORBIDDEN', 'you cannot decide on your own request; another approver must');
  }
  if (isProviderStaff(actor)) {
    if (!isAccessApprover(actor)) throw new OpsdeskError('FORBIDDEN', "only the provider's access approvers decide on production access");
    return 'provider';
  }
  if (isClientApproverOf(actor, request.orgId)) return 'client';
  throw new OpsdeskError('FORBIDDEN', "only the organisation's contract admin, contract owner or space admin decides on access to its data");
}

const approvedBy = (request: AccessRequestRow, side: Side) =>
  side === 'provider' ? request.providerApprovedById : request.clientApprovedById;

/** An extension that starts replaces the grant it extends. */
async function endExtendedGrant(ctx: CommandContext, grant: AccessRequestRow): Promise<void> {
  if (!grant.extendsRequestId) return;
  const [old] = await ctx.tx.select().from(accessRequests).where(eq(accessRequests.id, grant.extendsRequestId)).for('update');
  if (old?.status !== 'ACTIVE') return;
  await closeRequest(ctx, old, { status: 'ENDED', action: 'access.ended', reason: 'replaced by its extension', data: { extendedBy: grant.id } });
}

export const decideAccess = defineCommand({
  name: 'decideAccess',
  input: z.object({
    requestId: z.string(),
    decision: z.enum(ACCESS_DECISIONS),
    comment: z.string().trim().max(2000, 'keep the comment under 2,000 characters').optional(),
  }),
  async run(ctx, input) {
    const request = await requestForCommand(ctx.tx, ctx.actor, input.requestId);
    const side = decidingSide(ctx.actor, request);
    if (request.status !== 'PENDING') {
      throw new OpsdeskError('INVALID_TRANSITION', `this request is no longer waiting for a decision (it is ${request.status})`);
    }
    if (approvedBy(request, side)) {
      throw new OpsdeskError('INVALID_TRANSITION', `the ${side} side has approved this request already`);
    }
    const comment = input.comment || null;
    await ctx.tx.insert(accessDecisions).values({
      requestId: request.id,
      side,
      decision: input.decision,
      deciderId: ctx.actor.id,
      comment,
      door: ctx.actor.door,
      createdAt: ctx.now,
    });
    const decision = { side, deciderId: ctx.actor.id, deciderName: ctx.actor.name, comment };
    if (input.decision === 'DENY') {
      return closeRequest(ctx, request, { status: 'DENIED', action: 'access.denied', reason: comment, data: decision });
    }
    const approved = await saveRequest(ctx, request, side === 'provider' ? { providerApprovedById: ctx.actor.id } : { clientApprovedById: ctx.actor.id });
    await recordAccess(ctx, approved, 'access.approved', decision);
    const complete = approved.providerApprovedById !== null && (!approved.clientApprovalRequired || approved.clientApprovedById !== null);
    if (!complete) return approved;
    const granted = await activate(ctx, approved);
    await endExtendedGrant(ctx, granted);
    return granted;
  },
});
