/**
 * The SMS door's own state: the queue of text messages it has to send, in order per phone number,
 * with what the provider said of each (its message id, and the delivery receipt), and the secret
 * of each provider's receipt callback that opsdesk made. Written only by the SMS door's store
 * (doors/sms/store), never by a capability's command.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * What the SMS door has to send, one text per row, in order per lane (`lane`: the E.164 number).
 * `created_at` is when the row was queued, by the door's clock: retries stop at its horizon.
 */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The domain event the row was made from. */
    eventId: bigint('event_id', { mode: 'number' }),
    /** What kind of text (for the metrics and the log): `page`. */
    kind: text('kind').notNull(),
    lane: text('lane').notNull(),
    personId: uuid('person_id'),
    body: text('body').notNull(),
    /** What the row is about, for a report back to the core when it cannot be delivered: `alarm:<id>`. */
    subject: text('subject'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    /** The provider that took it, and its id there (Twilio's MessageSid, 46elks' id). */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    /** The provider's delivery receipt: `delivered` or `failed` (null until one came). */
    delivery: text('delivery', { enum: ['delivered', 'failed'] }),
    deliveryDetail: text('delivery_detail'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // Each lane's head: the first pending row per number.
    index('sms_outbox_pending_lane_idx').on(t.lane, t.id).where(sql`${t.status} = 'pending'`),
    index('sms_outbox_provider_message_idx').on(t.provider, t.providerMessageId),
  ],
);

/** The secret in a provider's receipt callback URL (46elks signs nothing: the URL carries it), made once per install. */
export const smsCallbackSecrets = pgTable('sms_callback_secrets', {
  provider: text('provider').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

export type SmsOutboxRow = typeof smsOutbox.$inferSelect;
export type SmsOutboxInsert = typeof smsOutbox.$inferInsert;
