/**
 * The email door's own state: the queue of what it has still to send, in order per recipient, and
 * the sequence of each calendar invitation it has sent (an updated or cancelling invitation carries
 * a higher SEQUENCE under the same UID). Written only by the email door's store (doors/email/store),
 * never by a capability's command.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * What the email door has to send, one recipient per row, in order per lane (`lane`: the recipient's
 * address, lower-cased); rows are kept a while after sending. `created_at` is when the row was
 * queued, by the door's clock: retries stop at its horizon.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The domain event the row was made from. */
    eventId: bigint('event_id', { mode: 'number' }),
    /** What kind of message (for the metrics and the log): `announcement`, `ticket`. */
    kind: text('kind').notNull(),
    lane: text('lane').notNull(),
    personId: uuid('person_id'),
    /** The message as rendered: recipient, subject, text, HTML, headers, and its invitation's iCalendar text. */
    message: jsonb('message').notNull(),
    /** What the row is about, for a report back to the core when it cannot be delivered: `page:<id>`. */
    subject: text('subject'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('email_outbox_pending_idx').on(t.id).where(sql`${t.status} = 'pending'`),
    // Each lane's head: the first pending row per recipient.
    index('email_outbox_pending_lane_idx').on(t.lane, t.id).where(sql`${t.status} = 'pending'`),
  ],
);

/** The last SEQUENCE sent under each invitation UID. */
export const emailInvitations = pgTable('email_invitations', {
  uid: text('uid').primaryKey(),
  sequence: integer('sequence').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
export type EmailOutboxInsert = typeof emailOutbox.$inferInsert;
