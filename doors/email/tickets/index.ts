/**
 * The tickets' part of the email door: a ticket's initiator, and the people who follow every ticket
 * of its org, who want ticket updates by email (their channel choice; by default when Slack does not
 * reach them) hear that the ticket was received (with its key), that it awaits a reply, that it is
 * resolved and asks the initiator to approve or reopen, the closure reminders while it stays
 * resolved, and a severity proposed by the provider that awaits the client's answer. People who
 * chose Slack see it in the ticket's thread instead. Read through core queries, as the email door.
 */
import { emailAddresses, personRefs, ticketFollowers } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { getTicket, TicketEvents, type TicketRow } from '../../../core/tickets/index.ts';
import type { EmailContext, EmailOutput, EmailPart, EmailRule } from '../types.ts';
import {
  closureReminderMessage,
  commentMessage,
  severityProposalMessage,
  ticketUpdateMessage,
  type Audience,
  type Message,
  type TicketMailOptions,
  type TicketUpdate,
} from './presenters.ts';
import { ticketRatingEmailRule } from './rating.ts';

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
    return toTicketPeople(ticket, (options) => closureReminderMessage(ticket, event.payload.days, options), ctx);
  }
  if (TicketEvents.severityProposed.is(event)) {
    // A proposal by the provider awaits the client's side: the initiator accepts or counter-proposes.
    if (event.payload.side !== 'provider' || !event.payload.proposedSeverity) return [];
    const ticket = await ctx.read(getTicket, { id: event.subjectId });
    if (ticket.proposedSeverity !== event.payload.proposedSeverity || ticket.proposedBySide !== 'provider') return [];
    const severity = event.payload.proposedSeverity;
    return toTicketPeople(ticket, (options) => severityProposalMessage(ticket, severity, event.payload.counterProposal === true, options), ctx);
  }
  if (TicketEvents.commented.is(event)) {
    const ticket = await ctx.read(getTicket, { id: event.subjectId });
    // Everyone told of the ticket but the comment's author (a reply by mail is not echoed to its sender).
    return toTicketPeople(ticket, (options) => commentMessage(ticket, event.payload, options), ctx, event.payload.authorId);
  }
  const update = updateOf(event);
  if (!update) return [];
  const ticket: TicketRow = await ctx.read(getTicket, { id: event.subjectId });
  return toTicketPeople(ticket, (options) => ticketUpdateMessage(update, ticket, options), ctx);
};

/** The initiator and the org's followers, each once, who want ticket updates by email (by default: when Slack does not reach them). */
async function toTicketPeople(ticket: TicketRow, message: (options: TicketMailOptions) => Message, ctx: EmailContext, except?: string): Promise<EmailOutput[]> {
  const followers = (await ctx.read(ticketFollowers, { orgId: ticket.orgId })).filter((id) => id !== ticket.initiatorId);
  const people = [ticket.initiatorId, ...followers].filter((id) => id !== except);
  const addresses = await ctx.read(emailAddresses, { personIds: people, kind: 'ticket' });
  const initiator = followers.length > 0 ? ((await ctx.read(personRefs, { ids: [ticket.initiatorId] }))[0]?.name ?? null) : null;
  return people.flatMap((personId): EmailOutput[] => {
    const to = addresses.get(personId);
    if (!to) return [];
    const audience: Audience = personId === ticket.initiatorId ? { as: 'initiator' } : { as: 'follower', initiator };
    const options = { consoleUrl: ctx.consoleUrl, audience, repliesReachTicket: ctx.repliesReachTicket };
    return [{ kind: 'ticket', to: { personId, name: to.name, address: to.address }, ...message(options), replyToTicket: ticket.key }];
  });
}

const part: EmailPart = { rule: async (event, ctx) => [...(await ticketEmailRule(event, ctx)), ...(await ticketRatingEmailRule(event, ctx))] };
export default part;
