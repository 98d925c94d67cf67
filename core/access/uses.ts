/**
 * Every use of a grant is recorded, by the requester or a tool holding the requester's token, as
 * an audit event on the client's chain. A use outside an active grant by the grant's own holder is
 * refused, and the refusal is recorded on the same chain: the command commits the refusal and the
 * door then reports it as an error.
 *
 * Nobody writes onto a chain they may not act in: an actor who may not see the grant (another
 * client's people, the client's own contacts) or names none gets NOT_FOUND and nothing is written
 * anywhere. Someone who may see the grant without holding it (other provider staff, the client's
 * admins) is refused with FORBIDDEN on their own org's chain, as an attempt, not as a use of the
 * grant.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accessRequests, accessUses, type AccessRequestRow, type AccessUseRow } from '../../db/schema.ts';
import { providerMembership } from '../actor.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError, type ErrorCode } from '../errors.ts';
import { isUuid } from '../directory/lookups.ts';
import { canReadAccessOf, isRequester } from './policy.ts';

export interface AccessUseOutcome {
  /** The stored use, recorded or refused; null for an attempt by someone who does not hold the grant. */
  use: AccessUseRow | null;
  /** Set when the use was refused: what the door tells the caller. */
  refusal: { code: ErrorCode; message: string } | null;
}

/** For doors: the recorded use, or the refusal as an error (after it has been committed). */
export function useOrThrow(outcome: AccessUseOutcome): AccessUseRow {
  if (outcome.refusal) throw new OpsdeskError(outcome.refusal.code, outcome.refusal.message);
  return outcome.use!;
}

const grantNotFound = () => new OpsdeskError('NOT_FOUND', 'access grant not found');
const NOT_THE_HOLDER = { code: 'FORBIDDEN', message: 'only the person the access was granted to can use it' } as const;

/** Why the grant's holder may not use it now, or null when they may. */
function refusalFor(ctx: CommandContext, grant: AccessRequestRow): AccessUseOutcome['refusal'] {
  if (grant.status === 'PENDING') return { code: 'FORBIDDEN', message: 'this access has not been approved yet' };
  if (grant.status !== 'ACTIVE') return { code: 'FORBIDDEN', message: `this access is over (${grant.status}); request access anew` };
  // The expiry timer may not have fired yet; the grant's time is what counts.
  if (grant.expiresAt && grant.expiresAt <= ctx.now) {
    return { code: 'FORBIDDEN', message: `this access expired at ${grant.expiresAt.toISOString()}` };
  }
  return null;
}

/**
 * The chain of the org an actor who may see the grant, but does not hold it, acts in: provider
 * staff act in the provider's (null: provider-wide); a client admin in their own org's, which is
 * the grant's (they see no other org's grants).
 */
const chainOfBystander = (ctx: CommandContext, grant: AccessRequestRow): string | null =>
  providerMembership(ctx.actor) ? null : grant.orgId;

export const recordAccessUse = defineCommand({
  name: 'recordAccessUse',
  input: z.object({
    grantId: z.string().max(100),
    action: z.string().trim().min(1, 'say what was done').max(500, 'keep the action under 500 characters'),
    target: z.string().trim().min(1, 'say what it was done to').max(1000, 'keep the target under 1,000 characters'),
  }),
  async run(ctx, input): Promise<AccessUseOutcome> {
    if (ctx.actor.type !== 'person') throw new OpsdeskError('FORBIDDEN', 'a use of access is recorded by the person it was granted to');
    const [grant] = isUuid(input.grantId)
      ? await ctx.tx.select().from(accessRequests).where(eq(accessRequests.id, input.grantId)).for('share')
      : [];
    // Thrown, so the transaction writes nothing: not a row, not an event, on no chain.
    if (!grant || !canReadAccessOf(ctx.actor, grant.orgId)) throw grantNotFound();
    const attempt = { action: input.action, target: input.target, personId: ctx.actor.id };

    if (!isRequester(ctx.actor, grant)) {
      await ctx.record({
        orgId: chainOfBystander(ctx, grant),
        action: 'access.use_refused',
        subjectType: 'access_request',
        subjectId: grant.id,
        data: { ...attempt, requestId: grant.id, grantOrgId: grant.orgId, holder: false, reason: NOT_THE_HOLDER.message },
      });
      return { use: null, refusal: NOT_THE_HOLDER };
    }

    const refusal = refusalFor(ctx, grant);
    const [use] = await ctx.tx
      .insert(accessUses)
      .values({ requestId: grant.id, personId: ctx.actor.id, action: input.action, target: input.target, refusedBecause: refusal?.message ?? null, door: ctx.actor.door, createdAt: ctx.now })
      .returning();
    await ctx.record({
      orgId: grant.orgId,
      action: refusal ? 'access.use_refused' : 'access.used',
      subjectType: 'access_request',
      subjectId: grant.id,
      data: { ...attempt, useId: use!.id, requestId: grant.id, requesterId: grant.requesterId, status: grant.status, holder: true, reason: refusal?.message ?? null },
    });
    return { use: use!, refusal };
  },
});
