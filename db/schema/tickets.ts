/**
 * Tickets: the help center's support tickets, their comments, and the SLA targets each org may
 * override. Written only by the commands in core/tickets.
 */
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const TICKET_KINDS = ['incident', 'question', 'feature_request', 'service_order'] as const;
export const TICKET_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED', 'CLOSED'] as const;
export const SEVERITIES = ['URGENT', 'HIGH', 'MEDIUM', 'LOW'] as const;
export const SIDES = ['client', 'provider'] as const;

export type TicketKind = (typeof TICKET_KINDS)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Side = (typeof SIDES)[number];

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Global order of creation: the cursor of ticket lists. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id').notNull(),
    /** Per-org number; the human key is `<ORG SLUG>-<number>`. */
    number: integer('number').notNull(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    kind: text('kind', { enum: TICKET_KINDS }).notNull(),
    status: text('status', { enum: TICKET_STATUSES }).notNull().default('RECEIVED'),
    initiatorId: uuid('initiator_id').notNull(),
    assigneeId: uuid('assignee_id'),
    /** The agreed severity; null until both sides agree. */
    severity: text('severity', { enum: SEVERITIES }),
    severityAgreedAt: at('severity_agreed_at'),
    /** A pending proposal and the side that made it: the other side must answer. */
    proposedSeverity: text('proposed_severity', { enum: SEVERITIES }),
    proposedBySide: text('proposed_by_side', { enum: SIDES }),
    proposedById: uuid('proposed_by_id'),
    /** The response target in force (from the latest agreement); null: no target. */
    slaDueAt: at('sla_due_at'),
    slaWarnedAt: at('sla_warned_at'),
    slaBreachedAt: at('sla_breached_at'),
    /** The first provider action (a status change out of RECEIVED, or a provider comment). */
    firstResponseAt: at('first_response_at'),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    /** Guards repeated submissions (a Slack view id, a client's request id). */
    idempotencyKey: text('idempotency_key'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_key_key').on(t.key),
    uniqueIndex('tickets_org_number_key').on(t.orgId, t.number),
    uniqueIndex('tickets_org_idempotency_key').on(t.orgId, t.idempotencyKey),
    uniqueIndex('tickets_seq_key').on(t.seq),
    index('tickets_org_status_idx').on(t.orgId, t.status),
    index('tickets_assignee_idx').on(t.assigneeId).where(sql`${t.assigneeId} is not null`),
  ],
);

/** The next ticket number of each org; its row lock serialises numbering within one org. */
export const ticketCounters = pgTable('ticket_counters', {
  orgId: uuid('org_id').primaryKey(),
  last: integer('last').notNull(),
});

export const ticketComments = pgTable(
  'ticket_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    authorId: uuid('author_id').notNull(),
    side: text('side', { enum: SIDES }).notNull(),
    body: text('body').notNull(),
    door: text('door').notNull(),
    /** Where the comment came from outside opsdesk (a Slack message ts), so it is taken once. */
    externalRef: text('external_ref'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ticket_comments_ticket_idx').on(t.ticketId, t.createdAt),
    uniqueIndex('ticket_comments_external_key').on(t.ticketId, t.externalRef),
  ],
);

/** Per-org overrides of the response targets; absent rows fall back to the defaults. */
export const ticketSlaTargets = pgTable(
  'ticket_sla_targets',
  {
    orgId: uuid('org_id').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    /** null: no target. */
    minutes: integer('minutes'),
    /** `working`: minutes of the working calendar; `continuous`: around the clock. */
    clock: text('clock', { enum: ['working', 'continuous'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.severity] })],
);

export type TicketRow = typeof tickets.$inferSelect;
export type TicketCommentRow = typeof ticketComments.$inferSelect;
export type TicketSlaTargetRow = typeof ticketSlaTargets.$inferSelect;
