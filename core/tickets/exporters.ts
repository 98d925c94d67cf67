/**
 * The tickets' part of an org's back-up: its tickets and their comments. Comments only: internal
 * notes are kept elsewhere and are the provider's, never the client's.
 */
import { and, asc, eq, getTableColumns, gt } from 'drizzle-orm';
import { ticketComments, tickets } from '../../db/schema.ts';
import { keysetExporter } from '../exporter.ts';

export const ticketsExporter = keysetExporter(
  'tickets',
  (db, orgId, after, limit) =>
    db
      .select()
      .from(tickets)
      .where(and(eq(tickets.orgId, orgId), after === null ? undefined : gt(tickets.seq, Number(after))))
      .orderBy(asc(tickets.seq))
      .limit(limit),
  (ticket) => String(ticket.seq),
);

export const commentsExporter = keysetExporter(
  'comments',
  (db, orgId, after, limit) =>
    db
      .select(getTableColumns(ticketComments))
      .from(ticketComments)
      .innerJoin(tickets, eq(tickets.id, ticketComments.ticketId))
      .where(and(eq(tickets.orgId, orgId), after === null ? undefined : gt(ticketComments.id, after)))
      .orderBy(asc(ticketComments.id))
      .limit(limit),
  (comment) => comment.id,
);

export const TICKET_EXPORTERS = [ticketsExporter, commentsExporter];
