/**
 * What a card shows of access requests, read in a few queries for any number of them: org names,
 * people's names, the tickets served and the decisions taken. Callers pass only requests that the
 * reader may see (the notifier's audience, or rows a core query returned for the actor).
 */
import { and, arrayOverlaps, arrayContains, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { memberships, orgs, people, tickets, type AccessRequestRow } from '../../../db/schema.ts';
import { CLIENT_ADMIN_ROLES } from '../../../core/actor.ts';
import { decisionsOf } from '../../../core/access/index.ts';
import { requireProviderOrg } from '../../../core/directory/lookups.ts';
import type { AccessCardView } from './presenters.ts';

export async function accessCardViews(db: Queryable, requests: AccessRequestRow[]): Promise<AccessCardView[]> {
  if (requests.length === 0) return [];
  const orgIds = [...new Set(requests.map((r) => r.orgId))];
  const personIds = [...new Set(requests.flatMap((r) => [r.requesterId, r.closedById]).filter((id): id is string => Boolean(id)))];
  const ticketIds = [...new Set(requests.map((r) => r.ticketId).filter((id): id is string => Boolean(id)))];
  const [orgRows, personRows, ticketRows, decisions] = await Promise.all([
    db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds)),
    db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds)),
    ticketIds.length > 0 ? db.select({ id: tickets.id, key: tickets.key, title: tickets.title }).from(tickets).where(inArray(tickets.id, ticketIds)) : [],
    decisionsOf(db, requests.map((r) => r.id)),
  ]);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const name = new Map(personRows.map((p) => [p.id, p.name]));
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

/** The provider's access approvers. */
export async function providerApprovers(db: Queryable): Promise<string[]> {
  const provider = await requireProviderOrg(db);
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.orgId, provider.id), arrayContains(memberships.roles, ['access_approver'])));
  return rows.map((r) => r.personId);
}

/** The org's client approvers: its contract admins, contract owners and space admins. */
export async function clientApprovers(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), arrayOverlaps(memberships.roles, [...CLIENT_ADMIN_ROLES])));
  return rows.map((r) => r.personId);
}
