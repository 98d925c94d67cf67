/**
 * The incidents' part of the email door: each notice an org is told (an incident opened, updated or
 * resolved; a maintenance window scheduled, moved, cancelled, started or ended) goes by email to the
 * org's admins and owners the notice names (space admin, space owner, contract admin, contract
 * owner), whatever else reaches them, as announcements do. A window that comes from an announced
 * release is not mailed again: its announcement's own notices (with the calendar invitation) are.
 * The status page's email subscribers get the public notices (subscribers.ts).
 */
import { emailAddresses } from '../../../core/directory/index.ts';
import { IncidentNoticeEvents, MaintenanceNoticeEvents } from '../../../core/incidents/index.ts';
import type { EmailOutput, EmailPart, EmailRule } from '../types.ts';
import { incidentMessage, maintenanceMessage, type Message } from './presenters.ts';
import { statusSubscriberRule } from './subscribers.ts';

export const incidentEmailRule: EmailRule = async (event, ctx) => {
  let message: Message;
  let recipients: string[];
  if (IncidentNoticeEvents.sent.is(event)) {
    message = incidentMessage(event.payload, ctx.consoleUrl);
    recipients = event.payload.recipients;
  } else if (MaintenanceNoticeEvents.sent.is(event) && !event.payload.fromRelease) {
    message = maintenanceMessage(event.payload, ctx.consoleUrl);
    recipients = event.payload.recipients;
  } else return [];
  if (recipients.length === 0) return [];
  const addresses = await ctx.read(emailAddresses, { personIds: recipients });
  return recipients.flatMap((personId): EmailOutput[] => {
    const to = addresses.get(personId);
    return to ? [{ kind: 'incident', to: { personId, name: to.name, address: to.address }, ...message }] : [];
  });
};

const part: EmailPart = {
  // The orgs' admins and owners, and the status page's subscribers, each by their own rule.
  rule: async (event, ctx) => [...(await incidentEmailRule(event, ctx)), ...(await statusSubscriberRule(event, ctx))],
};
export default part;
