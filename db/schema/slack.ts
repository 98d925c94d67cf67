/**
 * The Slack door's own state: the delivery keys that make handling Slack's retries at-most-once,
 * the cards the notifier keeps up to date, and the queue of what it has still to send. Written only
 * by the Slack door's store (doors/slack/store), never by a capability's command.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** Slack delivers events and interactions at least once; this table makes handling them at most once. */
export const slackDeliveries = pgTable('slack_deliveries', {
  key: text('key').primaryKey(),
  createdAt: createdAt(),
});

/** A card is one Slack message edited in place; its key names the subject (`ticket:<id>`). */
export const slackCards = pgTable(
  'slack_cards',
  {
    cardKey: text('card_key').primaryKey(),
    channel: text('channel').notNull(),
    ts: text('ts').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('slack_cards_message').on(t.channel, t.ts)],
);

/**
 * What the notifier has to send, in order per lane (`channel`); rows are kept a while after sending.
 * `created_at` is when the row was queued, by the notifier's clock: retries stop at its horizon.
 */
export const slackOutbox = pgTable(
  'slack_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The domain event the row was made from. */
    eventId: bigint('event_id', { mode: 'number' }),
    kind: text('kind', { enum: ['card', 'post', 'home'] }).notNull(),
    /** The conversation it goes to; for a thread post, the card's channel once known. */
    channel: text('channel'),
    cardKey: text('card_key'),
    /** For a post in a card's thread: that card's key. */
    threadOf: text('thread_of'),
    /** text and blocks (card, post) or the person (home). */
    body: jsonb('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'superseded', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    /** A page (an alarm's DM to the person paged): it must not wait long for Slack. */
    page: boolean('page').notNull().default(false),
    /** When a page was first seen still unsent 60 s after it was queued (counted once). */
    lateAt: timestamp('late_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('slack_outbox_pending_idx').on(t.id).where(sql`${t.status} = 'pending'`),
    // Each lane's head: the first pending row per channel.
    index('slack_outbox_pending_lane_idx').on(t.channel, t.id).where(sql`${t.status} = 'pending'`),
  ],
);

export type SlackCardRow = typeof slackCards.$inferSelect;
export type SlackOutboxRow = typeof slackOutbox.$inferSelect;
