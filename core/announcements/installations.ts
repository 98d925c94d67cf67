/** Installations report their running version (upKeeper); the weekly digest lists the overdue ones. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { installations } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { defineCommand } from '../command.ts';
import { orgById, uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { armDigest } from './digest.ts';
import { InstallationEvents } from './events.ts';
import { versionSchema } from './internal/lookups.ts';
import { orgUpgradesPolicy } from './policy.ts';

/**
 * Any member of the org may report its installations: the reporting agent runs with an API token
 * of a person (often a service account) of that org, and the report says nothing it could misuse.
 * Someone who is not a member is refused even if they can see the org (provider staff included).
 */
export const reportInstallation = defineCommand({
  name: 'reportInstallation',
  input: z.object({
    orgId: uuidSchema.optional(),
    kind: z.enum(['server', 'client', 'cloud']),
    name: z.string().trim().min(1, 'must not be empty').max(200),
    version: versionSchema,
  }),
  async run(ctx, input) {
    const org = orgUpgradesPolicy.visible(ctx.actor, await orgById(ctx.tx, input.orgId ?? soleOrgOf(ctx.actor)));
    orgUpgradesPolicy.authorize(ctx.actor, 'installation.report', org);
    const where = and(eq(installations.orgId, org.id), eq(installations.kind, input.kind), eq(installations.name, input.name));
    const [previous] = await ctx.tx.select().from(installations).where(where).for('update');
    const [row] = previous
      ? await ctx.tx.update(installations).set({ version: input.version, lastReportAt: ctx.now }).where(where).returning()
      : await ctx.tx
          .insert(installations)
          .values({ orgId: org.id, kind: input.kind, name: input.name, version: input.version, lastReportAt: ctx.now })
          .returning();
    await ctx.record(
      InstallationEvents.reported(row!, { kind: input.kind, name: input.name, version: input.version, previousVersion: previous?.version ?? null }),
    );
    await armDigest(ctx);
    return row!;
  },
});

/** A report that does not name its org is for the reporter's one org. */
function soleOrgOf(actor: Actor): string {
  const orgs = actor.type === 'person' ? actor.memberships : [];
  if (orgs.length !== 1) throw new OpsdeskError('INVALID_INPUT', 'say which org the installation belongs to (orgId)', { fields: { orgId: 'required' } });
  return orgs[0]!.orgId;
}
