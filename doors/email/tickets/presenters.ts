/** Mail about a ticket to its initiator, pure: the ticket in, a message out. */
import { SEVERITY_DEFINITIONS, STATUS_LABELS, type Severity, type TicketRow } from '../../../core/tickets/index.ts';
import { htmlPage, link, para, TEXT_FOOTER } from '../kit.ts';

export interface Message {
  subject: string;
  text: string;
  html: string;
}

export type TicketUpdate = 'received' | 'awaiting_reply' | 'resolved';

const ticketUrl = (consoleUrl: string, key: string) => `${consoleUrl}/tickets/${encodeURIComponent(key)}`;

const SAYS: Record<TicketUpdate, (ticket: Pick<TicketRow, 'key' | 'title'>) => { lead: string; ask: string; action: string }> = {
  received: (t) => ({
    lead: `We have received your ticket ${t.key}: ${t.title}.`,
    ask: `Its key is ${t.key}: use it when you contact us about it. You can follow it and answer in opsdesk.`,
    action: 'Open the ticket',
  }),
  awaiting_reply: (t) => ({
    lead: `Your ticket ${t.key} (${t.title}) is awaiting your reply.`,
    ask: 'Please answer in opsdesk; we go on as soon as you reply.',
    action: 'Reply in opsdesk',
  }),
  resolved: (t) => ({
    lead: `Your ticket ${t.key} (${t.title}) has been resolved.`,
    ask: 'Please approve the resolution to close it, or reopen it if the problem remains.',
    action: 'Approve or reopen',
  }),
};

const STATUS_OF: Record<TicketUpdate, keyof typeof STATUS_LABELS> = { received: 'RECEIVED', awaiting_reply: 'AWAITING_CLIENT', resolved: 'RESOLVED' };

export function ticketUpdateMessage(update: TicketUpdate, ticket: Pick<TicketRow, 'key' | 'title'>, consoleUrl: string): Message {
  const { lead, ask, action } = SAYS[update](ticket);
  const url = ticketUrl(consoleUrl, ticket.key);
  const status = STATUS_LABELS[STATUS_OF[update]];
  return {
    subject: `[${ticket.key}] ${status}: ${ticket.title}`,
    text: [lead, '', ask, `${action}: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${ticket.key}: ${status}`, [para(lead), para(ask), `<p>${link(url, action)}</p>`]),
  };
}

/** A reminder that a resolved ticket awaits the initiator's approval (or reopening). */
export function closureReminderMessage(ticket: Pick<TicketRow, 'key' | 'title'>, days: number, consoleUrl: string): Message {
  const url = ticketUrl(consoleUrl, ticket.key);
  const lead = `Your ticket ${ticket.key} (${ticket.title}) was resolved ${days} working day${days === 1 ? '' : 's'} ago and awaits your approval.`;
  const ask = 'Please approve the resolution to close it, or reopen it if the problem remains.';
  return {
    subject: `[${ticket.key}] Reminder: please approve or reopen: ${ticket.title}`,
    text: [lead, '', ask, `Approve or reopen: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${ticket.key}: awaiting your approval`, [para(lead), para(ask), `<p>${link(url, 'Approve or reopen')}</p>`]),
  };
}

/** A severity the provider proposed, awaiting the client's answer, with the seed's definition of the level. */
export function severityProposalMessage(ticket: Pick<TicketRow, 'key' | 'title'>, severity: Severity, counter: boolean, consoleUrl: string): Message {
  const url = ticketUrl(consoleUrl, ticket.key);
  const lead = counter
    ? `We propose severity ${severity} instead for your ticket ${ticket.key} (${ticket.title}).`
    : `We propose severity ${severity} for your ticket ${ticket.key} (${ticket.title}).`;
  const definition = `${severity}: ${SEVERITY_DEFINITIONS[severity]}`;
  const ask = 'Please accept it or propose another level: the response time is counted from when we agree.';
  return {
    subject: `[${ticket.key}] Severity proposed: ${severity}: ${ticket.title}`,
    text: [lead, '', definition, '', ask, `Answer the proposal: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${ticket.key}: severity ${severity} proposed`, [para(lead), para(definition), para(ask), `<p>${link(url, 'Answer the proposal')}</p>`]),
  };
}
