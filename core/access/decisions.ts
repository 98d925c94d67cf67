/**
 * Approving or denying a request. Who decides for which side is the policy's (`access.decide`):
 * the provider side through an access approver who is not the requester, the client side through
 * one of the org's admins. A denial by either side ends the request; the last required approval
 * starts the grant's clock.
 */
import { z } from 'zod';
import { accessDecisions, type AccessRequestRow, type Side } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { AccessEvents } from './events.ts';
import { activate, closeRequest, recordAccess, saveRequest } from './internal/lifecycle.ts';
import { requestById, requestForCommand } from './internal/lookups.ts';
import { ACCESS_DECISIONS } from './model.ts';
import { accessPolicy, decidingSide } from './policy.ts';

const approvedBy = (request: AccessRequestRow, side: Side) =>
  side === 'provider' ? request.providerApprovedById : request.clientApprovedById;

/** An extension that starts replaces the grant it extends. */
async function endExtendedGrant(ctx: CommandContext, grant: AccessRequestRow): Promise<void> {
  if (!grant.extendsRequestId) return;
  const old = await requestById(ctx.tx, grant.extendsRequestId, 'update');
  if (old?.status !== 'ACTIVE') return;
  await closeRequest(ctx, old, { status: 'ENDED', event: AccessEvents.ended, reason: 'replaced by its extension', data: { extendedBy: grant.id } });
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
    accessPolicy.authorize(ctx.actor, 'access.decide', request);
    const side = decidingSide(ctx.actor);
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
      return closeRequest(ctx, request, { status: 'DENIED', event: AccessEvents.denied, reason: comment, data: decision });
    }
    const approved = await saveRequest(ctx, request, side === 'provider' ? { providerApprovedById: ctx.actor.id } : { clientApprovedById: ctx.actor.id });
    await recordAccess(ctx, approved, AccessEvents.approved, decision);
    const complete = approved.providerApprovedById !== null && (!approved.clientApprovalRequired || approved.clientApprovedById !== null);
    if (!complete) return approved;
    const granted = await activate(ctx, approved);
    await endExtendedGrant(ctx, granted);
    return granted;
  },
});
