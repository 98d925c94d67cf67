/** The weekly compliance digest: every Monday, the overdue installations of every org, for the provider. */
import { DateTime } from 'luxon';
import type { CommandContext } from '../command.ts';
import type { TimerHandler } from '../timers/service.ts';
import { ComplianceEvents } from './events.ts';
import { complianceFromDatabase, orgNames } from './internal/compliance.ts';

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

/** Arming the same key again keeps one pending digest; the first installation report starts the cycle. */
export async function armDigest(ctx: CommandContext) {
  await ctx.schedule({ kind: DIGEST_TIMER, key: DIGEST_KEY, dueAt: nextDigestAt(ctx.now), payload: {} });
}

/** How many overdue installations a digest names; the count is always complete. */
const DIGEST_LIMIT = 100;

export const onDigestDue: TimerHandler = async (ctx) => {
  const overdue = await complianceFromDatabase(ctx.tx, ctx.now);
  const names = await orgNames(ctx.tx);
  await ctx.record(
    ComplianceEvents.digestCompiled('weekly', {
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
    }),
  );
  await armDigest(ctx);
};
