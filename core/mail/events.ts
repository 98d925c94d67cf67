/**
 * Inbound mail's domain events. The quarantine and the mail sources are the provider's business:
 * their events go on the provider's chain and are read by its staff only. A mail that becomes a
 * ticket or a comment records the tickets capability's own events (door `email`), nothing here.
 */
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { providerStaffOnly } from '../events/read-rules.ts';

const provider = (subjectType: string, subjectId: string) => ({ orgId: null, subjectType, subjectId });

export interface MailSourceNamed {
  name: string;
}

export interface MailQuarantined {
  messageId: string;
  source: string;
  sender: string;
  subject: string;
  reason: string;
  attachments: number;
}

export interface QuarantinedMailAssigned {
  messageId: string;
  orgId: string;
  ticketId: string;
  ticketKey: string;
  as: 'ticket' | 'comment';
}

export interface QuarantinedMailDropped {
  messageId: string;
  reason: string | null;
}

export const MailSourceEvents = eventFamily({
  prefix: 'mail_source',
  subject: (source: { id: string }) => provider('mail_source', source.id),
  read: providerStaffOnly,
  events: { created: payload<MailSourceNamed>(), secretRotated: payload<MailSourceNamed>() },
});

export const QuarantineEvents = eventFamily({
  prefix: 'mail',
  subject: (mail: { id: string }) => provider('quarantined_mail', mail.id),
  read: providerStaffOnly,
  events: {
    quarantined: payload<MailQuarantined>(),
    assigned: payload<QuarantinedMailAssigned>(),
    dropped: payload<QuarantinedMailDropped>(),
  },
});

export const MAIL_EVENTS = declarationsOf(MailSourceEvents, QuarantineEvents);
