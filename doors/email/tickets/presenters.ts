/**
 * Mail about a ticket to its initiator or to a follower of the org's tickets, pure: the ticket in, a
 * message out. The initiator is asked to act ("your ticket ... please approve"); a follower is told
 * what happened and who is asked.
 */
import { SEVERITY_DEFINITIONS, STATUS_LABELS, type Severity, type TicketRow } from '../../../core/tickets/index.ts';
import { htmlPage, link, para, TEXT_FOOTER } from '../kit.ts';

export interface Message {
  subject: string;
  text: string;
  html: string;
}

export type TicketUpdate = 'received' | 'awaiting_reply' | 'resolved';

/** Who the message is for: the ticket's initiator, or a follower of the org's tickets (with the initiator's name when known). */
export type Audience = { as: 'initiator' } | { as: 'follower'; initiator: string | null };

const INITIATOR: Audience = { as: 'initiator' };
const opener = (audience: Audience) => (audience.as === 'follower' && audience.initiator ? audience.initiator : 'the person who opened it');
/** The same, at the start of a sentence. */
const Opener = (audience: Audience) => opener(audience).replace(/^the /, 'The ');
const FOLLOWING = 'You receive this because you follow your organisation’s tickets.';

const ticketUrl = (consoleUrl: string, key: string) => `${consoleUrl}/tickets/${encodeURIComponent(key)}`;

const SAYS: Record<TicketUpdate, (ticket: Pick<TicketRow, 'key' | 'title'>, audience: Audience) => { lead: string; ask: string; action: string }> = {
  received: (t, a) =>
    a.as === 'initiator'
      ? {
          lead: `We have received your ticket ${t.key}: ${t.title}.`,
          ask: `Its key is ${t.key}: use it when you contact us about it. You can follow it and answer in opsdesk.`,
          action: 'Open the ticket',
        }
      : { lead: `${Opener(a)} opened ticket ${t.key}: ${t.title}.`, ask: FOLLOWING, action: 'Open the ticket' },
  awaiting_reply: (t, a) =>
    a.as === 'initiator'
      ? { lead: `Your ticket ${t.key} (${t.title}) is awaiting your reply.`, ask: 'Please answer in opsdesk; we go on as soon as you reply.', action: 'Reply in opsdesk' }
      : { lead: `Ticket ${t.key} (${t.title}) is awaiting an answer from your organisation.`, ask: `Anyone of you can answer in opsdesk. ${FOLLOWING}`, action: 'Reply in opsdesk' },
  resolved: (t, a) =>
    a.as === 'initiator'
      ? {
          lead: `Your ticket ${t.key} (${t.title}) has been resolved.`,
          ask: 'Please approve the resolution to close it, or reopen it if the problem remains.',
          action: 'Approve or reopen',
        }
      : { lead: `Ticket ${t.key} (${t.title}) has been resolved.`, ask: `${Opener(a)} is asked to approve the resolution or reopen it. ${FOLLOWING}`, action: 'Open the ticket' },
};

const STATUS_OF: Record<TicketUpdate, keyof typeof STATUS_LABELS> = { received: 'RECEIVED', awaiting_reply: 'AWAITING_CLIENT', resolved: 'RESOLVED' };

export function ticketUpdateMessage(update: TicketUpdate, ticket: Pick<TicketRow, 'key' | 'title'>, consoleUrl: string, audience: Audience = INITIATOR): Message {
  const { lead, ask, action } = SAYS[update](ticket, audience);
  const url = ticketUrl(consoleUrl, ticket.key);
  const status = STATUS_LABELS[STATUS_OF[update]];
  return {
    subject: `[${ticket.key}] ${status}: ${ticket.title}`,
    text: [lead, '', ask, `${action}: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${ticket.key}: ${status}`, [para(lead), para(ask), `<p>${link(url, action)}</p>`]),
  };
}

/** A reminder that a resolved ticket awaits the initiator's approval (or reopening). */
export function closureReminderMessage(ticket: Pick<TicketRow, 'key' | 'title'>, days: number, consoleUrl: string, audience: Audience = INITIATOR): Message {
  const url = ticketUrl(consoleUrl, ticket.key);
  const ago = `${days} working day${days === 1 ? '' : 's'} ago`;
  const own = audience.as === 'initiator';
  const lead = own
    ? `Your ticket ${ticket.key} (${ticket.title}) was resolved ${ago} and awaits your approval.`
    : `Ticket ${ticket.key} (${ticket.title}) was resolved ${ago} and awaits the approval of ${opener(audience)}.`;
  const ask = own ? 'Please approve the resolution to close it, or reopen it if the problem remains.' : FOLLOWING;
  const action = own ? 'Approve or reopen' : 'Open the ticket';
  return {
    subject: `[${ticket.key}] Reminder: ${own ? 'please approve or reopen' : 'awaiting approval'}: ${ticket.title}`,
    text: [lead, '', ask, `${action}: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${ticket.key}: awaiting ${own ? 'your ' : ''}approval`, [para(lead), para(ask), `<p>${link(url, action)}</p>`]),
  };
}

/** A severity the provider proposed, awaiting the client's answer, with the seed's definition of the level. */
export function severityProposalMessage(
  ticket: Pick<TicketRow, 'key' | 'title'>,
  severity: Severity,
  counter: boolean,
  consoleUrl: string,
  audience: Audience = INITIATOR,
): Message {
  const url = ticketUrl(consoleUrl, ticket.key);
  const whose = audience.as === 'initiator' ? 'your ticket' : 'ticket';
  const lead = counter
    ? `We propose severity ${severity} instead for ${whose} ${ticket.key} (${ticket.title}).`
    : `We propose severity ${severity} for ${whose} ${ticket.key} (${ticket.title}).`;
  const definition = `${severity}: ${SEVERITY_DEFINITIONS[severity]}`;
  const ask = 'Please accept it or propose another level: the response time is counted from when we agree.';
  return {
    subject: `[${ticket.key}] Severity proposed: ${severity}: ${ticket.title}`,
    text: [lead, '', definition, '', ask, `Answer the proposal: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${ticket.key}: severity ${severity} proposed`, [para(lead), para(definition), para(ask), `<p>${link(url, 'Answer the proposal')}</p>`]),
  };
}
