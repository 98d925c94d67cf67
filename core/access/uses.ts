/**
 * Every use of a grant is recorded, by the requester or a tool holding the requester's token, as
 * an audit event on the client's chain. A use outside an active grant is refused, and the refusal
 * is recorded too: the command commits the refusal and the door then reports it as an error.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accessRequests, accessUses, type AccessRequestRow, type AccessUseRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError, type ErrorCode } from '../errors.ts';
import { isUuid } from '../directory/lookups.ts';
import { canReadAccessOf, isRequester } from './policy.ts';

export interface AccessUseOutcome {
  /** The stored use, recorded or refused; null when the grant does not exist (or is not the actor's to know of). */
  use: AccessUseRow | null;
  /** Set when the use was refused: what the door tells the caller. */
  refusal: { code: ErrorCode; message: string } | null;
}

/** For doors: the recorded use, or the refusal as an error (after it has been committed). */
export function useOrThrow(outcome: AccessUseOutcome): AccessUseRow {
  if (outcome.refusal) throw new OpsdeskError(outcome.refusal.code, outcome.refusal.message);
  return outcome.use!;
}

const GRANT_NOT_FOUND = { code: 'NOT_FOUND', message: 'access grant not found' } as const;

/** Why this actor may not use this grant now, or null when it may. */
function refusalFor(ctx: CommandContext, grant: AccessRequestRow): AccessUseOutcome['refusal'] {
  if (!isRequester(ctx.actor, grant)) {
    return { code: 'FORBIDDEN', message: 'only the person the access was granted to can use it' };
  }
  if (grant.status === 'PENDING') return { code: 'FORBIDDEN', message: 'this access has not been approved yet' };
  if (grant.status !== 'ACTIVE') return { code: 'FORBIDDEN', message: `this access is over (${grant.status}); request access anew` };
  // The expiry timer may not have fired yet; the grant's time is what counts.
  if (grant.expiresAt && grant.expiresAt <= ctx.now) {
    return { code: 'FORBIDDEN', message: `this access expired at ${grant.expiresAt.toISOString()}` };
  }
  return null;
}

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
    const attempt = { action: input.action, target: input.target, personId: ctx.actor.id };
    if (!grant) {
      // No client to tell: the attempt goes on the provider's chain.
      await ctx.record({ orgId: null, action: 'access.use_refused', subjectType: 'access_request', subjectId: input.grantId, data: { ...attempt, reason: GRANT_NOT_FOUND.message } });
      return { use: null, refusal: GRANT_NOT_FOUND };
    }
    const visible = canReadAccessOf(ctx.actor, grant.orgId);
    const refusal = visible ? refusalFor(ctx, grant) : GRANT_NOT_FOUND;
    const [use] = await ctx.tx
      .insert(accessUses)
      .values({ requestId: grant.id, personId: ctx.actor.id, action: input.action, target: input.target, refusedBecause: refusal?.message ?? null, door: ctx.actor.door, createdAt: ctx.now })
      .returning();
    // An attempt by someone who may not even see the grant is told to its org all the same.
    await ctx.record({
      orgId: grant.orgId,
      action: refusal ? 'access.use_refused' : 'access.used',
      subjectType: 'access_request',
      subjectId: grant.id,
      data: { ...attempt, useId: use!.id, requestId: grant.id, requesterId: grant.requesterId, status: grant.status, reason: refusal?.message ?? null },
    });
    return { use: visible ? use! : null, refusal };
  },
});
