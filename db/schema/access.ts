/**
 * Time-boxed production access: who may ask, each client org's policy, the requests (a request that
 * is approved becomes the grant, under the same id), the decisions on them and every use of a grant.
 * Written only by the commands in core/access.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { SIDES } from './tickets.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ACCESS_STATUSES = [
  'PENDING',
  'ACTIVE',
  'EXPIRED',
  'ENDED',
  'REVOKED',
  'DENIED',
  'CANCELLED',
  'TIMED_OUT',
] as const;
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

/** `required`: a client approver must approve. `provider_for_urgent`: for a ticket agreed URGENT, the provider's approval suffices. */
export const CLIENT_APPROVAL_RULES = ['required', 'provider_for_urgent'] as const;
export type ClientApprovalRule = (typeof CLIENT_APPROVAL_RULES)[number];

export const ACCESS_DECISIONS = ['APPROVE', 'DENY'] as const;
export type AccessDecision = (typeof ACCESS_DECISIONS)[number];

/** Provider people the provider admin has put on the list of those who may request access. */
export const accessEligibility = pgTable('access_eligibility', {
  personId: uuid('person_id').primaryKey(),
  addedById: uuid('added_by_id'),
  createdAt: createdAt(),
});

/** Each client org's own rules; an org without a row has the defaults (see core/access/policy-rules.ts). */
export const accessPolicies = pgTable('access_policies', {
  orgId: uuid('org_id').primaryKey(),
  clientApproval: text('client_approval', { enum: CLIENT_APPROVAL_RULES }).notNull(),
  maxDurationMinutes: integer('max_duration_minutes').notNull(),
  pendingTimeoutMinutes: integer('pending_timeout_minutes').notNull(),
  updatedById: uuid('updated_by_id'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const accessRequests = pgTable(
  'access_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Global order of creation: the cursor of request lists. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id').notNull(),
    requesterId: uuid('requester_id').notNull(),
    /** The ticket the access serves; null only for another contractual duty, with a justification. */
    ticketId: uuid('ticket_id'),
    otherDutyJustification: text('other_duty_justification'),
    reason: text('reason').notNull(),
    scope: text('scope').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** The grant this request extends; an extension is approved like any request. */
    extendsRequestId: uuid('extends_request_id'),
    status: text('status', { enum: ACCESS_STATUSES }).notNull().default('PENDING'),
    /** Fixed at request time from the org's policy, so a later policy change does not move the goalposts. */
    clientApprovalRequired: boolean('client_approval_required').notNull(),
    pendingUntil: at('pending_until').notNull(),
    providerApprovedById: uuid('provider_approved_by_id'),
    clientApprovedById: uuid('client_approved_by_id'),
    startedAt: at('started_at'),
    expiresAt: at('expires_at'),
    warnedAt: at('warned_at'),
    /** When the request or grant reached its final state, who ended it (null: the system) and why. */
    closedAt: at('closed_at'),
    closedById: uuid('closed_by_id'),
    closeReason: text('close_reason'),
    /** Guards repeated submissions (a Slack view id, a client's request id). */
    idempotencyKey: text('idempotency_key'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('access_requests_seq_key').on(t.seq),
    uniqueIndex('access_requests_requester_idempotency_key').on(t.requesterId, t.idempotencyKey),
    index('access_requests_org_status_idx').on(t.orgId, t.status),
    index('access_requests_ticket_idx').on(t.ticketId).where(sql`${t.ticketId} is not null`),
  ],
);

/** One decision per side and request: the first approval of a side is the side's approval. */
export const accessDecisions = pgTable(
  'access_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    side: text('side', { enum: SIDES }).notNull(),
    decision: text('decision', { enum: ACCESS_DECISIONS }).notNull(),
    deciderId: uuid('decider_id').notNull(),
    comment: text('comment'),
    door: text('door').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('access_decisions_request_side_key').on(t.requestId, t.side)],
);

/** Every use of a grant, and every refused attempt at one. */
export const accessUses = pgTable(
  'access_uses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    personId: uuid('person_id').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    /** null when the use was recorded; otherwise why it was refused. */
    refusedBecause: text('refused_because'),
    door: text('door').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('access_uses_request_idx').on(t.requestId, t.createdAt)],
);

export type AccessRequestRow = typeof accessRequests.$inferSelect;
export type AccessDecisionRow = typeof accessDecisions.$inferSelect;
export type AccessUseRow = typeof accessUses.$inferSelect;
export type AccessPolicyRow = typeof accessPolicies.$inferSelect;
