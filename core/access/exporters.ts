/**
 * Production access in an org's back-up: the requests for its data, each side's decision, the
 * grants (a request that started: when, until when, how it ended) and every logged use.
 */
import { and, asc, eq, getTableColumns, gt, isNotNull } from 'drizzle-orm';
import { accessDecisions, accessRequests, accessUses } from '../../db/schema.ts';
import { keysetExporter } from '../exporter.ts';

const requestsExporter = keysetExporter(
  'access_requests',
  (db, orgId, after, limit) =>
    db
      .select()
      .from(accessRequests)
      .where(and(eq(accessRequests.orgId, orgId), after === null ? undefined : gt(accessRequests.seq, Number(after))))
      .orderBy(asc(accessRequests.seq))
      .limit(limit),
  (request) => String(request.seq),
);

const decisionsExporter = keysetExporter(
  'access_decisions',
  (db, orgId, after, limit) =>
    db
      .select(getTableColumns(accessDecisions))
      .from(accessDecisions)
      .innerJoin(accessRequests, eq(accessRequests.id, accessDecisions.requestId))
      .where(and(eq(accessRequests.orgId, orgId), after === null ? undefined : gt(accessDecisions.id, after)))
      .orderBy(asc(accessDecisions.id))
      .limit(limit),
  (decision) => decision.id,
);

/** A grant is the time-boxed part of a request that was approved: kept on the request, listed apart here. */
const grantsExporter = keysetExporter(
  'access_grants',
  (db, orgId, after, limit) =>
    db
      .select({
        seq: accessRequests.seq,
        requestId: accessRequests.id,
        requesterId: accessRequests.requesterId,
        scope: accessRequests.scope,
        startedAt: accessRequests.startedAt,
        expiresAt: accessRequests.expiresAt,
        status: accessRequests.status,
        closedAt: accessRequests.closedAt,
        closedById: accessRequests.closedById,
        closeReason: accessRequests.closeReason,
      })
      .from(accessRequests)
      .where(and(eq(accessRequests.orgId, orgId), isNotNull(accessRequests.startedAt), after === null ? undefined : gt(accessRequests.seq, Number(after))))
      .orderBy(asc(accessRequests.seq))
      .limit(limit),
  (grant) => String(grant.seq),
);

const usesExporter = keysetExporter(
  'access_uses',
  (db, orgId, after, limit) =>
    db
      .select(getTableColumns(accessUses))
      .from(accessUses)
      .innerJoin(accessRequests, eq(accessRequests.id, accessUses.requestId))
      .where(and(eq(accessRequests.orgId, orgId), after === null ? undefined : gt(accessUses.id, after)))
      .orderBy(asc(accessUses.id))
      .limit(limit),
  (use) => use.id,
);

export const ACCESS_EXPORTERS = [requestsExporter, decisionsExporter, grantsExporter, usesExporter];
