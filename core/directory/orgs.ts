import { z } from 'zod';
import { apiTokens, memberships, orgs, people } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { OrgEvents } from './events.ts';
import { hashToken, newTokenSecret } from './internal/identity.ts';
import { orgBySlug } from './internal/lookups.ts';
import { emailSchema, nameSchema, slugSchema } from './model.ts';
import { orgPolicy, ANY_CLIENT_ORG } from './policy.ts';

/**
 * First start on an empty database: the provider org, a bootstrap admin and a one-time token.
 * Refuses with CONFLICT when the provider org exists, so of several instances starting together
 * exactly one bootstraps and the others carry on.
 */
export const bootstrapProvider = defineCommand({
  name: 'bootstrapProvider',
  input: z.object({
    orgName: nameSchema.default('Provider'),
    orgSlug: slugSchema.default('provider'),
    adminName: nameSchema.default('Bootstrap admin'),
    adminEmail: emailSchema.default('admin@opsdesk.invalid'),
    /** Runs before the chain exists: the caller passes the id the provider org will have. */
    providerOrgId: z.string().uuid(),
  }),
  async run(ctx, input) {
    // Serialise concurrent first starts: the partial unique index on kind='provider' makes the
    // second insert fail; ON CONFLICT turns that into "someone else did it".
    const inserted = await ctx.tx
      .insert(orgs)
      .values({ id: input.providerOrgId, kind: 'provider', name: input.orgName, slug: input.orgSlug })
      .onConflictDoNothing()
      .returning();
    const org = inserted[0];
    if (!org) throw new OpsdeskError('CONFLICT', 'the provider organisation already exists');
    const [admin] = await ctx.tx.insert(people).values({ name: input.adminName, email: input.adminEmail }).returning();
    await ctx.tx.insert(memberships).values({ personId: admin!.id, orgId: org.id, roles: ['admin'] });
    const secret = newTokenSecret();
    const [token] = await ctx.tx
      .insert(apiTokens)
      .values({ personId: admin!.id, label: 'bootstrap', tokenHash: hashToken(secret) })
      .returning();
    await ctx.record(
      OrgEvents.bootstrapped(org, { name: org.name, slug: org.slug, adminPersonId: admin!.id, adminEmail: admin!.email, tokenId: token!.id }),
    );
    return { orgId: org.id, adminPersonId: admin!.id, tokenId: token!.id, token: secret };
  },
});

export const createOrg = defineCommand({
  name: 'createOrg',
  input: z.object({ name: nameSchema, slug: slugSchema }),
  async run(ctx, input) {
    orgPolicy.authorize(ctx.actor, 'org.create', ANY_CLIENT_ORG);
    if (await orgBySlug(ctx.tx, input.slug)) {
      throw new OpsdeskError('CONFLICT', `an organisation with the slug "${input.slug}" already exists`);
    }
    const [org] = await ctx.tx.insert(orgs).values({ kind: 'client', name: input.name, slug: input.slug }).returning();
    // On the new org's own chain: its trail starts with its creation.
    await ctx.record(OrgEvents.created(org!, { name: org!.name, slug: org!.slug }));
    return org!;
  },
});

