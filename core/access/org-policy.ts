/**
 * Each client org's access policy: whether its own approval is required, or the provider's
 * suffices for URGENT incidents (the client is told at once); the longest grant; how long a
 * request may wait unanswered. Set by the org's contract admin or contract owner, and audited.
 */
import { z } from 'zod';
import { accessPolicies } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { AccessPolicyEvents } from './events.ts';
import { accessPolicyFor, type AccessPolicy } from './internal/lookups.ts';
import { CLIENT_APPROVAL_RULES, HARD_MAX_DURATION_MINUTES, MAX_PENDING_TIMEOUT_MINUTES, MIN_DURATION_MINUTES } from './model.ts';
import { accessOrgPolicy } from './policy.ts';

export const setAccessPolicy = defineCommand({
  name: 'setAccessPolicy',
  input: z
    .object({
      orgId: uuidSchema,
      clientApproval: z.enum(CLIENT_APPROVAL_RULES).optional(),
      maxDurationMinutes: z
        .number()
        .int()
        .min(MIN_DURATION_MINUTES, `at least ${MIN_DURATION_MINUTES} minutes`)
        .max(HARD_MAX_DURATION_MINUTES, 'never more than 24 hours (1440 minutes)')
        .optional(),
      pendingTimeoutMinutes: z.number().int().min(5, 'at least 5 minutes').max(MAX_PENDING_TIMEOUT_MINUTES, 'at most 24 hours').optional(),
    })
    .refine((input) => Object.keys(input).length > 1, { message: 'name at least one setting to change', path: ['(input)'] }),
  async run(ctx, input): Promise<AccessPolicy> {
    const org = accessOrgPolicy.visible(ctx.actor, await requireOrg(ctx.tx, input.orgId));
    if (org.kind !== 'client') {
      throw new OpsdeskError('INVALID_INPUT', 'an access policy belongs to a client organisation', { fields: { orgId: 'not a client org' } });
    }
    accessOrgPolicy.authorize(ctx.actor, 'access_policy.set', org);
    const before = await accessPolicyFor(ctx.tx, org.id);
    const after = {
      clientApproval: input.clientApproval ?? before.clientApproval,
      maxDurationMinutes: input.maxDurationMinutes ?? before.maxDurationMinutes,
      pendingTimeoutMinutes: input.pendingTimeoutMinutes ?? before.pendingTimeoutMinutes,
    };
    const [row] = await ctx.tx
      .insert(accessPolicies)
      .values({ orgId: org.id, ...after, updatedById: ctx.actor.id, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: accessPolicies.orgId, set: { ...after, updatedById: ctx.actor.id, updatedAt: ctx.now } })
      .returning();
    await ctx.record(
      AccessPolicyEvents.policySet(org, {
        before: { clientApproval: before.clientApproval, maxDurationMinutes: before.maxDurationMinutes, pendingTimeoutMinutes: before.pendingTimeoutMinutes },
        after,
      }),
    );
    return { ...row!, isSet: true };
  },
});
