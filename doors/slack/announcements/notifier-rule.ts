/**
 * What Slack shows after an announcement event has committed:
 * - `announcement.delivered` (on an org's chain): a DM with the Acknowledge button to each of the
 *   org's recipients, the org's card in each of its `announcements` channels, and their App Home;
 * - `announcement.notified` (reminders, preview, window start/end, reschedule, cancel): a DM to each
 *   recipient named in the event, a line in the card's thread, the card re-rendered;
 * - `announcement.acknowledged`: the card re-rendered (who has acknowledged), the person's App Home;
 * - `compliance.digest_compiled`: the weekly digest in the provider's `support` channels.
 * Everything is read through core queries, as the notifier.
 */
import {
  AnnouncementEvents,
  awaitsAcknowledgement,
  ComplianceEvents,
  orgAnnouncement,
  type AnnouncementAcknowledged,
  type AnnouncementDelivered,
  type AnnouncementNotified,
  type DigestCompiled,
  type Notice,
  type OrgAnnouncementView,
} from '../../../core/announcements/index.ts';
import { linkedChannels, providerOrg, slackUsers } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { TypedEvent } from '../../../core/events/define.ts';
import type { CardOutput, NotifierContext, NotifierRule, SlackOutput } from '../notifier/types.ts';
import { announcementDm, digestMessage, noticeDm, noticeText, orgCard } from './presenters.ts';

const cardKeyOf = (announcementId: string, orgId: string, channel: string) => `announcement:${announcementId}:org:${orgId}:${channel}`;

/** Notices after which the Acknowledge button still makes sense in the DM. */
const ASKS_FOR_ACKNOWLEDGEMENT = new Set<Notice>(['reminder', 'acknowledgement_reminder', 'preview_opened', 'rescheduled']);
/** Notices after which nothing is left to acknowledge: App Home drops the announcement. */
const CLOSES = new Set<Notice>(['cancelled', 'window_ended']);

export const announcementRule: NotifierRule = async (event, ctx) => {
  if (AnnouncementEvents.delivered.is(event)) return delivered(event, ctx);
  if (AnnouncementEvents.notified.is(event)) return notified(event, ctx);
  if (AnnouncementEvents.acknowledged.is(event)) return acknowledged(event, ctx);
  if (ComplianceEvents.digestCompiled.is(event)) return digest(event, ctx);
  return [];
};

/** One org's side of the announcement the event is about, as it is now. */
const orgView = (event: DomainEvent & { orgId: string }, ctx: NotifierContext) =>
  ctx.read(orgAnnouncement, { announcementId: event.subjectId, orgId: event.orgId });

const hasOrg = (event: DomainEvent): event is DomainEvent & { orgId: string } => event.orgId !== null;

/** The org's card in each of its announcements channels. */
async function cards(ctx: NotifierContext, view: OrgAnnouncementView): Promise<CardOutput[]> {
  const channels = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: view.orgId, purpose: 'announcements' });
  const body = orgCard(view);
  return channels.map((channel) => ({ kind: 'card', cardKey: cardKeyOf(view.announcement.id, view.orgId, channel), channel, ...body }));
}

async function delivered(event: TypedEvent<AnnouncementDelivered>, ctx: NotifierContext): Promise<SlackOutput[]> {
  if (!hasOrg(event)) return [];
  const view = await orgView(event, ctx);
  const personIds = event.payload.recipients;
  const users = await ctx.read(slackUsers, { teamId: ctx.teamId, personIds });
  const dm = announcementDm(view);
  return [
    ...(await cards(ctx, view)),
    ...[...users.values()].map((user): SlackOutput => ({ kind: 'post', channel: user, ...dm })),
    ...personIds.map((personId): SlackOutput => ({ kind: 'home', personId })),
  ];
}

async function notified(event: TypedEvent<AnnouncementNotified>, ctx: NotifierContext): Promise<SlackOutput[]> {
  if (!hasOrg(event)) return [];
  const view = await orgView(event, ctx);
  const { notice, recipients: personIds } = event.payload;
  const users = await ctx.read(slackUsers, { teamId: ctx.teamId, personIds });
  const outputs: SlackOutput[] = [];
  for (const card of await cards(ctx, view)) {
    outputs.push(card, { kind: 'post', threadOf: card.cardKey, text: noticeText(notice, view.release, event.payload) });
  }
  for (const [personId, user] of users) {
    const withButton = ASKS_FOR_ACKNOWLEDGEMENT.has(notice) && awaitsAcknowledgement(view, personId);
    outputs.push({ kind: 'post', channel: user, ...noticeDm(notice, view, event.payload, withButton) });
  }
  if (CLOSES.has(notice)) outputs.push(...personIds.map((personId): SlackOutput => ({ kind: 'home', personId })));
  return outputs;
}

async function acknowledged(event: TypedEvent<AnnouncementAcknowledged>, ctx: NotifierContext): Promise<SlackOutput[]> {
  if (!hasOrg(event)) return [];
  return [...(await cards(ctx, await orgView(event, ctx))), { kind: 'home', personId: event.payload.personId }];
}

async function digest(event: TypedEvent<DigestCompiled>, ctx: NotifierContext): Promise<SlackOutput[]> {
  const provider = await ctx.read(providerOrg, {});
  const channels = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: provider.id, purpose: 'support' });
  const body = digestMessage(event.payload.overdue, event.payload.installations);
  return channels.map((channel): SlackOutput => ({ kind: 'post', channel, ...body }));
}
