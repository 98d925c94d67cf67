/**
 * The provider's list of people who may request production access ("only selected individuals").
 * Kept by the provider's admins; each change is audited on the provider's chain.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { accessEligibility, memberships, people } from '../../db/schema.ts';
import type { Actor, PersonActor } from '../actor.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderAdmin, isProviderStaff, isSystem } from '../policy.ts';
import { requireProviderOrg, uuidSchema } from '../directory/lookups.ts';

export async function isEligible(db: Queryable, personId: string): Promise<boolean> {
  const [row] = await db.select({ personId: accessEligibility.personId }).from(accessEligibility).where(eq(accessEligibility.personId, personId));
  return Boolean(row);
}

/** Only the provider's own people on the list may request access; doors ask before showing a form. */
export async function requireEligibleRequester(db: Queryable, actor: Actor): Promise<PersonActor> {
  if (actor.type !== 'person' || !isProviderStaff(actor)) {
    throw new OpsdeskError('FORBIDDEN', "production access is requested by the provider's own people");
  }
  if (!(await isEligible(db, actor.id))) {
    throw new OpsdeskError('FORBIDDEN', 'you are not on the list of people who may request production access; ask a provider admin');
  }
  return actor;
}

/** The list itself, for the provider's staff. */
export async function listEligible(db: Queryable, actor: Actor) {
  if (!(isSystem(actor) || isProviderStaff(actor))) {
    throw new OpsdeskError('FORBIDDEN', "only the provider's staff see who may request production access");
  }
  return db
    .select({ personId: people.id, name: people.name, email: people.email, addedAt: accessEligibility.createdAt })
    .from(accessEligibility)
    .innerJoin(people, eq(people.id, accessEligibility.personId))
    .orderBy(asc(people.name));
}

export const setAccessEligibility = defineCommand({
  name: 'setAccessEligibility',
  input: z.object({ personId: uuidSchema, eligible: z.boolean() }),
  async run(ctx, input) {
    if (!(isSystem(ctx.actor) || isProviderAdmin(ctx.actor))) {
      throw new OpsdeskError('FORBIDDEN', "only the provider's admins decide who may request production access");
    }
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
    await ctx.record({
      orgId: null,
      action: input.eligible ? 'access.eligibility_granted' : 'access.eligibility_removed',
      subjectType: 'person',
      subjectId: input.personId,
      data: { personId: input.personId, name: staff.name, eligible: input.eligible },
    });
    return { personId: input.personId, name: staff.name, eligible: input.eligible };
  },
});
