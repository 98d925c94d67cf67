/**
 * Reads of production access, authorised like the commands: the provider's staff see every
 * org's; a client's admins see everything against their own org and nothing of any other.
 */
import { and, asc, desc, eq, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { accessDecisions, accessRequests, accessUses, people, type AccessRequestRow } from '../../db/schema.ts';
import { CLIENT_ADMIN_ROLES, type Actor } from '../actor.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderStaff, isSystem } from '../policy.ts';
import { isUuid, requireOrg } from '../directory/lookups.ts';
import type { AccessStatus } from './model.ts';
import { canReadAccessOf, isAccessApprover, requestForQuery } from './policy.ts';
import { orgPolicy } from '../directory/policy.ts';

export const getAccessRequest = (db: Queryable, actor: Actor, id: string) => requestForQuery(db, actor, id);

export interface AccessRequestFilter {
  orgId?: string;
  status?: AccessStatus[];
  requesterId?: string;
  ticketId?: string;
}

const EMPTY = { nodes: [] as AccessRequestRow[], hasNextPage: false, endCursor: null as string | null };
/** Newest first: the position is the last request's sequence number. */
const requestCursor = cursorCodec('accessRequests', positionSchema);

/** The orgs whose access a client person administers. */
const administeredOrgs = (actor: Actor) =>
  actor.type === 'person'
    ? actor.memberships.filter((m) => m.orgKind === 'client' && m.roles.some((r) => (CLIENT_ADMIN_ROLES as string[]).includes(r))).map((m) => m.orgId)
    : [];

/** Newest first. An org the actor may not read reads as an empty list. */
export async function listAccessRequests(db: Queryable, actor: Actor, filter: AccessRequestFilter, first = 50, after?: string) {
  if (first < 1 || first > 200) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 200', { fields: { first: 'out of range' } });
  // Checked before anything else, so a bad cursor is refused whoever asks.
  const before = after ? requestCursor.decode(after) : undefined;
  const where: SQL[] = [];
  if (!(isSystem(actor) || isProviderStaff(actor))) {
    const orgIds = administeredOrgs(actor);
    if (orgIds.length === 0) return EMPTY;
    where.push(inArray(accessRequests.orgId, orgIds));
  }
  for (const [field, value] of [['orgId', filter.orgId], ['requesterId', filter.requesterId], ['ticketId', filter.ticketId]] as const) {
    if (value === undefined) continue;
    if (!isUuid(value)) return EMPTY;
    where.push(eq(accessRequests[field], value));
  }
  if (filter.status?.length) where.push(inArray(accessRequests.status, filter.status));
  if (before !== undefined) where.push(lt(accessRequests.seq, before));
  const rows = await db.select().from(accessRequests).where(and(...where)).orderBy(desc(accessRequests.seq)).limit(first + 1);
  const nodes = rows.slice(0, first);
  return { nodes, hasNextPage: rows.length > first, endCursor: nodes.length ? requestCursor.encode(nodes[nodes.length - 1]!.seq) : null };
}

/** The org's grants in force now, soonest expiry first. */
export async function activeGrants(db: Queryable, actor: Actor, orgId: string): Promise<AccessRequestRow[]> {
  const org = await requireOrg(db, orgId);
  orgPolicy.authorize(actor, 'org.read', org);
  if (!canReadAccessOf(actor, org.id)) {
    throw new OpsdeskError('FORBIDDEN', "only the provider's staff and the organisation's admins see its production access");
  }
  return db
    .select()
    .from(accessRequests)
    .where(and(eq(accessRequests.orgId, org.id), eq(accessRequests.status, 'ACTIVE')))
    .orderBy(asc(accessRequests.expiresAt));
}

export async function decisionsOf(db: Queryable, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return db
    .select({
      id: accessDecisions.id,
      requestId: accessDecisions.requestId,
      side: accessDecisions.side,
      decision: accessDecisions.decision,
      deciderId: accessDecisions.deciderId,
      deciderName: people.name,
      comment: accessDecisions.comment,
      door: accessDecisions.door,
      createdAt: accessDecisions.createdAt,
    })
    .from(accessDecisions)
    .innerJoin(people, eq(people.id, accessDecisions.deciderId))
    .where(inArray(accessDecisions.requestId, [...requestIds]))
    .orderBy(asc(accessDecisions.createdAt), asc(accessDecisions.id));
}

/** Uses and refused attempts, oldest first. The request itself was authorised by the caller's read of it. */
export async function usesOf(db: Queryable, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return db
    .select()
    .from(accessUses)
    .where(inArray(accessUses.requestId, [...requestIds]))
    .orderBy(asc(accessUses.createdAt), asc(accessUses.id));
}

/**
 * Requests waiting for this person's decision: for a provider approver, pending requests of
 * others the provider has not approved yet; for a client admin, pending requests against their
 * orgs the client has not approved yet.
 */
export async function awaitingDecisionBy(db: Queryable, actor: Actor, limit = 20): Promise<AccessRequestRow[]> {
  if (actor.type !== 'person') return [];
  const pending = eq(accessRequests.status, 'PENDING');
  const sides: SQL[] = [];
  if (isAccessApprover(actor)) sides.push(and(isNull(accessRequests.providerApprovedById), ne(accessRequests.requesterId, actor.id))!);
  const orgIds = administeredOrgs(actor);
  if (orgIds.length > 0) sides.push(and(isNull(accessRequests.clientApprovedById), inArray(accessRequests.orgId, orgIds))!);
  if (sides.length === 0) return [];
  return db
    .select()
    .from(accessRequests)
    .where(and(pending, or(...sides)))
    .orderBy(asc(accessRequests.pendingUntil))
    .limit(limit);
}

/** The person's own requests and grants that are still open. */
export async function openRequestsOf(db: Queryable, personId: string, limit = 20): Promise<AccessRequestRow[]> {
  return db
    .select()
    .from(accessRequests)
    .where(and(eq(accessRequests.requesterId, personId), inArray(accessRequests.status, ['PENDING', 'ACTIVE'])))
    .orderBy(desc(accessRequests.seq))
    .limit(limit);
}
