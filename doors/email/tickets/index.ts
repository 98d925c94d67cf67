/**
 * The tickets' part of the email door: a ticket's initiator who wants ticket updates by email (their
 * channel choice; by default when Slack does not reach them) hears that their ticket was received
 * (with its key), that it awaits their reply, that it is resolved and asks them to approve or
 * reopen, the closure reminders while it stays resolved, and a severity proposed by the provider
 * that awaits their answer. People who chose Slack hear it in the ticket's thread instead. Read
 * through core queries, as the email door.
 */
import { emailAddresses } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { getTicket, TicketEvents, type TicketRow } from '../../../core/tickets/index.ts';
import type { EmailContext, EmailOutput, EmailPart, EmailRule } from '../types.ts';
import { closureReminderMessage, severityProposalMessage, ticketUpdateMessage, type Message, type TicketUpdate } from './presenters.ts';

function updateOf(event: DomainEvent): TicketUpdate | undefined {
  if (TicketEvents.opened.is(event)) return 'received';
  if (TicketEvents.statusChanged.is(event)) {
    if (event.payload.to === 'AWAITING_CLIENT') return 'awaiting_reply';
    if (event.payload.to === 'RESOLVED') return 'resolved';
  }
  return undefined;
}

export const ticketEmailRule: EmailRule = async (event, ctx) => {
  if (TicketEvents.closureReminded.is(event)) {
    const ticket = await ctx.read(getTicket, { id: event.subjectId });
    // The reminder is about a ticket still resolved; one that moved on since is not reminded.
    if (ticket.status !== 'RESOLVED') return [];
    return toInitiator(ticket, closureReminderMessage(ticket, event.payload.days, ctx.consoleUrl), ctx);
  }
  if (TicketEvents.severityProposed.is(event)) {
    // A proposal by the provider awaits the client's side: the initiator accepts or counter-proposes.
    if (event.payload.side !== 'provider' || !event.payload.proposedSeverity) return [];
    const ticket = await ctx.read(getTicket, { id: event.subjectId });
    if (ticket.proposedSeverity !== event.payload.proposedSeverity || ticket.proposedBySide !== 'provider') return [];
    return toInitiator(ticket, severityProposalMessage(ticket, event.payload.proposedSeverity, event.payload.counterProposal === true, ctx.consoleUrl), ctx);
  }
  const update = updateOf(event);
  if (!update) return [];
  const ticket: TicketRow = await ctx.read(getTicket, { id: event.subjectId });
  return toInitiator(ticket, ticketUpdateMessage(update, ticket, ctx.consoleUrl), ctx);
};

async function toInitiator(ticket: TicketRow, message: Message, ctx: EmailContext): Promise<EmailOutput[]> {
  // Their choice for ticket updates (by default: email only when Slack does not reach them).
  const to = (await ctx.read(emailAddresses, { personIds: [ticket.initiatorId], kind: 'ticket' })).get(ticket.initiatorId);
  if (!to) return [];
  return [{ kind: 'ticket', to: { personId: ticket.initiatorId, name: to.name, address: to.address }, ...message, replyToTicket: ticket.key }];
}

const part: EmailPart = { rule: ticketEmailRule };
export default part;
