/** Releases and their announcement: create, announce (the two-week rule), reschedule, cancel. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { announcementRecipients, announcements, releases } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import { AnnouncementEvents, ReleaseEvents } from './events.ts';
import { announcementOfRelease, audienceOf, lockRelease, versionSchema } from './internal/lookups.ts';
import { AUDIENCE_ROLES, DAY_MS, DEFAULT_REMINDER_OFFSETS, MINIMUM_NOTICE_MS, type Announcement, type Release } from './model.ts';
import { armNotices, notifyOrgs, timerKeyPrefix } from './notices.ts';
import { RELEASE_SCHEDULE, releasePolicy } from './policy.ts';

const previewSchema = z.object({
  start: instantSchema,
  end: instantSchema,
  url: z.string().trim().url().max(2000).refine((u) => /^https?:\/\//.test(u), 'an http(s) address'),
});

export const releaseInputSchema = z
  .object({
    version: versionSchema,
    title: z.string().trim().min(1, 'must not be empty').max(200),
    changeLog: z.string().trim().min(1, 'must not be empty').max(20_000),
    downtime: z.boolean().default(false),
    windowStart: instantSchema,
    windowEnd: instantSchema,
    preview: previewSchema.optional(),
    kind: z.enum(['regular', 'urgent']).default('regular'),
    urgentReason: z.string().trim().max(2000).optional(),
    /** The date the maintenance policy counts from; the window's start when left out. */
    releasedAt: instantSchema.optional(),
  })
  .superRefine((r, issues) => {
    if (r.windowEnd <= r.windowStart) issues.addIssue({ code: 'custom', path: ['windowEnd'], message: 'must be after windowStart' });
    if (r.preview && r.preview.end <= r.preview.start) issues.addIssue({ code: 'custom', path: ['preview', 'end'], message: 'must be after the preview start' });
    if (r.kind === 'urgent' && !r.urgentReason) issues.addIssue({ code: 'custom', path: ['urgentReason'], message: 'urgent maintenance needs a written reason' });
  });

const reminderOffsetsSchema = z
  .array(z.number().int().min(1).max(90 * 24 * 60))
  .max(10)
  .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a));

const announceInputSchema = z.object({
  releaseId: uuidSchema,
  /** Only these client orgs; every client org when left out. */
  orgIds: z.array(uuidSchema).min(1).max(10_000).optional(),
  /** Minutes before the window; defaults to 7 days, 1 day and 1 hour. */
  reminderOffsets: reminderOffsetsSchema.optional(),
});

/** Only product owners (and the operator) manage releases: asked before anything is read. */
const authorizeManagement = (ctx: CommandContext) => releasePolicy.authorize(ctx.actor, 'release.manage', RELEASE_SCHEDULE);

async function insertRelease(ctx: CommandContext, input: z.output<typeof releaseInputSchema>): Promise<Release> {
  const [existing] = await ctx.tx.select({ id: releases.id }).from(releases).where(eq(releases.version, input.version));
  if (existing) throw new OpsdeskError('CONFLICT', `version ${input.version} already has a release`);
  const [release] = await ctx.tx
    .insert(releases)
    .values({
      version: input.version,
      title: input.title,
      changeLog: input.changeLog,
      downtime: input.downtime,
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      previewStart: input.preview?.start ?? null,
      previewEnd: input.preview?.end ?? null,
      previewUrl: input.preview?.url ?? null,
      kind: input.kind,
      urgentReason: input.kind === 'urgent' ? input.urgentReason! : null,
      releasedAt: input.releasedAt ?? input.windowStart,
      createdBy: ctx.actor.type === 'person' ? ctx.actor.id : null,
    })
    .returning();
  await ctx.record(
    ReleaseEvents.created(release!, {
      version: release!.version,
      title: release!.title,
      kind: release!.kind,
      urgentReason: release!.urgentReason,
      downtime: release!.downtime,
      windowStart: release!.windowStart.toISOString(),
      windowEnd: release!.windowEnd.toISOString(),
      preview: input.preview ? { start: input.preview.start.toISOString(), end: input.preview.end.toISOString(), url: input.preview.url } : null,
    }),
  );
  return release!;
}

