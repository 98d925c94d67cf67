/**
 * The opsdesk database schema (drizzle). Keys are camelCase, columns snake_case.
 * Row types come from `$inferSelect` / `$inferInsert`; nothing here is hand-typed twice.
 *
 * The audit table is append-only: the migration `0001_audit_append_only.sql` adds triggers
 * that refuse UPDATE, DELETE and TRUNCATE on `audit_events`.
 *
 * This file holds the kernel's tables (directory, audit, outbox, timers); each capability keeps
 * its tables in `db/schema/<capability>.ts`, re-exported at the end of this file, so drizzle-kit
 * and `typeof schema` see them all.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, pgSnapshot, xid8 } from './schema/columns.ts';


/** Exactly one org has kind `provider` (enforced by a partial unique index); all others are clients. */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['provider', 'client'] }).notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orgs_slug_key').on(t.slug),
    uniqueIndex('orgs_one_provider_key').on(t.kind).where(sql`${t.kind} = 'provider'`),
  ],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /**
     * Lower-cased on the way in. Optional: a Slack Connect contact may arrive without one. Unique
     * within an org (checked by `addPerson`), not across orgs: two tenants may each know someone
     * by one address without either learning of the other.
     */
    email: text('email'),
    /**
     * Set when mail to the address bounced for good (a hard bounce: an SMTP 5xx refusal of the
     * recipient, or a delivery status notification): nothing is mailed to it until an admin clears it.
     */
    emailBouncedAt: timestamp('email_bounced_at', { withTimezone: true, mode: 'date' }),
    emailBounceReason: text('email_bounce_reason'),
    /** A mobile number in E.164 (`+46701234567`), for SMS pages; set by the person or their org's managers. */
    phone: text('phone'),
    createdAt: createdAt(),
  },
  (t) => [index('people_email_idx').on(t.email)],
);

/**
 * A Slack user and the person they act as. Removing a person unlinks their identities rather than
 * deleting them: an unlinked Slack user is not registered again on their own next message, and an admin
 * who adds them again links the row anew.
 */
export const slackIdentities = pgTable(
  'slack_identities',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
    unlinkedAt: timestamp('unlinked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('slack_identities_person_idx').on(t.personId)],
);

/**
 * What each person chose for each kind of message (`ticket`, `access`, `audit`): Slack, email or
 * both. No row: the default (see core/directory/notifications.ts). Announcements always go by email.
 */
export const notificationChoices = pgTable(
  'notification_choices',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: ['ticket', 'access', 'audit'] }).notNull(),
    channels: text('channels', { enum: ['slack', 'email', 'both'] }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.kind] })],
);

export const memberships = pgTable(
  'memberships',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    /** The person follows every ticket of the org, not only their own (core/directory/followers.ts). */
    followsTickets: boolean('follows_tickets').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.orgId] }), index('memberships_org_idx').on(t.orgId)],
);

/** A Slack channel belongs to one client org, or is a provider channel with a purpose. */
export const channelLinks = pgTable(
  'channel_links',
  {
    teamId: text('team_id').notNull(),
    channelId: text('channel_id').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    purpose: text('purpose', { enum: ['client', 'support', 'oncall', 'announcements'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.channelId] }), index('channel_links_org_idx').on(t.orgId)],
);

/**
 * The Slack workspaces (teams) a client org says are its own: only users of these become the org's
 * contacts when they first act in one of its channels. A workspace belongs to one org at most (the
 * primary key), and never to the provider's own workspace (checked by the command that claims it).
 */
export const slackWorkspaces = pgTable(
  'slack_workspaces',
  {
    teamId: text('team_id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    createdAt: createdAt(),
  },
  (t) => [index('slack_workspaces_org_idx').on(t.orgId)],
);

/** API tokens are shown once; only the SHA-256 of the secret is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull(),
    /**
     * `api`: a bearer token for the API and the CLI. `session`: a web console session, whose secret
     * lives only in the browser's HttpOnly cookie; it authenticates by that cookie and never as a bearer.
     */
    kind: text('kind', { enum: ['api', 'session'] }).notNull().default('api'),
    /** The API token a session was started with: revoking the token ends the sessions it started. */
    parentTokenId: uuid('parent_token_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    /** A session unused until then has ended (the idle timeout); each use moves it on. */
    idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    index('api_tokens_person_idx').on(t.personId),
    index('api_tokens_parent_idx').on(t.parentTokenId).where(sql`${t.parentTokenId} is not null`),
  ],
);

