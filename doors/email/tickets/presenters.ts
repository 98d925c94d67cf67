/** Mail about a ticket to its initiator, pure: the ticket in, a message out. */
import { STATUS_LABELS, type TicketRow } from '../../../core/tickets/index.ts';
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
