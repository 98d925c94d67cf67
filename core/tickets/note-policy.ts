/**
 * Who may write and read a ticket's internal notes: provider staff only. Seeing the ticket is the
 * ticket policy's rule (a client of another org is told it does not exist); a client who sees the
 * ticket may neither write a note nor learn that any exists, so reads leave notes out rather than
 * refuse (see `listTicketNotes`).
 */
import type { Actor } from '../actor.ts';
import { canSee, definePolicy, isProviderStaff, isSystem } from '../policy.ts';
import type { TicketSubject } from './policy.ts';

const seesTicket = (actor: Actor, ticket: { orgId: string }) => canSee(actor, { id: ticket.orgId, kind: 'client' });

export const ticketNotePolicy = definePolicy<TicketSubject, 'ticket.note' | 'ticket.read_notes'>({
  sees: seesTicket,
  notFound: 'ticket not found',
  rules: {
    'ticket.note': {
      allow: (actor) => actor.type === 'person' && isProviderStaff(actor),
      refusal: "only the provider's support staff write internal notes; reply to the ticket instead",
    },
    'ticket.read_notes': { allow: (actor) => isSystem(actor) || isProviderStaff(actor), refusal: "only the provider's support staff read internal notes" },
  },
});
