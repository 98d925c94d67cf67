/**
 * Each client org's access policy: whether its own approval is required, or the provider's
 * suffices for URGENT incidents (the client is told at once); the longest grant; how long a
 * request may wait unanswered. Set by the org's contract admin or contract owner, and audited.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { accessPolicies } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';

import { requireOrg, uuidSchema } from '../directory/lookups.ts';
import {
  CLIENT_APPROVAL_RULES,
  DEFAULT_MAX_DURATION_MINUTES,
  DEFAULT_PENDING_TIMEOUT_MINUTES,
  HARD_MAX_DURATION_MINUTES,
  MAX_PENDING_TIMEOUT_MINUTES,
  MIN_DURATION_MINUTES,
  type ClientApprovalRule,
} from './model.ts';
import { canReadAccessOf, maySetAccessPolicy } from './policy.ts';
import { orgPolicy } from '../directory/policy.ts';

export interface AccessPolicy {
  orgId: string;
  clientApproval: ClientApprovalRule;
  maxDurationMinutes: number;
  pendingTimeoutMinutes: number;
  /** False while the org runs on the defaults. */
  isSet: boolean;
  updatedById: string | null;
  updatedAt: Date | null;
}

export async function accessPolicyFor(db: Queryable, orgId: string): Promise<AccessPolicy> {
  const [row] = await db.select().from(accessPolicies).where(eq(accessPolicies.orgId, orgId));
  if (row) return { ...row, isSet: true };
  return {
    orgId,
    clientApproval: 'required',
    maxDurationMinutes: DEFAULT_MAX_DURATION_MINUTES,
    pendingTimeoutMinutes: DEFAULT_PENDING_TIMEOUT_MINUTES,
    isSet: false,
    updatedById: null,
    updatedAt: null,
  };
}

/** The policy as its readers may see it: provider staff and the org's admins. */
export async function getAccessPolicy(db: Queryable, actor: Actor, orgId: string): Promise<AccessPolicy> {
  const org = await requireOrg(db, orgId);
  orgPolicy.authorize(actor, 'org.read', org);
  if (org.kind !== 'client' || !canReadAccessOf(actor, org.id)) {
    throw new OpsdeskError('FORBIDDEN', "only the provider's staff and the organisation's admins see its access policy");
  }
  return accessPolicyFor(db, org.id);
}

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
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'org.read', org);
    if (org.kind !== 'client') {
      throw new OpsdeskError('INVALID_INPUT', 'an access policy belongs to a client organisation', { fields: { orgId: 'not a client org' } });
    }
    if (!maySetAccessPolicy(ctx.actor, org.id)) {
      throw new OpsdeskError('FORBIDDEN', "only the organisation's contract admin or contract owner sets its access policy");
    }
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
    await ctx.record({
      orgId: org.id,
      action: 'access.policy_set',
      subjectType: 'org',
      subjectId: org.id,
      data: {
        before: { clientApproval: before.clientApproval, maxDurationMinutes: before.maxDurationMinutes, pendingTimeoutMinutes: before.pendingTimeoutMinutes },
        after,
      },
    });
    return { ...row!, isSet: true } satisfies AccessPolicy;
  },
});
