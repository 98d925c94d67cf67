/**
 * The durable timers of an announcement and the notices they send. Timer keys are
 * `announcement:<id>:<what>`, so a reschedule moves them (same key) and a cancel drops them all.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { announcements, releases } from '../../db/schema.ts';
import type { CommandContext } from '../command.ts';
import type { TimerHandler } from '../timers/service.ts';
import { AnnouncementEvents, ReleaseEvents, type NoticeDetails } from './events.ts';
import { announcementById, recipientsByOrg, releaseById } from './internal/lookups.ts';
import { ACKNOWLEDGEMENT_NUDGE_MS, NOTICES, offsetLabel, type Announcement, type Notice, type Release, type ReleaseStatus } from './model.ts';

export const NOTICE_TIMER = 'announcement.notice';

interface NoticePlan {
  key: string;
  dueAt: Date;
  notice: Notice;
  offsetMinutes?: number;
}

export const timerKeyPrefix = (announcementId: string) => `announcement:${announcementId}:`;

/** Every notice the announcement should send, with its due time, for the release's current window. */
export function planNotices(announcement: Announcement, release: Release): NoticePlan[] {
  const prefix = timerKeyPrefix(announcement.id);
  const plans: NoticePlan[] = announcement.reminderOffsets.map((minutes) => ({
    key: `${prefix}reminder:${offsetLabel(minutes)}`,
    dueAt: new Date(release.windowStart.getTime() - minutes * 60_000),
    notice: 'reminder',
    offsetMinutes: minutes,
  }));
  plans.push({
    key: `${prefix}acknowledgement-reminder`,
    dueAt: new Date(announcement.announcedAt.getTime() + ACKNOWLEDGEMENT_NUDGE_MS),
    notice: 'acknowledgement_reminder',
  });
  if (release.previewStart) plans.push({ key: `${prefix}preview-opened`, dueAt: release.previewStart, notice: 'preview_opened' });
  plans.push({ key: `${prefix}window-started`, dueAt: release.windowStart, notice: 'window_started' });
  plans.push({ key: `${prefix}window-ended`, dueAt: release.windowEnd, notice: 'window_ended' });
  return plans;
}

/**
 * Arm (or move) the notices still ahead; drop those whose time has passed, and the
 * acknowledgement reminder when it would come after the window has started.
 */
export async function armNotices(ctx: CommandContext, announcement: Announcement, release: Release): Promise<void> {
  for (const plan of planNotices(announcement, release)) {
    const tooLate = plan.dueAt <= ctx.now;
    const pointless = plan.notice === 'acknowledgement_reminder' && plan.dueAt >= release.windowStart;
    if (tooLate || pointless) {
      await ctx.cancelTimers(plan.key); // armed for an earlier window, perhaps
      continue;
    }
    await ctx.schedule({
      kind: NOTICE_TIMER,
      key: plan.key,
      dueAt: plan.dueAt,
      payload: { announcementId: announcement.id, notice: plan.notice, offsetMinutes: plan.offsetMinutes ?? null },
    });
  }
}

/**
 * Tell every org's recipients something about the announcement: one `announcement.notified` on each
 * org's chain (what the notifier turns into DMs and a channel post, and what the client's audit
 * export shows), and one summary on the provider's.
 */
export async function notifyOrgs(
  ctx: CommandContext,
  announcement: Announcement,
  release: Release,
  notice: Notice,
  details: NoticeDetails = {},
): Promise<number> {
  const byOrg = await recipientsByOrg(ctx.tx, announcement.id, notice === 'acknowledgement_reminder');
  const told = [...byOrg.values()].reduce((sum, personIds) => sum + personIds.length, 0);
  // The provider's chain first, then the orgs in id order: every command that writes to several
  // chains takes their locks in the same order, so two of them never wait for each other in a circle.
  await ctx.record(
    AnnouncementEvents.noticesSent(
      { announcementId: announcement.id, orgId: null },
      { notice, releaseId: release.id, version: release.version, orgs: byOrg.size, recipients: told, ...details },
    ),
  );
  for (const [orgId, personIds] of byOrg) {
    await ctx.record(
      AnnouncementEvents.notified(
        { announcementId: announcement.id, orgId },
        { notice, releaseId: release.id, version: release.version, recipients: personIds, ...details },
      ),
    );
  }
  return told;
}

/** What a notice timer carries (armed by `armNotices`). */
const noticeTimerPayload = z.object({
  announcementId: z.string(),
  notice: z.enum(NOTICES),
  offsetMinutes: z.number().int().nullish(),
});

/** A notice timer fired: send it, and move the release along at the window's start and end. */
export const onNoticeDue: TimerHandler = async (ctx, payload) => {
  const { announcementId, notice, offsetMinutes } = noticeTimerPayload.parse(payload);
  const announcement = await announcementById(ctx.tx, announcementId);
  if (!announcement || announcement.status !== 'active') return;
  const release = await releaseById(ctx.tx, announcement.releaseId);
  if (!release) return;
  if (notice === 'window_started') await moveRelease(ctx, release, 'in_window');
  if (notice === 'window_ended') {
    await moveRelease(ctx, release, 'completed');
    await ctx.tx.update(announcements).set({ status: 'completed' }).where(eq(announcements.id, announcement.id));
  }
  await notifyOrgs(ctx, announcement, release, notice, typeof offsetMinutes === 'number' ? { offset: offsetLabel(offsetMinutes) } : {});
};

async function moveRelease(ctx: CommandContext, release: Release, to: Extract<ReleaseStatus, 'in_window' | 'completed'>) {
  await ctx.tx.update(releases).set({ status: to }).where(eq(releases.id, release.id));
  const event = to === 'in_window' ? ReleaseEvents.windowStarted : ReleaseEvents.completed;
  await ctx.record(event(release, { version: release.version, from: release.status, to }));
}
