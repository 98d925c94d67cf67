/**
 * Alarms and on-call: the monitoring sources that send alarms (each with its own hashed secret),
 * the alarms, the rotations with their overrides, the escalation policies and the routes from a
 * source/service to a policy, and the disaster-recovery contacts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A monitoring system allowed to send alarms; only the SHA-256 of its secret is kept. */
export const alarmSources = pgTable(
  'alarm_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('alarm_sources_name_key').on(t.name)],
);

export const ALARM_STATES = ['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export const ALARM_SEVERITIES = ['critical', 'warning', 'info'] as const;

/** One escalation step as snapshotted onto an alarm (and stored in a policy). */
export interface EscalationStep {
  /** Who is paged: whoever is on call in a schedule, one person, or the whole on-call channel. */
  target: { type: 'schedule'; scheduleId: string } | { type: 'person'; personId: string } | { type: 'channel' };
  /** Minutes to wait for an acknowledgement before the next step. */
  waitMinutes: number;
}

export interface EscalationSnapshot {
  policyId: string | null;
  name: string;
  steps: EscalationStep[];
  /** How many times the whole sequence runs again after its last step. */
  repeat: number;
}

/**
 * An alarm. While it is open (not RESOLVED) repeats from the same source with the same fingerprint
 * fold into it; the partial unique index makes that race-free under concurrent webhooks.
 */
export const alarms = pgTable(
  'alarms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => alarmSources.id),
    fingerprint: text('fingerprint').notNull(),
    summary: text('summary').notNull(),
    severity: text('severity', { enum: ALARM_SEVERITIES }).notNull(),
    service: text('service'),
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    state: text('state', { enum: ALARM_STATES }).notNull().default('TRIGGERED'),
    /** How many times the source has sent it (1 = once). */
    count: integer('count').notNull().default(1),
    triggeredAt: at('triggered_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    /** The escalation policy as it was when the alarm triggered. */
    escalation: jsonb('escalation').$type<EscalationSnapshot>().notNull(),
    /** Index into the snapshot's steps, counted across repeats (step % steps.length). */
    escalationStep: integer('escalation_step').notNull().default(0),
    /** Person ids paged by the current step. */
    paged: text('paged').array().notNull().default(sql`'{}'::text[]`),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedByName: text('acknowledged_by_name'),
    acknowledgedAt: at('acknowledged_at'),
    resolvedBy: text('resolved_by'),
    resolvedAt: at('resolved_at'),
    rootCause: text('root_cause'),
    /** Set when the two-hour disaster-recovery rule fired for it. */
    disasterRecoveryAt: at('disaster_recovery_at'),
    /** The paging hold (a maintenance window) that kept this alarm from paging; null once it pages. */
    pagingHeldBy: uuid('paging_held_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('alarms_paging_held_idx').on(t.pagingHeldBy).where(sql`${t.pagingHeldBy} is not null`),
    uniqueIndex('alarms_open_fingerprint_key').on(t.sourceId, t.fingerprint).where(sql`${t.state} <> 'RESOLVED'`),
    index('alarms_triggered_idx').on(t.triggeredAt),
    index('alarms_follow_up_idx').on(t.resolvedAt).where(sql`${t.state} = 'RESOLVED' and ${t.rootCause} is null`),
  ],
);

/**
 * A rotation: members take turns, each for `shiftDays` days, handing over at `handoffTime`
 * (local wall-clock time in `timeZone`), the first shift starting on `startDate`.
 */
export const onCallSchedules = pgTable(
  'oncall_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    /** YYYY-MM-DD, local to the time zone. */
    startDate: text('start_date').notNull(),
    /** HH:MM, local. */
    handoffTime: text('handoff_time').notNull(),
    shiftDays: integer('shift_days').notNull(),
    /** Person ids in rotation order. */
    members: uuid('members').array().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('oncall_schedules_name_key').on(t.name)],
);

/** Someone covers a schedule from … to …, whatever the rotation says. */
export const onCallOverrides = pgTable(
  'oncall_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => onCallSchedules.id),
    personId: uuid('person_id').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('oncall_overrides_schedule_idx').on(t.scheduleId, t.startsAt)],
);

export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    steps: jsonb('steps').$type<EscalationStep[]>().notNull(),
    repeat: integer('repeat').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('escalation_policies_name_key').on(t.name)],
);

/**
 * Which policy an alarm gets: the most specific route wins (source and service, then source,
 * then service, then the catch-all with neither).
 */
export const alarmRoutes = pgTable(
  'alarm_routes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id').references(() => alarmSources.id),
    service: text('service'),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => escalationPolicies.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('alarm_routes_match_key').on(sql`coalesce(${t.sourceId}::text, '')`, sql`coalesce(${t.service}, '')`)],
);

/** Who is paged when the two-hour disaster-recovery rule fires. */
export const disasterRecoveryContacts = pgTable(
  'disaster_recovery_contacts',
  {
    personId: uuid('person_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId] })],
);

/** One step of a person's notification rules: a channel, and how long after the page it is used. */
export interface NotificationStep {
  channel: 'slack' | 'sms' | 'email';
  delayMinutes: number;
}

/** A person's notification rules (a person without a row has the default: Slack at once, SMS after 2, email after 5). */
export const notificationRules = pgTable('notification_rules', {
  personId: uuid('person_id').primaryKey(),
  steps: jsonb('steps').$type<NotificationStep[]>().notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * Each page sent to a person on one channel, by one step of their rules; `failed_at` once the
 * channel's door (or the core, for a person that channel cannot reach) said it did not get through.
 */
export const alarmPages = pgTable(
  'alarm_pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alarmId: uuid('alarm_id').notNull(),
    personId: uuid('person_id').notNull(),
    channel: text('channel', { enum: ['slack', 'sms', 'email'] }).notNull(),
    /** The escalation step that paged the person, and the index of the rule step. */
    escalationStep: integer('escalation_step').notNull(),
    rule: integer('rule').notNull(),
    sentAt: at('sent_at').notNull(),
    failedAt: at('failed_at'),
    failure: text('failure'),
  },
  (t) => [index('alarm_pages_alarm_idx').on(t.alarmId, t.sentAt)],
);

export type AlarmSourceRow = typeof alarmSources.$inferSelect;
export type AlarmRow = typeof alarms.$inferSelect;
export type OnCallScheduleRow = typeof onCallSchedules.$inferSelect;
export type OnCallOverrideRow = typeof onCallOverrides.$inferSelect;
export type EscalationPolicyRow = typeof escalationPolicies.$inferSelect;
export type AlarmRouteRow = typeof alarmRoutes.$inferSelect;
export type AlarmPageRow = typeof alarmPages.$inferSelect;

/**
 * A time during which alarms that match are recorded but do not page (PagerDuty's maintenance
 * windows): set and ended by the capability that owns the reason (incidents' maintenance windows),
 * matched like alarm routes by source name and `service` value (a null side matches anything).
 */
export const pagingHolds = pgTable('paging_holds', {
  /** The id of what holds (a maintenance window's id). */
  id: uuid('id').primaryKey(),
  label: text('label').notNull(),
  startsAt: at('starts_at').notNull(),
  endsAt: at('ends_at').notNull(),
  matches: jsonb('matches').$type<Array<{ sourceName: string | null; alarmService: string | null }>>().notNull(),
  /** When it ended early (cancelled) or at its end: held alarms paged then. */
  endedAt: at('ended_at'),
  createdAt: createdAt(),
});

export type PagingHoldRow = typeof pagingHolds.$inferSelect;
