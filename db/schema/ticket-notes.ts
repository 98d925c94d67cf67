/**
 * Internal notes on tickets: provider staff discussing a ticket among themselves. Kept apart from
 * `ticket_comments` so that nothing that reads a ticket's conversation for a client (its timeline,
 * its Slack thread, email, the client's export) can pick one up by mistake. Written only by
 * `addTicketNote` in core/tickets.
 */
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { tickets } from './tickets.ts';

export const ticketNotes = pgTable(
  'ticket_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    door: text('door').notNull(),
    /** Where the note came from outside opsdesk (a Slack message ts in the internal thread), so it is taken once. */
    externalRef: text('external_ref'),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_notes_ticket_idx').on(t.ticketId, t.createdAt), uniqueIndex('ticket_notes_external_key').on(t.ticketId, t.externalRef)],
);

export type TicketNoteRow = typeof ticketNotes.$inferSelect;
