/**
 * What Slack shows after an announcement event has committed:
 * - `announcement.delivered` (on an org's chain): a DM with the Acknowledge button to each of the
 *   org's recipients, the org's card in each of its `announcements` channels, and their App Home;
 * - `announcement.notified` (reminders, preview, window start/end, reschedule, cancel): a DM to each
 *   recipient named in the event, a line in the card's thread, the card re-rendered;
 * - `announcement.acknowledged`: the card re-rendered (who has acknowledged), the person's App Home;
 * - `compliance.digest_compiled`: the weekly digest in the provider's `support` channels.
 */
import { and, asc, eq } from 'drizzle-orm';
import { announcementRecipients, announcements, people } from '../../../db/schema.ts';
import { releaseById } from '../../../core/announcements/lookups.ts';
import { requireProviderOrg } from '../../../core/directory/lookups.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { linkedChannels, slackUsersOf } from '../notifier/lookups.ts';
import type { NotifierContext, NotifierRule, SlackOutput } from '../notifier/types.ts';
import { announcementDm, digestMessage, noticeDm, noticeText, orgCard, type DigestLine, type NoticeKind } from './presenters.ts';

export const cardKeyOf = (announcementId: string, orgId: string, channel: string) => `announcement:${announcementId}:org:${orgId}:${channel}`;

/** Notices after which the Acknowledge button still makes sense in the DM. */
const ASKS_FOR_ACKNOWLEDGEMENT = new Set<NoticeKind>(['reminder', 'acknowledgement_reminder', 'preview_opened', 'rescheduled']);
/** Notices after which nothing is left to acknowledge: App Home drops the announcement. */
const CLOSES = new Set<NoticeKind>(['cancelled', 'window_ended']);

export const announcementRule: NotifierRule = async (event, ctx) => {
  switch (event.type) {
    case 'announcement.delivered':
      return delivered(event, ctx);
    case 'announcement.notified':
      return notified(event, ctx);
    case 'announcement.acknowledged':
      return acknowledged(event, ctx);
    case 'compliance.digest_compiled':
      return digest(event, ctx);
    default:
      return [];
  }
};

async function loadState(ctx: NotifierContext, announcementId: string) {
  const [announcement] = await ctx.db.select().from(announcements).where(eq(announcements.id, announcementId));
  const release = announcement ? await releaseById(ctx.db, announcement.releaseId) : undefined;
  return announcement && release ? { announcement, release } : undefined;
}

async function cards(ctx: NotifierContext, announcementId: string, orgId: string, state: NonNullable<Awaited<ReturnType<typeof loadState>>>) {
  const channels = await linkedChannels(ctx.db, ctx.teamId, orgId, 'announcements');
  if (channels.length === 0) return [];
  const recipients = await ctx.db
    .select({ name: people.name, acknowledgedAt: announcementRecipients.acknowledgedAt })
    .from(announcementRecipients)
    .innerJoin(people, eq(people.id, announcementRecipients.personId))
    .where(and(eq(announcementRecipients.announcementId, announcementId), eq(announcementRecipients.orgId, orgId)))
    .orderBy(asc(people.name));
  const body = orgCard({
    announcementId,
    release: state.release,
    shortNotice: state.announcement.shortNotice,
    status: state.announcement.status,
    acknowledged: recipients.filter((r) => r.acknowledgedAt).map((r) => r.name),
    pending: recipients.filter((r) => !r.acknowledgedAt).map((r) => r.name),
  });
  return channels.map((channel): SlackOutput => ({ kind: 'card', cardKey: cardKeyOf(announcementId, orgId, channel), channel, ...body }));
}

async function delivered(event: DomainEvent, ctx: NotifierContext): Promise<SlackOutput[]> {
  const state = await loadState(ctx, event.subjectId);
  if (!state || !event.orgId) return [];
  const personIds = (event.payload.recipients as string[] | undefined) ?? [];
  const users = await slackUsersOf(ctx.db, ctx.teamId, personIds);
  const dm = announcementDm({ announcementId: event.subjectId, release: state.release, shortNotice: state.announcement.shortNotice });
  return [
    ...(await cards(ctx, event.subjectId, event.orgId, state)),
    ...[...users.values()].map((user): SlackOutput => ({ kind: 'post', channel: user, ...dm })),
    ...personIds.map((personId): SlackOutput => ({ kind: 'home', personId })),
  ];
}

async function notified(event: DomainEvent, ctx: NotifierContext): Promise<SlackOutput[]> {
  const state = await loadState(ctx, event.subjectId);
  if (!state || !event.orgId) return [];
  const notice = event.payload.notice as NoticeKind;
  const personIds = (event.payload.recipients as string[] | undefined) ?? [];
  const unacknowledged = await unacknowledgedOf(ctx, event.subjectId, event.orgId);
  const users = await slackUsersOf(ctx.db, ctx.teamId, personIds);
  const outputs: SlackOutput[] = [];
  const orgCards = await cards(ctx, event.subjectId, event.orgId, state);
  for (const card of orgCards) {
    outputs.push(card, { kind: 'post', threadOf: (card as { cardKey: string }).cardKey, text: noticeText(notice, state.release, event.payload) });
  }
  for (const [personId, user] of users) {
    const withButton = state.announcement.status === 'active' && ASKS_FOR_ACKNOWLEDGEMENT.has(notice) && unacknowledged.has(personId);
    outputs.push({ kind: 'post', channel: user, ...noticeDm(notice, state.release, event.payload, event.subjectId, withButton) });
  }
  if (CLOSES.has(notice)) outputs.push(...personIds.map((personId): SlackOutput => ({ kind: 'home', personId })));
  return outputs;
}

async function unacknowledgedOf(ctx: NotifierContext, announcementId: string, orgId: string): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ personId: announcementRecipients.personId, acknowledgedAt: announcementRecipients.acknowledgedAt })
    .from(announcementRecipients)
    .where(and(eq(announcementRecipients.announcementId, announcementId), eq(announcementRecipients.orgId, orgId)));
  return new Set(rows.filter((r) => !r.acknowledgedAt).map((r) => r.personId));
}

async function acknowledged(event: DomainEvent, ctx: NotifierContext): Promise<SlackOutput[]> {
  const state = await loadState(ctx, event.subjectId);
  if (!state || !event.orgId) return [];
  return [...(await cards(ctx, event.subjectId, event.orgId, state)), { kind: 'home', personId: String(event.payload.personId) }];
}

async function digest(event: DomainEvent, ctx: NotifierContext): Promise<SlackOutput[]> {
  const provider = await requireProviderOrg(ctx.db);
  const channels = await linkedChannels(ctx.db, ctx.teamId, provider.id, 'support');
  const body = digestMessage(Number(event.payload.overdue ?? 0), (event.payload.installations as DigestLine[] | undefined) ?? []);
  return channels.map((channel): SlackOutput => ({ kind: 'post', channel, ...body }));
}
