/**
 * The mail capability (inbound): mail sources and their secrets, the road of a mail into a ticket
 * or a comment (as its trusted sender, through the email door), the quarantine staff triage, and
 * the pure rules the email door applies (trust, automatic mail, trimming).
 */
import { defineCapability } from '../capability.ts';
import { MAIL_EVENTS } from './events.ts';

export { MailSourceEvents, QuarantineEvents } from './events.ts';
export type * from './events.ts';
export { authenticateMailSource, createMailSource, rotateMailSourceSecret, type MailSourceView, type MailSourceWithSecret } from './sources.ts';
export { inboundMailSchema, mailBody, quarantineMail, routeMail, takeMail, titleOf, type InboundMail, type MailRoute } from './inbound.ts';
export { assignQuarantinedMail, dropQuarantinedMail, getQuarantinedMail, listQuarantine, type QuarantinedMailRow } from './quarantine.ts';
export * from './model.ts';

export const mail = defineCapability({ name: 'mail', events: MAIL_EVENTS });

export default mail;