/**
 * The audit trail. One hash chain per org (`chainId` = org id; provider-wide events on the
 * provider's chain). `seq` numbers a chain without gaps; `hash` = SHA-256(prevHash + canonical(event)).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    chainId: uuid('chain_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorType: text('actor_type', { enum: ['person', 'system'] }).notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    door: text('door', { enum: ['slack', 'graphql', 'web', 'socket', 'webhook', 'email', 'sms', 'scheduler', 'cli', 'system'] }).notNull(),
    orgId: uuid('org_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    data: jsonb('data').notNull(),
    requestId: text('request_id').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.seq] }),
    index('audit_events_org_at_idx').on(t.orgId, t.at),
    // The signed checkpoints of a chain, newest first, without walking its events.
    index('audit_events_checkpoints_idx').on(t.chainId, t.seq).where(sql`${t.action} = 'audit.checkpoint_signed'`),
  ],
);

/** The head of each audit chain; its row lock serialises appends within one org only. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chainId: uuid('chain_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * The outbox: domain events recorded in the command's transaction, published after commit.
 * `tx_id` is the recording transaction's id, by which durable consumers tell which events a
 * snapshot saw (core/events/consumer.ts): ids are taken before commit, and commits end in any order.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    payload: jsonb('payload').notNull(),
    actorId: text('actor_id').notNull(),
    requestId: text('request_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('domain_events_created_idx').on(t.createdAt),
    index('domain_events_org_idx').on(t.orgId, t.id),
    index('domain_events_position_idx').on(t.txId, t.id),
  ],
);

/**
 * Where each durable consumer of the domain events has got to (the Slack notifier, email, ...).
 * Each consumer moves only its own row. The events of every transaction `done` saw are taken in;
 * while a window is being worked through, so are those `upto` saw up to (`tx_id`, `event_id`).
 */
export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  done: pgSnapshot('done').notNull(),
  upto: pgSnapshot('upto'),
  txId: xid8('tx_id'),
  eventId: bigint('event_id', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Durable timers: armed in memory, claimed with FOR UPDATE SKIP LOCKED so exactly one instance fires each. */
export const timers = pgTable(
  'timers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Names the handler; capabilities register handlers by kind. */
    kind: text('kind').notNull(),
    /** Idempotency key: arming the same key twice keeps one pending timer. */
    key: text('key').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'fired', 'cancelled'] }).notNull().default('pending'),
    firedAt: timestamp('fired_at', { withTimezone: true, mode: 'date' }),
    firedBy: text('fired_by'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('timers_pending_key').on(t.key).where(sql`${t.status} = 'pending'`),
    index('timers_due_idx').on(t.dueAt).where(sql`${t.status} = 'pending'`),
  ],
);

export type Org = typeof orgs.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type ChannelLink = typeof channelLinks.$inferSelect;
export type SlackWorkspace = typeof slackWorkspaces.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type NotificationChoiceRow = typeof notificationChoices.$inferSelect;
export type SlackIdentityRow = typeof slackIdentities.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type DomainEventRow = typeof domainEvents.$inferSelect;
export type TimerRow = typeof timers.$inferSelect;

export * from './schema/slack.ts';
export * from './schema/announcements.ts';
export * from './schema/tickets.ts';
export * from './schema/ticket-notes.ts';
export * from './schema/ticket-sla.ts';
export * from './schema/alarms.ts';
export * from './schema/access.ts';
export * from './schema/email.ts';
export * from './schema/sms.ts';
export * from './schema/mail.ts';
export * from './schema/status.ts';
export * from './schema/incidents.ts';
export * from './schema/exports.ts';
export * from './schema/ticket-attachments.ts';
export * from './schema/ticket-search.ts';
