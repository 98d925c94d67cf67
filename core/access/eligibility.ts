/**
 * The provider's list of people who may request production access ("only selected individuals").
 * Kept by the provider's admins; each change is audited on the provider's chain.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { accessEligibility, memberships, people } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { requireProviderOrg, uuidSchema } from '../directory/index.ts';
import { EligibilityEvents } from './events.ts';
import { eligibilityPolicy } from './policy.ts';

export const setAccessEligibility = defineCommand({
  name: 'setAccessEligibility',
  input: z.object({ personId: uuidSchema, eligible: z.boolean() }),
  async run(ctx, input) {
    eligibilityPolicy.authorize(ctx.actor, 'eligibility.set', null);
    const provider = await requireProviderOrg(ctx.tx);
    const [staff] = await ctx.tx
      .select({ name: people.name })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(and(eq(memberships.orgId, provider.id), eq(memberships.personId, input.personId)));
    if (!staff) {
      throw new OpsdeskError('INVALID_INPUT', "only the provider's own people can be allowed to request production access", {
        fields: { personId: 'not a member of the provider org' },
      });
    }
    const changed = input.eligible
      ? await ctx.tx
          .insert(accessEligibility)
          .values({ personId: input.personId, addedById: ctx.actor.type === 'person' ? ctx.actor.id : null, createdAt: ctx.now })
          .onConflictDoNothing()
          .returning()
      : await ctx.tx.delete(accessEligibility).where(eq(accessEligibility.personId, input.personId)).returning();
    if (changed.length === 0) {
      throw new OpsdeskError(
        'CONFLICT',
        input.eligible ? `${staff.name} may already request production access` : `${staff.name} is not on the list of who may request production access`,
      );
    }
    const result = { personId: input.personId, name: staff.name, eligible: input.eligible };
    const event = input.eligible ? EligibilityEvents.eligibilityGranted : EligibilityEvents.eligibilityRemoved;
    await ctx.record(event({ id: input.personId }, result));
    return result;
  },
});
