/**
 * The internal notes' event. It is kept on the PROVIDER's audit chain (the change has no org), not
 * on the ticket's org's chain: the client's chain stays complete and verifiable without a note in
 * it, and the note's text is in nothing a client can read (their audit view, export and checkpoints
 * are of their own chain only). The event names the ticket and its org, so the provider's trail
 * still says which ticket a note was about. Streams give it to provider staff only.
 */
import { eventFamily, payload } from '../events/define.ts';
import { providerStaffOnly } from '../events/read-rules.ts';

export interface TicketNoteAdded {
  /** The ticket's org (the event itself is the provider's, so it is not the event's org). */
  ticketOrgId: string;
  key: string;
  noteId: string;
  authorId: string;
  authorName: string;
  body: string;
  /** The door it was written through (`slack`, `graphql`, `web`). */
  door: string;
  /** Where it came from in that door (the Slack message's ts), so it is not echoed back there. */
  externalRef: string | null;
}

export const TicketNoteEvents = eventFamily({
  prefix: 'ticket',
  subject: (ticket: { id: string }) => ({ orgId: null, subjectType: 'ticket', subjectId: ticket.id }),
  read: providerStaffOnly,
  events: { noteAdded: payload<TicketNoteAdded>() },
});

/** The ticket's org of a note event (the event's own org is the provider's chain: null). */
export const noteTicketOrgId = (event: { payload: Record<string, unknown> }): string | undefined =>
  typeof event.payload.ticketOrgId === 'string' ? event.payload.ticketOrgId : undefined;
