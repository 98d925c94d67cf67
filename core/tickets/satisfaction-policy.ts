/**
 * Who may rate the support on a ticket: its initiator alone, the person the help center served.
 * A client admin who approved in their place did not live through the ticket, so does not rate it.
 * Kept beside policy.ts, with the same subject, so the satisfaction rules stay in one place.
 */
import { canSee, definePolicy } from '../policy.ts';
import type { TicketSubject } from './policy.ts';

export const ratingPolicy = definePolicy<TicketSubject, 'ticket.rate'>({
  sees: (actor, ticket) => canSee(actor, { id: ticket.orgId, kind: 'client' }),
  notFound: 'ticket not found',
  rules: {
    'ticket.rate': {
      allow: (actor, ticket) => actor.type === 'person' && actor.id === ticket.initiatorId,
      refusal: (ticket) => `only the person who opened ${ticket.key} can rate its support`,
    },
  },
});
