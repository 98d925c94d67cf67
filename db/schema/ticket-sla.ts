/**
 * The tickets' resolution targets, the running clock of each ticket's resolution target (with its
 * pauses while the ticket waits for the client), and the initiators' satisfaction ratings. Kept
 * apart from db/schema/tickets.ts so the ticket row stays about the ticket. Written only by the
 * commands, reactions and timers in core/tickets.
 */
import { index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { SEVERITIES, tickets } from './tickets.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const SLA_CLOCKS = ['working', 'continuous'] as const;

/** Per-org overrides of the resolution targets (an Extended Support agreement); absent rows use the defaults. */
export const ticketResolutionTargets = pgTable(
  'ticket_resolution_targets',
  {
    orgId: uuid('org_id').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    /** null: no target. */
    minutes: integer('minutes'),
    clock: text('clock', { enum: SLA_CLOCKS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.severity] })],
);

/**
 * The resolution target in force for a ticket (from its latest agreement). While `pausedAt` is set
 * the clock stands still and no timer is armed; `dueAt`/`warnAt` are then the times it would have
 * had, and a resume moves them by the paused time.
 */
export const ticketResolutionClocks = pgTable('ticket_resolution_clocks', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id),
  minutes: integer('minutes').notNull(),
  clock: text('clock', { enum: SLA_CLOCKS }).notNull(),
  startedAt: at('started_at').notNull(),
  warnAt: at('warn_at').notNull(),
  dueAt: at('due_at').notNull(),
  pausedAt: at('paused_at'),
  /** Minutes of the target's own clock spent paused so far (working minutes for a working target). */
  pausedMinutes: integer('paused_minutes').notNull().default(0),
  warnedAt: at('warned_at'),
  breachedAt: at('breached_at'),
  /** When the ticket was resolved: the target is met (or was missed before) and the clock stops. */
  metAt: at('met_at'),
});

/** One pause of the SLA clocks while the ticket was "Awaiting your reply", for the timeline. */
export const ticketSlaPauses = pgTable(
  'ticket_sla_pauses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    pausedAt: at('paused_at').notNull(),
    resumedAt: at('resumed_at'),
    /** The paused time in the target's clock, known once resumed. */
    pausedMinutes: integer('paused_minutes'),
  },
  (t) => [index('ticket_sla_pauses_ticket_idx').on(t.ticketId, t.pausedAt)],
);

/** The initiator's rating of the support, once per closure (the closure's time is part of the key). */
export const ticketRatings = pgTable(
  'ticket_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    orgId: uuid('org_id').notNull(),
    /** The closure rated: the ticket's closedAt when it was rated. */
    closedAt: at('closed_at').notNull(),
    raterId: uuid('rater_id').notNull(),
    score: smallint('score').notNull(),
    comment: text('comment'),
    door: text('door').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ticket_ratings_closure_key').on(t.ticketId, t.closedAt),
    index('ticket_ratings_org_closed_idx').on(t.orgId, t.closedAt),
  ],
);

export type TicketResolutionClockRow = typeof ticketResolutionClocks.$inferSelect;
export type TicketRatingRow = typeof ticketRatings.$inferSelect;
