/** The ticket capability's domain events: each is read by whoever may see the ticket's org. */
import { readersOfOrg, sameRule } from '../events/read-rules.ts';
import { typesOf, type EventDeclarations } from '../events/catalogue.ts';

export const TICKET_EVENTS: EventDeclarations = sameRule(
  [
    'ticket.opened',
    'ticket.severity_proposed',
    'ticket.severity_agreed',
    'ticket.assigned',
    'ticket.status_changed',
    'ticket.commented',
    'ticket.closed',
    'ticket.reopened',
    'ticket.sla_warned',
    'ticket.sla_breached',
    'ticket.closure_reminded',
    'ticket.sla_target_set',
  ],
  readersOfOrg,
);

export const TICKET_EVENT_TYPES = typesOf(TICKET_EVENTS);
