/** Reads of tickets, authorised like the commands: invisible tickets are simply not found. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { people, ticketComments, tickets, type TicketRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderStaff, isSystem } from '../policy.ts';
import { isUuid } from '../directory/lookups.ts';
import type { Severity, TicketStatus } from './model.ts';
import { canSeeTicket, ticketForQuery, ticketNotFound } from './policy.ts';

export const getTicket = (db: Queryable, actor: Actor, id: string) => ticketForQuery(db, actor, id);

export async function getTicketByKey(db: Queryable, actor: Actor, key: string): Promise<TicketRow> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.key, key.trim().toUpperCase()));
  if (!ticket || !canSeeTicket(actor, ticket)) throw ticketNotFound();
  return ticket;
}

export interface TicketFilter {
  orgId?: string;
  status?: TicketStatus[];
  severity?: Severity[];
  assigneeId?: string;
  slaBreached?: boolean;
  /** Tickets opened by this person. */
  initiatorId?: string;
}

/** Newest first: the position is the last ticket's sequence number. */
const ticketCursor = cursorCodec('tickets', positionSchema);

/** Newest first. Provider staff see every org's tickets; client people their own orgs' only. */
export async function listTickets(db: Queryable, actor: Actor, filter: TicketFilter, first = 50, after?: string) {
  if (first < 1 || first > 200) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 200', { fields: { first: 'out of range' } });
  // Checked before anything else, so a bad cursor is refused whoever asks.
  const before = after ? ticketCursor.decode(after) : undefined;
  const where: SQL[] = [];
  if (!(isSystem(actor) || isProviderStaff(actor))) {
    const visible = actor.type === 'person' ? actor.memberships.map((m) => m.orgId) : [];
    if (visible.length === 0) return { nodes: [], hasNextPage: false, endCursor: null };
    where.push(inArray(tickets.orgId, visible));
  }
  if (filter.orgId) {
    // An org the actor cannot see reads as an empty list, like an org without tickets.
    if (!isUuid(filter.orgId)) return { nodes: [], hasNextPage: false, endCursor: null };
    where.push(eq(tickets.orgId, filter.orgId));
  }
  if (filter.status?.length) where.push(inArray(tickets.status, filter.status));
  if (filter.severity?.length) where.push(inArray(tickets.severity, filter.severity));
  if (filter.assigneeId) {
    if (!isUuid(filter.assigneeId)) return { nodes: [], hasNextPage: false, endCursor: null };
    where.push(eq(tickets.assigneeId, filter.assigneeId));
  }
  if (filter.initiatorId) where.push(eq(tickets.initiatorId, filter.initiatorId));
  if (filter.slaBreached !== undefined) where.push(filter.slaBreached ? isNotNull(tickets.slaBreachedAt) : isNull(tickets.slaBreachedAt));
  if (before !== undefined) where.push(lt(tickets.seq, before));
  const rows = await db
    .select()
    .from(tickets)
    .where(and(...where))
    .orderBy(desc(tickets.seq))
    .limit(first + 1);
  const nodes = rows.slice(0, first);
  return {
    nodes,
    hasNextPage: rows.length > first,
    endCursor: nodes.length ? ticketCursor.encode(nodes[nodes.length - 1]!.seq) : null,
  };
}

export async function listComments(db: Queryable, actor: Actor, ticketId: string) {
  const ticket = await ticketForQuery(db, actor, ticketId);
  return db
    .select({
      id: ticketComments.id,
      ticketId: ticketComments.ticketId,
      authorId: ticketComments.authorId,
      authorName: people.name,
      side: ticketComments.side,
      body: ticketComments.body,
      door: ticketComments.door,
      createdAt: ticketComments.createdAt,
    })
    .from(ticketComments)
    .innerJoin(people, eq(people.id, ticketComments.authorId))
    .where(eq(ticketComments.ticketId, ticket.id))
    .orderBy(asc(ticketComments.createdAt), asc(ticketComments.id));
}

/** What waits for a person's answer: proposals from the other side, resolutions to approve. */
export async function awaitingAnswerFrom(db: Queryable, actor: Actor, limit = 20): Promise<TicketRow[]> {
  if (actor.type !== 'person') return [];
  const provider = isProviderStaff(actor);
  if (provider) {
    return db
      .select()
      .from(tickets)
      .where(eq(tickets.proposedBySide, 'client'))
      .orderBy(desc(tickets.seq))
      .limit(limit);
  }
  const orgIds = actor.memberships.map((m) => m.orgId);
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(tickets)
    .where(
      and(
        inArray(tickets.orgId, orgIds),
        or(eq(tickets.proposedBySide, 'provider'), and(eq(tickets.status, 'RESOLVED'), eq(tickets.initiatorId, actor.id))),
      ),
    )
    .orderBy(desc(tickets.seq))
    .limit(limit);
}
