/**
 * The durable timers of an announcement and the notices they send. Timer keys are
 * `announcement:<id>:<what>`, so a reschedule moves them (same key) and a cancel drops them all.
 */
import { eq } from 'drizzle-orm';
import { announcements, releases, type AnnouncementRow, type ReleaseRow } from '../../db/schema.ts';
import type { CommandContext } from '../command.ts';
import type { TimerHandler } from '../timers/service.ts';
import { ACKNOWLEDGEMENT_NUDGE_MS, announcementById, offsetLabel, recipientsByOrg, releaseById } from './lookups.ts';

export const NOTICE_TIMER = 'announcement.notice';

/** What a notice tells the recipients; also `data.notice` of `announcement.notified`. */
export type Notice =
  | 'reminder'
  | 'acknowledgement_reminder'
  | 'preview_opened'
  | 'window_started'
  | 'window_ended'
  | 'rescheduled'
  | 'cancelled';

interface NoticePlan {
  key: string;
  dueAt: Date;
  notice: Notice;
  offsetMinutes?: number;
}

export const timerKeyPrefix = (announcementId: string) => `announcement:${announcementId}:`;

/** Every notice the announcement should send, with its due time, for the release's current window. */
export function planNotices(announcement: AnnouncementRow, release: ReleaseRow): NoticePlan[] {
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
export async function armNotices(ctx: CommandContext, announcement: AnnouncementRow, release: ReleaseRow): Promise<void> {
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
  announcement: AnnouncementRow,
  release: ReleaseRow,
  notice: Notice,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const byOrg = await recipientsByOrg(ctx.tx, announcement.id, notice === 'acknowledgement_reminder');
  const told = [...byOrg.values()].reduce((sum, personIds) => sum + personIds.length, 0);
  // The provider's chain first, then the orgs in id order: every command that writes to several
  // chains takes their locks in the same order, so two of them never wait for each other in a circle.
  await ctx.record({
    orgId: null,
    action: 'announcement.notices_sent',
    subjectType: 'announcement',
    subjectId: announcement.id,
    data: { notice, releaseId: release.id, version: release.version, orgs: byOrg.size, recipients: told, ...extra },
  });
  for (const [orgId, personIds] of byOrg) {
    await ctx.record({
      orgId,
      action: 'announcement.notified',
      subjectType: 'announcement',
      subjectId: announcement.id,
      data: { notice, releaseId: release.id, version: release.version, recipients: personIds, ...extra },
    });
  }
  return told;
}

/** A notice timer fired: send it, and move the release along at the window's start and end. */
export const onNoticeDue: TimerHandler = async (ctx, payload) => {
  const announcement = await announcementById(ctx.tx, String(payload.announcementId));
  if (!announcement || announcement.status !== 'active') return;
  const release = await releaseById(ctx.tx, announcement.releaseId);
  if (!release) return;
  const notice = payload.notice as Notice;
  const offsetMinutes = typeof payload.offsetMinutes === 'number' ? payload.offsetMinutes : undefined;
  if (notice === 'window_started') await setReleaseStatus(ctx, release, 'in_window', 'release.window_started');
  if (notice === 'window_ended') {
    await setReleaseStatus(ctx, release, 'completed', 'release.completed');
    await ctx.tx.update(announcements).set({ status: 'completed' }).where(eq(announcements.id, announcement.id));
  }
  await notifyOrgs(ctx, announcement, release, notice, offsetMinutes === undefined ? {} : { offset: offsetLabel(offsetMinutes) });
};

async function setReleaseStatus(ctx: CommandContext, release: ReleaseRow, status: ReleaseRow['status'], action: string) {
  await ctx.tx.update(releases).set({ status }).where(eq(releases.id, release.id));
  await ctx.record({
    orgId: null,
    action,
    subjectType: 'release',
    subjectId: release.id,
    data: { version: release.version, from: release.status, to: status },
  });
}
