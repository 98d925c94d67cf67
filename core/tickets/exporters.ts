/**
 * The tickets' part of an org's back-up: its tickets, their comments, files, SLA pauses and
 * satisfaction ratings. Comments only: internal notes are kept elsewhere and are the provider's,
 * never the client's.
 */
import { and, asc, eq, getTableColumns, gt } from 'drizzle-orm';
import { contentAsBase64, ticketAttachments, ticketComments, ticketRatings, ticketSlaPauses, tickets } from '../../db/schema.ts';
import { keysetExporter, type OrgExporter } from '../exporter.ts';

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

/**
 * The files, each with its bytes as base64 (`contentBase64`, whose SHA-256 is `sha256`). A few per
 * page whatever the export asks: each may be as large as ATTACHMENT_MAX_BYTES, and a page is held in
 * memory while it is written.
 */
const ATTACHMENTS_PER_PAGE = 4;
const { content: _content, ...describedAttachment } = getTableColumns(ticketAttachments);
export const attachmentsExporter: OrgExporter = {
  kind: 'attachments',
  async page(db, orgId, after) {
    const rows = await db
      .select({ ...describedAttachment, contentBase64: contentAsBase64 })
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.orgId, orgId), after === null ? undefined : gt(ticketAttachments.id, after)))
      .orderBy(asc(ticketAttachments.id))
      .limit(ATTACHMENTS_PER_PAGE);
    return { rows, next: rows.length < ATTACHMENTS_PER_PAGE ? null : rows[rows.length - 1]!.id };
  },
};

export const slaPausesExporter = keysetExporter(
  'sla_pauses',
  (db, orgId, after, limit) =>
    db
      .select(getTableColumns(ticketSlaPauses))
      .from(ticketSlaPauses)
      .innerJoin(tickets, eq(tickets.id, ticketSlaPauses.ticketId))
      .where(and(eq(tickets.orgId, orgId), after === null ? undefined : gt(ticketSlaPauses.id, after)))
      .orderBy(asc(ticketSlaPauses.id))
      .limit(limit),
  (pause) => pause.id,
);

export const ratingsExporter = keysetExporter(
  'ratings',
  (db, orgId, after, limit) =>
    db
      .select()
      .from(ticketRatings)
      .where(and(eq(ticketRatings.orgId, orgId), after === null ? undefined : gt(ticketRatings.id, after)))
      .orderBy(asc(ticketRatings.id))
      .limit(limit),
  (rating) => rating.id,
);

export const TICKET_EXPORTERS = [ticketsExporter, commentsExporter, attachmentsExporter, slaPausesExporter, ratingsExporter];
