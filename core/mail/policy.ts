/**
 * Who may do what with inbound mail.
 *
 * - receive (tell which source a webhook's secret is, route a mail, quarantine one): only the email
 *   door's system actor, which has checked the source's secret or fetched the mail from the mailbox;
 * - take (a trusted mail becomes a ticket or a comment): only a person acting through the email
 *   door, whom the door recognised by a From address the receiving server vouched for; the ticket
 *   commands then decide as they do for every door;
 * - triage (list the quarantine, assign a quarantined mail to an org or a ticket, drop it): provider
 *   support staff (role `agent` or `admin`);
 * - manage (mail sources and their secrets): provider admins and the system (the CLI operator).
 *
 * Client people see nothing of the quarantine: NOT_FOUND, worded like a missing mail.
 */
import type { Actor } from '../actor.ts';
import { definePolicy, hasProviderRole, isProviderAdmin, isProviderStaff, isSystem } from '../policy.ts';

export interface MailSubject {
  readonly kind: 'mail source' | 'quarantined mail' | 'inbound mail';
}

export const MAIL_SOURCE: MailSubject = { kind: 'mail source' };
export const QUARANTINED_MAIL: MailSubject = { kind: 'quarantined mail' };
export const INBOUND_MAIL: MailSubject = { kind: 'inbound mail' };

export type MailAction = 'mail.receive' | 'mail.take' | 'mail.triage' | 'mail.manage';

const emailDoor = (actor: Actor) => actor.type === 'system' && actor.id === 'email' && actor.door === 'email';
const personByMail = (actor: Actor) => actor.type === 'person' && actor.door === 'email';

export const mailPolicy = definePolicy<MailSubject, MailAction>({
  sees: (actor, subject) => subject.kind === 'inbound mail' || isSystem(actor) || isProviderStaff(actor),
  notFound: (subject) => `${subject?.kind ?? 'mail'} not found`,
  rules: {
    'mail.receive': { allow: emailDoor, refusal: 'only the email door receives mail' },
    'mail.take': { allow: personByMail, refusal: 'only a mail from a vouched-for sender becomes a ticket or a comment' },
    'mail.triage': {
      allow: (actor) => isSystem(actor) || hasProviderRole(actor, 'agent', 'admin'),
      refusal: 'only support staff and provider admins may do this (triage quarantined mail)',
    },
    'mail.manage': { allow: (actor) => isSystem(actor) || isProviderAdmin(actor), refusal: 'only provider admins may do this (manage mail sources)' },
  },
});
