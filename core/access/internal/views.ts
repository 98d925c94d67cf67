/**
 * The names behind a batch of requests' ids, read in a few queries however many requests: org
 * names, people's names, the tickets served and the decisions taken. Callers pass only requests
 * the reader may see (the policy decided before).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { accessDecisions, orgs, people, tickets, type AccessRequestRow } from '../../../db/schema.ts';
import { personRefs } from '../../directory/index.ts';
import type { QueryContext } from '../../query.ts';
import type { AccessCardView } from '../model.ts';

const unique = (ids: Array<string | null>) => [...new Set(ids.filter((id): id is string => Boolean(id)))];

/** The decisions on requests, oldest first, with each decider's name. */
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

export async function cardViews(ctx: QueryContext, requests: readonly AccessRequestRow[]): Promise<AccessCardView[]> {
  if (requests.length === 0) return [];
  const { db } = ctx;
  const ticketIds = unique(requests.map((r) => r.ticketId));
  const [orgRows, names, ticketRows, decisions] = await Promise.all([
    db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, unique(requests.map((r) => r.orgId)))),
    personRefs.run(ctx, { ids: unique(requests.flatMap((r) => [r.requesterId, r.closedById])) }),
    ticketIds.length > 0 ? db.select({ id: tickets.id, key: tickets.key, title: tickets.title }).from(tickets).where(inArray(tickets.id, ticketIds)) : [],
    decisionsOf(db, requests.map((r) => r.id)),
  ]);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const name = new Map(names.map((p) => [p.id, p.name]));
  const ticket = new Map(ticketRows.map((t) => [t.id, { key: t.key, title: t.title }]));
  return requests.map((request) => ({
    request,
    orgName: orgName.get(request.orgId) ?? 'an organisation',
    requesterName: name.get(request.requesterId) ?? 'someone',
    ticket: request.ticketId ? (ticket.get(request.ticketId) ?? null) : null,
    decisions: decisions
      .filter((d) => d.requestId === request.id)
      .map((d) => ({ side: d.side, decision: d.decision, deciderName: d.deciderName, comment: d.comment })),
    closedByName: request.closedById ? name.get(request.closedById) : undefined,
  }));
}
