/**
 * The announcements' part of the email door. The seed: announcements "are sent by email to all
 * space administrators, space owners, contract administrators and contract owners"; so every
 * recipient with an email address gets them by email, whatever else reaches them:
 * - `announcement.delivered`: the announcement (change log, window, preview, where to acknowledge)
 *   with a calendar invitation for the service window (METHOD:REQUEST, SEQUENCE 0);
 * - `announcement.notified`: each notice to the people it names; a reschedule carries the updated
 *   invitation (same UID, higher SEQUENCE), a cancellation the cancelling one (METHOD:CANCEL).
 * Everything is read through core queries, as the email door.
 */
import {
  AnnouncementEvents,
  awaitsAcknowledgement,
  orgAnnouncement,
  type AnnouncementDelivered,
  type AnnouncementNotified,
  type OrgAnnouncementView,
} from '../../../core/announcements/index.ts';
import { emailAddresses } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { TypedEvent } from '../../../core/events/define.ts';
import type { EmailContext, EmailOutput, EmailPart, EmailRule } from '../types.ts';
import { announcementMessage, noticeMessage, windowInvitation } from './presenters.ts';

const ASKS_FOR_ACKNOWLEDGEMENT = new Set(['reminder', 'acknowledgement_reminder', 'preview_opened', 'rescheduled']);

const hasOrg = (event: DomainEvent): event is DomainEvent & { orgId: string } => event.orgId !== null;

const orgView = (event: DomainEvent & { orgId: string }, ctx: EmailContext): Promise<OrgAnnouncementView> =>
  ctx.read(orgAnnouncement, { announcementId: event.subjectId, orgId: event.orgId });

export const announcementEmailRule: EmailRule = async (event, ctx) => {
  if (AnnouncementEvents.delivered.is(event)) return delivered(event, ctx);
  if (AnnouncementEvents.notified.is(event)) return notified(event, ctx);
  return [];
};

async function delivered(event: TypedEvent<AnnouncementDelivered>, ctx: EmailContext): Promise<EmailOutput[]> {
  if (!hasOrg(event)) return [];
  const view = await orgView(event, ctx);
  const addresses = await ctx.read(emailAddresses, { personIds: event.payload.recipients });
  const message = announcementMessage(view, ctx.consoleUrl);
  const invitation = windowInvitation(view, 'REQUEST', ctx.consoleUrl);
  return event.payload.recipients.flatMap((personId): EmailOutput[] => {
    const to = addresses.get(personId);
    return to ? [{ kind: 'announcement', to: { personId, name: to.name, address: to.address }, ...message, invitation }] : [];
  });
}

async function notified(event: TypedEvent<AnnouncementNotified>, ctx: EmailContext): Promise<EmailOutput[]> {
  if (!hasOrg(event)) return [];
  const view = await orgView(event, ctx);
  const { notice } = event.payload;
  const addresses = await ctx.read(emailAddresses, { personIds: event.payload.recipients });
  const window =
    event.payload.windowStart && event.payload.windowEnd
      ? { start: new Date(event.payload.windowStart), end: new Date(event.payload.windowEnd) }
      : undefined;
  const invitation =
    notice === 'rescheduled'
      ? windowInvitation(view, 'REQUEST', ctx.consoleUrl, window)
      : notice === 'cancelled'
        ? windowInvitation(view, 'CANCEL', ctx.consoleUrl)
        : undefined;
  return event.payload.recipients.flatMap((personId): EmailOutput[] => {
    const to = addresses.get(personId);
    if (!to) return [];
    const asks = ASKS_FOR_ACKNOWLEDGEMENT.has(notice) && awaitsAcknowledgement(view, personId);
    const message = noticeMessage(notice, view, event.payload, ctx.consoleUrl, asks);
    return [{ kind: 'announcement', to: { personId, name: to.name, address: to.address }, ...message, ...(invitation ? { invitation } : {}) }];
  });
}

const part: EmailPart = { rule: announcementEmailRule };
export default part;
