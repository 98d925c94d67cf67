/**
 * The closure mail: when the initiator has approved the closure, the initiator (only; a client admin
 * who approved in their place did not live through the ticket) is thanked and offered the rating,
 * with a link to the ticket in the console. The link names the ticket; the console's sign-in names
 * the person, and `rateTicket` lets only the initiator rate, once, so a forwarded mail rates nothing.
 */
import { emailAddresses } from '../../../core/directory/index.ts';
import { getTicket, TicketEvents, type TicketRow } from '../../../core/tickets/index.ts';
import type { EmailOutput, EmailRule } from '../types.ts';
import { htmlPage, link, para, textFooter, type Message } from '../kit.ts';

/** Where the console's ticket page offers the rating. */
export const ratingUrl = (consoleUrl: string, key: string) => `${consoleUrl}/tickets/${encodeURIComponent(key)}#rate`;

/** Pure: the ticket in, the message out. */
export function closureRatingMessage(ticket: Pick<TicketRow, 'key' | 'title'>, consoleUrl: string): Message {
  const url = ratingUrl(consoleUrl, ticket.key);
  const lead = `Your ticket ${ticket.key} (${ticket.title}) is closed. Thank you for approving the resolution.`;
  const ask = 'How was the support? Rate it from 1 to 5 and tell us what we could do better: it takes a minute.';
  return {
    subject: `[${ticket.key}] Ticket has been closed: ${ticket.title}`,
    text: [lead, '', ask, '', `Rate the support: ${url}`, '', textFooter(false)].join('\n'),
    html: htmlPage('Ticket has been closed', [para(lead), para(ask), `<p>${link(url, 'Rate the support')}</p>`], false),
  };
}

export const ticketRatingEmailRule: EmailRule = async (event, ctx) => {
  if (!TicketEvents.closed.is(event)) return [];
  const ticket = await ctx.read(getTicket, { id: event.subjectId });
  if (event.payload.approvedById !== ticket.initiatorId) return [];
  const to = (await ctx.read(emailAddresses, { personIds: [ticket.initiatorId], kind: 'ticket' })).get(ticket.initiatorId);
  if (!to) return [];
  const output: EmailOutput = { kind: 'ticket', to: { personId: ticket.initiatorId, name: to.name, address: to.address }, ...closureRatingMessage(ticket, ctx.consoleUrl) };
  return [output];
};
