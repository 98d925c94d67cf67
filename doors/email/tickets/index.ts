/**
 * The tickets' part of the email door: a ticket's initiator whom Slack does not reach (no linked
 * Slack identity) hears by email that their ticket was received (with its key), that it awaits
 * their reply, and that it is resolved and asks them to approve or reopen. People in Slack hear it
 * in the ticket's thread instead. Read through core queries, as the email door.
 */
import { emailAddresses } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { getTicket, TicketEvents, type TicketRow } from '../../../core/tickets/index.ts';
import type { EmailContext, EmailOutput, EmailPart, EmailRule } from '../types.ts';
import { ticketUpdateMessage, type TicketUpdate } from './presenters.ts';

function updateOf(event: DomainEvent): TicketUpdate | undefined {
  if (TicketEvents.opened.is(event)) return 'received';
  if (TicketEvents.statusChanged.is(event)) {
    if (event.payload.to === 'AWAITING_CLIENT') return 'awaiting_reply';
    if (event.payload.to === 'RESOLVED') return 'resolved';
  }
  return undefined;
}

export const ticketEmailRule: EmailRule = async (event, ctx) => {
  const update = updateOf(event);
  if (!update) return [];
  const ticket: TicketRow = await ctx.read(getTicket, { id: event.subjectId });
  return toInitiator(ticket, update, ctx);
};

async function toInitiator(ticket: TicketRow, update: TicketUpdate, ctx: EmailContext): Promise<EmailOutput[]> {
  // Their choice for ticket updates (by default: email only when Slack does not reach them).
  const to = (await ctx.read(emailAddresses, { personIds: [ticket.initiatorId], kind: 'ticket' })).get(ticket.initiatorId);
  if (!to) return [];
  return [{ kind: 'ticket', to: { personId: ticket.initiatorId, name: to.name, address: to.address }, ...ticketUpdateMessage(update, ticket, ctx.consoleUrl) }];
}

const part: EmailPart = { rule: ticketEmailRule };
export default part;
