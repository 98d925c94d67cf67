/** Installations report their running version; a weekly digest lists the overdue ones. */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { installations } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { requireOrg, uuidSchema } from '../directory/lookups.ts';
import { OpsdeskError } from '../errors.ts';
import { isMember } from '../policy.ts';
import type { TimerHandler } from '../timers/service.ts';
import { complianceFromDatabase, orgNames } from './compliance.ts';
import { versionSchema } from './lookups.ts';
import { authorizeComplianceRead } from './policy.ts';
import { orgPolicy } from '../directory/policy.ts';

export const DIGEST_TIMER = 'compliance.weekly_digest';
export const DIGEST_KEY = 'compliance:weekly-digest';
/** Every Monday at 08:00 in Stockholm (the provider's office hours), whatever the season's offset. */
export const DIGEST_ZONE = 'Europe/Stockholm';

export function nextDigestAt(now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: DIGEST_ZONE });
  let next = local.startOf('week').set({ hour: 8 }); // luxon weeks start on Monday
  if (next <= local) next = next.plus({ weeks: 1 });
  return next.toJSDate();
}

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
    const orgId = input.orgId ?? soleOrgOf(ctx.actor);
    const org = await requireOrg(ctx.tx, orgId);
    orgPolicy.authorize(ctx.actor, 'org.read', org);
    if (!isMember(ctx.actor, org)) throw new OpsdeskError('FORBIDDEN', 'installations report with a token of a person of their own org');
    const where = and(eq(installations.orgId, org.id), eq(installations.kind, input.kind), eq(installations.name, input.name));
    const [previous] = await ctx.tx.select().from(installations).where(where).for('update');
    const [row] = previous
      ? await ctx.tx.update(installations).set({ version: input.version, lastReportAt: ctx.now }).where(where).returning()
      : await ctx.tx
          .insert(installations)
          .values({ orgId: org.id, kind: input.kind, name: input.name, version: input.version, lastReportAt: ctx.now })
          .returning();
    await ctx.record({
      orgId: org.id,
      action: 'installation.reported',
      subjectType: 'installation',
      subjectId: row!.id,
      data: { kind: input.kind, name: input.name, version: input.version, previousVersion: previous?.version ?? null },
    });
    await armDigest(ctx);
    return row!;
  },
});

function soleOrgOf(actor: Actor): string {
  const orgs = actor.type === 'person' ? actor.memberships : [];
  if (orgs.length !== 1) throw new OpsdeskError('INVALID_INPUT', 'say which org the installation belongs to (orgId)', { fields: { orgId: 'required' } });
  return orgs[0]!.orgId;
}

/** Arming the same key again keeps one pending digest; the first installation report starts the cycle. */
async function armDigest(ctx: CommandContext) {
  await ctx.schedule({ kind: DIGEST_TIMER, key: DIGEST_KEY, dueAt: nextDigestAt(ctx.now), payload: {} });
}

/** How many overdue installations a digest names; the count is always complete. */
const DIGEST_LIMIT = 100;

export const onDigestDue: TimerHandler = async (ctx) => {
  const overdue = await complianceFromDatabase(ctx.tx, ctx.now);
  const names = await orgNames(ctx.tx);
  await ctx.record({
    orgId: null,
    action: 'compliance.digest_compiled',
    subjectType: 'compliance',
    subjectId: 'weekly',
    data: {
      asOf: ctx.now.toISOString(),
      overdue: overdue.length,
      installations: overdue.slice(0, DIGEST_LIMIT).map((e) => ({
        orgId: e.installation.orgId,
        orgName: names.get(e.installation.orgId) ?? null,
        kind: e.installation.kind,
        name: e.installation.name,
        version: e.installation.version,
        requiredVersion: e.requiredVersion,
        overdueDays: e.overdueDays,
      })),
    },
  });
  await armDigest(ctx);
};

export async function listInstallations(db: Queryable, actor: Actor, orgId: string) {
  const org = await requireOrg(db, orgId);
  orgPolicy.authorize(actor, 'org.read', org);
  return db.select().from(installations).where(eq(installations.orgId, org.id)).orderBy(installations.kind, installations.name);
}

export async function upgradeCompliance(db: Queryable, actor: Actor, orgId: string, asOf: Date) {
  const org = await requireOrg(db, orgId);
  authorizeComplianceRead(actor, org);
  return complianceFromDatabase(db, asOf, org.id);
}
