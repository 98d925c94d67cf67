/**
 * Internal notes in GraphQL: `Ticket.notes` and `addTicketNote`, each one core query or command.
 * Who may is core's decision: a client asking for notes gets an empty list, never an error that
 * would say notes exist. Note events reach `ticketEvents` through the catalogue's read rule
 * (provider staff only); see resolvers.ts.
 */
import { addTicketNote, getTicket, listTicketNotes } from '../../../core/tickets/index.ts';
import type { Resolvers } from '../generated.ts';

export const ticketNoteResolvers: Resolvers = {
  Ticket: {
    notes: ({ id }, _args, { core, actor }) => core.read(listTicketNotes, actor, { ticketId: id }),
  },

  TicketNote: {
    author: ({ authorId, authorName }) => ({ id: authorId, name: authorName }),
  },

  Mutation: {
    addTicketNote: async (_root, { ticketId, body }, { core, actor }) => {
      const { note } = await core.execute(addTicketNote, actor, { ticketId, body });
      return { ticket: await core.read(getTicket, actor, { id: ticketId }), note };
    },
  },
};