/** The two-week rule: regular releases need 14 days' notice; urgent maintenance goes out short. */
function checkNotice(release: Release, now: Date): { shortNotice: boolean } {
  const notice = release.windowStart.getTime() - now.getTime();
  if (notice <= 0) throw new OpsdeskError('INVALID_TRANSITION', 'the service window has already started; reschedule it first');
  if (notice >= MINIMUM_NOTICE_MS) return { shortNotice: false };
  if (release.kind === 'urgent') return { shortNotice: true };
  const days = (notice / DAY_MS).toFixed(1);
  throw new OpsdeskError(
    'INVALID_TRANSITION',
    `the window starts in ${days} days; announcements go out at least 14 days ahead unless the release is urgent maintenance with a written reason`,
  );
}

async function announce(
  ctx: CommandContext,
  release: Release,
  input: { orgIds?: string[]; reminderOffsets?: number[] },
): Promise<{ announcement: Announcement; orgs: number; recipients: number }> {
  if (release.status === 'cancelled') throw new OpsdeskError('INVALID_TRANSITION', 'this release is cancelled');
  if (await announcementOfRelease(ctx.tx, release.id)) throw new OpsdeskError('CONFLICT', `release ${release.version} is already announced`);
  const { shortNotice } = checkNotice(release, ctx.now);
  const audience = await audienceOf(ctx.tx, AUDIENCE_ROLES, input.orgIds);
  const [announcement] = await ctx.tx
    .insert(announcements)
    .values({
      releaseId: release.id,
      announcedBy: ctx.actor.id,
      announcedAt: ctx.now,
      shortNotice,
      reminderOffsets: input.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS,
      chosenOrgIds: input.orgIds ?? null,
    })
    .returning();
  // Chunked: a few thousand recipients must not exceed the driver's parameter limit.
  for (let i = 0; i < audience.length; i += 1000) {
    await ctx.tx.insert(announcementRecipients).values(
      audience.slice(i, i + 1000).map((m) => ({
        announcementId: announcement!.id,
        orgId: m.orgId,
        personId: m.personId,
        roles: m.roles,
        deliveredAt: ctx.now,
      })),
    );
  }
  await ctx.tx.update(releases).set({ status: 'announced' }).where(eq(releases.id, release.id));
  const orgs = new Set(audience.map((m) => m.orgId)).size;
  await ctx.record(
    ReleaseEvents.announced(release, {
      announcementId: announcement!.id,
      version: release.version,
      shortNotice,
      urgentReason: shortNotice ? release.urgentReason : null,
      orgs,
      recipients: audience.length,
      chosenOrgIds: input.orgIds ?? null,
      reminderOffsets: announcement!.reminderOffsets,
    }),
  );
  await notifyOrgsOfDelivery(ctx, announcement!, release, audience);
  await armNotices(ctx, announcement!, release);
  return { announcement: announcement!, orgs, recipients: audience.length };
}

/** `announcement.delivered` on each org's chain: what the org was told, and to whom it went. */
async function notifyOrgsOfDelivery(
  ctx: CommandContext,
  announcement: Announcement,
  release: Release,
  audience: Array<{ orgId: string; personId: string }>,
) {
  const byOrg = new Map<string, string[]>();
  for (const m of audience) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m.personId]);
  for (const [orgId, personIds] of byOrg) {
    await ctx.record(
      AnnouncementEvents.delivered(
        { announcementId: announcement.id, orgId },
        {
          releaseId: release.id,
          version: release.version,
          title: release.title,
          windowStart: release.windowStart.toISOString(),
          windowEnd: release.windowEnd.toISOString(),
          downtime: release.downtime,
          shortNotice: announcement.shortNotice,
          urgentReason: announcement.shortNotice ? release.urgentReason : null,
          recipients: personIds,
        },
      ),
    );
  }
}

export const createRelease = defineCommand({
  name: 'createRelease',
  input: releaseInputSchema,
  async run(ctx, input) {
    authorizeManagement(ctx);
    return insertRelease(ctx, input);
  },
});

export const announceRelease = defineCommand({
  name: 'announceRelease',
  input: announceInputSchema,
  async run(ctx, input) {
    authorizeManagement(ctx);
    const release = await lockRelease(ctx.tx, input.releaseId);
    return announce(ctx, release, input);
  },
});

