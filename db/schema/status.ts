/**
 * Service status: the provider's services (components), which client orgs use each, which alarms
 * belong to each, and the checks that watch them: HTTP probes (with their raw samples and
 * per-minute, hour and day rollups) and heartbeats (each with its own hashed secret); and the time
 * incidents declared each service down.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A component of the provider's service. Internal ones are seen by provider staff only. */
export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    isPublic: boolean('is_public').notNull().default(false),
    /** Used by every client org (the default); otherwise by the orgs in `service_orgs`. */
    allOrgs: boolean('all_orgs').notNull().default(true),
    archivedAt: at('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('services_name_key').on(t.name).where(sql`${t.archivedAt} is null`)],
);

/** The client orgs that use a service whose `all_orgs` is false. */
export const serviceOrgs = pgTable(
  'service_orgs',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    orgId: uuid('org_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.orgId] }), index('service_orgs_org_idx').on(t.orgId)],
);

/**
 * Which alarms belong to a service: those of an alarm source (by its name), with an alarm `service`
 * value, or both. A match names at least one of them; one match belongs to one service.
 */
export const serviceAlarmMatches = pgTable(
  'service_alarm_matches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    sourceName: text('source_name'),
    alarmService: text('alarm_service'),
  },
  (t) => [
    uniqueIndex('service_alarm_matches_key').on(sql`coalesce(${t.sourceName}, '')`, sql`coalesce(${t.alarmService}, '')`),
    index('service_alarm_matches_service_idx').on(t.serviceId),
  ],
);

export const PROBE_METHODS = ['GET', 'HEAD'] as const;
/** A check's state: no verdict yet, up, or down (an alarm is open for it). */
export const CHECK_STATES = ['unknown', 'up', 'down'] as const;

/** An HTTP(S) check of a service, run on a durable timer every `interval_seconds`. */
export const probes = pgTable(
  'probes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    name: text('name').notNull(),
    method: text('method', { enum: PROBE_METHODS }).notNull().default('GET'),
    url: text('url').notNull(),
    expectedStatus: integer('expected_status').notNull().default(200),
    timeoutMs: integer('timeout_ms').notNull(),
    bodyContains: text('body_contains'),
    intervalSeconds: integer('interval_seconds').notNull(),
    failureThreshold: integer('failure_threshold').notNull().default(3),
    successThreshold: integer('success_threshold').notNull().default(2),
    state: text('state', { enum: CHECK_STATES }).notNull().default('unknown'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    consecutiveSuccesses: integer('consecutive_successes').notNull().default(0),
    lastCheckedAt: at('last_checked_at'),
    archivedAt: at('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('probes_service_idx').on(t.serviceId)],
);

/** One result of a probe: kept for a short time (see docs/status.md), the rollups for 400 days. */
export const probeSamples = pgTable(
  'probe_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    probeId: uuid('probe_id')
      .notNull()
      .references(() => probes.id),
    at: at('at').notNull(),
    up: boolean('up').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [index('probe_samples_probe_at_idx').on(t.probeId, t.at)],
);

export const ROLLUP_GRAINS = ['minute', 'hour', 'day'] as const;

/**
 * A probe's results over one minute, hour or day (UTC): how many, how many up, and the latency of
 * the successful ones as a sum, a minimum, a maximum and a histogram over fixed bounds
 * (`LATENCY_BOUNDS_MS` in core/status/model.ts), from which p50 and p95 over any range of rollups come.
 */
export const probeRollups = pgTable(
  'probe_rollups',
  {
    probeId: uuid('probe_id')
      .notNull()
      .references(() => probes.id),
    grain: text('grain', { enum: ROLLUP_GRAINS }).notNull(),
    start: at('start').notNull(),
    count: integer('count').notNull(),
    upCount: integer('up_count').notNull(),
    latencySumMs: bigint('latency_sum_ms', { mode: 'number' }).notNull(),
    latencyMinMs: integer('latency_min_ms'),
    latencyMaxMs: integer('latency_max_ms'),
    /** Successful results per latency bucket; one more entry than there are bounds (the overflow). */
    buckets: integer('buckets').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.probeId, t.grain, t.start] }), index('probe_rollups_start_idx').on(t.grain, t.start)],
);

/** A job that must report in every `interval_seconds` (plus `grace_seconds`); only the SHA-256 of its secret is kept. */
export const heartbeats = pgTable(
  'heartbeats',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    name: text('name').notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    graceSeconds: integer('grace_seconds').notNull(),
    secretHash: text('secret_hash').notNull(),
    state: text('state', { enum: CHECK_STATES }).notNull().default('unknown'),
    lastBeatAt: at('last_beat_at'),
    archivedAt: at('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('heartbeats_service_idx').on(t.serviceId)],
);

/**
 * The time a service was declared down by an incident (core/incidents says which impacts count):
 * from the incident's declaration with, or update to, such an impact, until it is resolved or
 * updated to a lower one (`to` null: still down). The incident id is not a foreign key: incidents
 * build on status, never the reverse. Availability takes the union of these intervals per service.
 */
export const declaredOutages = pgTable(
  'declared_outages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    incidentId: uuid('incident_id').notNull(),
    from: at('from').notNull(),
    to: at('to'),
  },
  (t) => [
    index('declared_outages_service_from_idx').on(t.serviceId, t.from),
    // An incident holds at most one open interval per service.
    uniqueIndex('declared_outages_open_key').on(t.incidentId, t.serviceId).where(sql`${t.to} is null`),
  ],
);

export type ServiceRow = typeof services.$inferSelect;
export type ServiceAlarmMatchRow = typeof serviceAlarmMatches.$inferSelect;
export type ProbeRow = typeof probes.$inferSelect;
export type ProbeSampleRow = typeof probeSamples.$inferSelect;
export type ProbeRollupRow = typeof probeRollups.$inferSelect;
export type HeartbeatRow = typeof heartbeats.$inferSelect;
export type DeclaredOutageRow = typeof declaredOutages.$inferSelect;
