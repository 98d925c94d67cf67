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
import { z } from 'zod';
import { accessUses, type AccessRequestRow, type AccessUseRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError, type ErrorCode } from '../errors.ts';
import { AccessUseEvents } from './events.ts';
import { requestById } from './internal/lookups.ts';
import { accessPolicy, chainOfBystander } from './policy.ts';

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

/** The policy's refusal of a use by someone who does not hold the grant, in its own words. */
function notTheHolder(ctx: CommandContext, grant: AccessRequestRow): AccessUseOutcome['refusal'] {
  try {
    accessPolicy.authorize(ctx.actor, 'access.use', grant);
    return null;
  } catch (error) {
    if (error instanceof OpsdeskError) return { code: error.code, message: error.message };
    throw error;
  }
}

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

export const recordAccessUse = defineCommand({
  name: 'recordAccessUse',
  input: z.object({
    grantId: z.string().max(100),
    action: z.string().trim().min(1, 'say what was done').max(500, 'keep the action under 500 characters'),
    target: z.string().trim().min(1, 'say what it was done to').max(1000, 'keep the target under 1,000 characters'),
  }),
  async run(ctx, input): Promise<AccessUseOutcome> {
    if (ctx.actor.type !== 'person') throw new OpsdeskError('FORBIDDEN', 'a use of access is recorded by the person it was granted to');
    const grant = await requestById(ctx.tx, input.grantId, 'share');
    // Thrown, so the transaction writes nothing: not a row, not an event, on no chain.
    if (!grant || !accessPolicy.sees(ctx.actor, grant)) throw grantNotFound();
    const attempt = { action: input.action, target: input.target, personId: ctx.actor.id, requestId: grant.id };

    const bystander = notTheHolder(ctx, grant);
    if (bystander) {
      await ctx.record(
        AccessUseEvents.useRefused(
          { grantId: grant.id, chainOrgId: chainOfBystander(ctx.actor, grant) },
          { ...attempt, grantOrgId: grant.orgId, holder: false, reason: bystander.message },
        ),
      );
      return { use: null, refusal: bystander };
    }

    const refusal = refusalFor(ctx, grant);
    const [use] = await ctx.tx
      .insert(accessUses)
      .values({ requestId: grant.id, personId: ctx.actor.id, action: input.action, target: input.target, refusedBecause: refusal?.message ?? null, door: ctx.actor.door, createdAt: ctx.now })
      .returning();
    const recorded = { ...attempt, useId: use!.id, requesterId: grant.requesterId, status: grant.status, holder: true as const, reason: refusal?.message ?? null };
    const chain = { grantId: grant.id, chainOrgId: grant.orgId };
    await ctx.record(refusal ? AccessUseEvents.useRefused(chain, recorded) : AccessUseEvents.used(chain, recorded));
    return { use: use!, refusal };
  },
});
