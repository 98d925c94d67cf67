/**
 * Inbound mail: the sources that may deliver raw mail to the webhook (each with its own secret,
 * stored hashed), the Message-IDs opsdesk has taken in or sent (so that a re-delivered mail does
 * nothing twice and a reply finds its ticket), and the quarantine of mail nobody vouched for.
 * Written only by the commands in core/mail.
 */
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { tickets } from './tickets.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const mailSources = pgTable(
  'mail_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mail_sources_name_key').on(t.name)],
);

export const MAIL_MESSAGE_OUTCOMES = ['ticket', 'comment', 'quarantined', 'sent'] as const;

/**
 * One row per Message-ID opsdesk knows: every inbound mail it took (a ticket, a comment, or the
 * quarantine) and every mail it sent about a ticket. A reply's In-Reply-To/References find the
 * ticket here; a second delivery of the same Message-ID finds its row and does nothing.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    messageId: text('message_id').primaryKey(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    outcome: text('outcome', { enum: MAIL_MESSAGE_OUTCOMES }).notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    createdAt: createdAt(),
  },
  (t) => [index('mail_messages_ticket_idx').on(t.ticketId)],
);

export interface QuarantinedAttachment {
  name: string;
  size: number;
}

export const QUARANTINE_STATUSES = ['HELD', 'ASSIGNED', 'DROPPED'] as const;

export const mailQuarantine = pgTable(
  'mail_quarantine',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: text('message_id').notNull(),
    /** The mail source's name, or `imap`. */
    source: text('source').notNull(),
    sender: text('sender').notNull(),
    senderName: text('sender_name'),
    subject: text('subject').notNull(),
    reason: text('reason').notNull(),
    /** The mail's text, quoted history and signature trimmed. */
    text: text('text').notNull(),
    attachments: jsonb('attachments').$type<QuarantinedAttachment[]>().notNull(),
    size: integer('size').notNull(),
    receivedAt: at('received_at').notNull(),
    status: text('status', { enum: QUARANTINE_STATUSES }).notNull().default('HELD'),
    resolvedById: uuid('resolved_by_id'),
    resolvedAt: at('resolved_at'),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mail_quarantine_message_key').on(t.messageId), index('mail_quarantine_status_idx').on(t.status, t.receivedAt)],
);

export type MailSourceRow = typeof mailSources.$inferSelect;
export type QuarantinedMailRow = typeof mailQuarantine.$inferSelect;