/** The /announce modal: create the release and announce it in one transaction, or neither. */
export const createAndAnnounceRelease = defineCommand({
  name: 'createAndAnnounceRelease',
  input: z.object({
    release: releaseInputSchema,
    orgIds: announceInputSchema.shape.orgIds,
    reminderOffsets: announceInputSchema.shape.reminderOffsets,
  }),
  async run(ctx, input) {
    authorizeManagement(ctx);
    const release = await insertRelease(ctx, input.release);
    const announced = await announce(ctx, release, input);
    return { release: { ...release, status: 'announced' as const }, ...announced };
  },
});

export const rescheduleRelease = defineCommand({
  name: 'rescheduleRelease',
  input: z
    .object({
      releaseId: uuidSchema,
      windowStart: instantSchema,
      windowEnd: instantSchema,
      preview: previewSchema.nullable().optional(),
      reason: z.string().trim().max(2000).optional(),
    })
    .refine((r) => r.windowEnd > r.windowStart, { path: ['windowEnd'], message: 'must be after windowStart' }),
  async run(ctx, input) {
    authorizeManagement(ctx);
    const release = await lockRelease(ctx.tx, input.releaseId);
    if (release.status !== 'planned' && release.status !== 'announced') {
      throw new OpsdeskError('INVALID_TRANSITION', `a release that is ${release.status.replace('_', ' ')} cannot be rescheduled`);
    }
    if (input.windowStart <= ctx.now) throw new OpsdeskError('INVALID_INPUT', 'the new window must start in the future', { fields: { windowStart: 'in the past' } });
    const announcement = await announcementOfRelease(ctx.tx, release.id);
    // Postponing never shortens the notice anyone had; bringing an announced window forward is a new
    // short notice, so it obeys the two-week rule like an announcement does.
    const broughtForward = input.windowStart < release.windowStart;
    if (announcement && broughtForward) checkNotice({ ...release, windowStart: input.windowStart }, ctx.now);
    const preview = input.preview === undefined
      ? {}
      : { previewStart: input.preview?.start ?? null, previewEnd: input.preview?.end ?? null, previewUrl: input.preview?.url ?? null };
    const [updated] = await ctx.tx
      .update(releases)
      .set({ windowStart: input.windowStart, windowEnd: input.windowEnd, ...preview })
      .where(eq(releases.id, release.id))
      .returning();
    const change = {
      version: release.version,
      previous: { windowStart: release.windowStart.toISOString(), windowEnd: release.windowEnd.toISOString() },
      windowStart: updated!.windowStart.toISOString(),
      windowEnd: updated!.windowEnd.toISOString(),
      reason: input.reason ?? null,
    };
    await ctx.record(ReleaseEvents.rescheduled(release, change));
    if (announcement) {
      await notifyOrgs(ctx, announcement, updated!, 'rescheduled', change);
      await armNotices(ctx, announcement, updated!);
    }
    return updated!;
  },
});

export const cancelRelease = defineCommand({
  name: 'cancelRelease',
  input: z.object({ releaseId: uuidSchema, reason: z.string().trim().max(2000).optional() }),
  async run(ctx, input) {
    authorizeManagement(ctx);
    const release = await lockRelease(ctx.tx, input.releaseId);
    if (release.status === 'cancelled') throw new OpsdeskError('INVALID_TRANSITION', 'this release is already cancelled');
    if (release.status === 'completed') throw new OpsdeskError('INVALID_TRANSITION', 'this release is completed; it can no longer be cancelled');
    const [updated] = await ctx.tx.update(releases).set({ status: 'cancelled' }).where(eq(releases.id, release.id)).returning();
    const change = { version: release.version, from: release.status, reason: input.reason ?? null };
    await ctx.record(ReleaseEvents.cancelled(release, change));
    const announcement = await announcementOfRelease(ctx.tx, release.id);
    if (announcement) {
      await ctx.tx.update(announcements).set({ status: 'cancelled' }).where(eq(announcements.id, announcement.id));
      await ctx.cancelTimers(`${timerKeyPrefix(announcement.id)}*`);
      await notifyOrgs(ctx, announcement, updated!, 'cancelled', change);
    }
    return updated!;
  },
});
