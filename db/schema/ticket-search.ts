/**
 * Tickets' full-text search: one document per ticket (its key, title and description, and every
 * comment folded in as it is written), kept by core/tickets/search in the transaction of the write.
 * Internal notes are never folded in. docs/tickets.md says why one document per ticket.
 */
import { customType, index, integer, pgTable, uuid } from 'drizzle-orm/pg-core';
import { tickets } from './tickets.ts';

/** A text-search vector; written and read in SQL only. */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

export const ticketSearchDocuments = pgTable(
  'ticket_search_documents',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id),
    /** Key and title weighted A, description B, comments C. */
    document: tsvector('document').notNull(),
    /** Bytes of text folded in so far: comments stop being folded in well before PostgreSQL's 1 MB tsvector limit. */
    indexedBytes: integer('indexed_bytes').notNull(),
  },
  (t) => [index('ticket_search_documents_document_idx').using('gin', t.document)],
);
