/**
 * Incidents (what clients are told about a fault: affected services, an impact, public updates, the
 * alarms and tickets behind it) and maintenance windows (planned downtime of some services, from an
 * announced release or added by hand, during which their alarms do not page).
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Statuspage's impact words. */
export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
/** Statuspage's incident statuses, in their usual order. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const INCIDENT_ORIGINS = ['declared', 'automatic'] as const;

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    impact: text('impact', { enum: INCIDENT_IMPACTS }).notNull(),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    origin: text('origin', { enum: INCIDENT_ORIGINS }).notNull(),
    /** The person who declared it (null when opened automatically). */
    declaredBy: uuid('declared_by'),
    openedAt: at('opened_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    resolvedAt: at('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('incidents_open_idx').on(t.openedAt).where(sql`${t.resolvedAt} is null`)],
);

export const incidentServices = pgTable(
  'incident_services',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    serviceId: uuid('service_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.serviceId] }), index('incident_services_service_idx').on(t.serviceId)],
);

/** A public update: what clients were told, with the status it set. The first is the declaration's. */
export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    message: text('message').notNull(),
    /** Who posted it, in words ("Ann Agent", "opsdesk"). */
    byName: text('by_name').notNull(),
    at: at('at').notNull(),
    /** Their order, also among updates posted at one instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('incident_updates_incident_idx').on(t.incidentId, t.seq)],
);

export const incidentAlarms = pgTable(
  'incident_alarms',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    alarmId: uuid('alarm_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.alarmId] }), index('incident_alarms_alarm_idx').on(t.alarmId)],
);

export const incidentTickets = pgTable(
  'incident_tickets',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    ticketId: uuid('ticket_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.ticketId] })],
);

export const MAINTENANCE_STATES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;

/**
 * Planned downtime. `allPublic`: it covers every public service (a release's window, unless staff
 * narrow it); otherwise the services in `maintenance_services`.
 */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    state: text('state', { enum: MAINTENANCE_STATES }).notNull().default('scheduled'),
    /** The announced release it comes from; null for a window added by hand. */
    releaseId: uuid('release_id'),
    allPublic: boolean('all_public').notNull().default(false),
    cancelledAt: at('cancelled_at'),
    /**
     * Rises with each change a calendar must take (moved, services changed, cancelled): the
     * maintenance feed's SEQUENCE, so a subscribed calendar replaces its copy of the event.
     */
    revision: integer('revision').notNull().default(0),
    /** The last change of any kind (also its start and end): the feeds' `updated` and DTSTAMP. */
    updatedAt: at('updated_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('maintenance_windows_release_key').on(t.releaseId).where(sql`${t.releaseId} is not null and ${t.state} <> 'cancelled'`)],
);

export const maintenanceServices = pgTable(
  'maintenance_services',
  {
    windowId: uuid('window_id')
      .notNull()
      .references(() => maintenanceWindows.id),
    serviceId: uuid('service_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.serviceId] })],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentUpdateRow = typeof incidentUpdates.$inferSelect;
export type MaintenanceWindowRow = typeof maintenanceWindows.$inferSelect;

export const STATUS_SUBSCRIBER_STATES = ['pending', 'confirmed'] as const;

/**
 * Email subscribers of the public status page (double opt-in). An address is here from its request
 * until it unsubscribes (the row is deleted: the address is gone) or, unconfirmed, until its link
 * expires and the prune removes it. The confirmation secret is kept only as its SHA-256.
 */
export const statusSubscribers = pgTable(
  'status_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-cased. */
    address: text('address').notNull(),
    state: text('state', { enum: STATUS_SUBSCRIBER_STATES }).notNull().default('pending'),
    /** SHA-256 of the confirmation link's secret; null once confirmed. */
    confirmHash: text('confirm_hash'),
    confirmExpiresAt: at('confirm_expires_at'),
    /** The last confirmation mail asked for: at most one an hour per address. */
    confirmationSentAt: at('confirmation_sent_at'),
    confirmedAt: at('confirmed_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('status_subscribers_address_key').on(t.address), index('status_subscribers_confirmed_idx').on(t.state)],
);

/**
 * The key of the unsubscribe links: each link carries an HMAC of its subscriber's id under it, so no
 * unsubscribe secret is stored per address. Made on first use; one row.
 */
export const statusSubscriptionKeys = pgTable('status_subscription_keys', {
  name: text('name').primaryKey(),
  key: text('key').notNull(),
  createdAt: createdAt(),
});

export type StatusSubscriberRow = typeof statusSubscribers.$inferSelect;
