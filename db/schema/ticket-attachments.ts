/**
 * Files attached to tickets (from Slack, the console or email), kept in the database itself so that
 * they are backed up with it and go with it. Written only by core/tickets/attachments.ts; nothing is
 * stored for a refused file.
 */
import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { tickets } from './tickets.ts';

/**
 * A file's bytes (`bytea`), as a Buffer. Written as base64 text that the database decodes: PGlite
 * takes a 10 MB file that way about seven times faster than as a binary parameter (see
 * `contentAsBase64` for the read side).
 */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => sql`decode(${value.toString('base64')}, 'base64')`,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const ATTACHMENT_SOURCES = ['slack', 'console', 'email'] as const;
export type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** The ticket's org, so that an org's files are found (and kept apart) without the ticket. */
    orgId: uuid('org_id').notNull(),
    /** The name it was uploaded with, cleaned of paths and control characters. */
    fileName: text('file_name').notNull(),
    /** What its content is (magic bytes, or checked text), never what its name or the sender claimed. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Hex SHA-256 of the content, for the audit trail and for whoever checks a download. */
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedById: uuid('uploaded_by_id').notNull(),
    source: text('source', { enum: ATTACHMENT_SOURCES }).notNull(),
    /** Where it came from in its door (a Slack file id, a mail's Message-ID and part), so it is taken once. */
    externalRef: text('external_ref'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ticket_attachments_ticket_idx').on(t.ticketId, t.uploadedAt),
    index('ticket_attachments_org_idx').on(t.orgId),
    uniqueIndex('ticket_attachments_external_key').on(t.ticketId, t.externalRef),
  ],
);

/**
 * The key download links are signed with (HMAC-SHA256): one row, made by the migration from the
 * database's own random source, so that every instance on one database shares it and a restore
 * brings it back with the files it guards.
 */
export const ticketAttachmentLinkKeys = pgTable('ticket_attachment_link_keys', {
  id: integer('id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

export type TicketAttachmentRow = typeof ticketAttachments.$inferSelect;

/** The content read as base64 text (decode with `Buffer.from(text, 'base64')`): the fast way out of PGlite, as in. */
export const contentAsBase64 = sql<string>`encode(${ticketAttachments.content}, 'base64')`;
