/**
 * Reads of tickets, run with the actor they are for and authorised like the commands: a ticket the
 * actor cannot see is simply not found. Also the read models the doors render from (a ticket with
 * the names its card shows, a person's App Home rows, where a ticket opens from a Slack channel).
 */
import { and, asc, desc, eq, inArray, lt, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { people, ticketComments, tickets, type TicketRow } from '../../db/schema.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { channelLink, listOrgs, personRefs } from '../directory/index.ts';
import { isUuid } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { memberOrgIds } from '../policy.ts';
import { defineQuery, readWithin, type Followed, type QueryContext } from '../query.ts';
import { visibleTicket } from './internal/lookups.ts';
import { ticketConditions, ticketFilterFields } from './internal/ticket-filter.ts';
import { sideOf, ticketPolicy } from './policy.ts';

const idInput = z.string().max(100);

export const getTicket = defineQuery({
  name: 'getTicket',
  input: z.object({ id: idInput }),
  run: ({ db, actor }, { id }) => visibleTicket(db, actor, id),
});

export const ticketByKey = defineQuery({
  name: 'ticketByKey',
  input: z.object({ key: z.string().max(100) }),
  async run({ db, actor }, { key }): Promise<TicketRow> {
    const [ticket] = await db.select().from(tickets).where(eq(tickets.key, key.trim().toUpperCase()));
    return ticketPolicy.visible(actor, ticket);
  },
});

/** The tickets among `ids` that the actor may see (for a field that names tickets by id); the others are left out. */
export const ticketsByIds = defineQuery({
  name: 'ticketsByIds',
  input: z.object({ ids: z.array(idInput).max(1000) }),
  async run({ db, actor }, { ids }): Promise<TicketRow[]> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (wanted.length === 0) return [];
    return (await db.select().from(tickets).where(inArray(tickets.id, wanted))).filter((ticket) => ticketPolicy.sees(actor, ticket));
  },
});

/** One ticket's events, for as long as the actor may see the ticket. */
export const followTicket = defineQuery({
  name: 'followTicket',
  input: z.object({ ticketId: idInput }),
  async run({ db, actor }, { ticketId }): Promise<Followed<TicketRow>> {
    const ticket = await visibleTicket(db, actor, ticketId);
    return { subject: ticket, stillAllowed: (now) => void ticketPolicy.visible(now, ticket) };
  },
});

/** Newest first: the position is the last ticket's sequence number. */
const ticketCursor = cursorCodec('tickets', positionSchema);

/** A page of tickets, newest first. Provider staff see every org's tickets; client people their own orgs' only. */
export const listTickets = defineQuery({
  name: 'listTickets',
  input: z.object({
    ...ticketFilterFields,
    first: z.number().int().min(1, 'first must be between 1 and 200').max(200, 'first must be between 1 and 200').default(50),
    after: z.string().max(500).optional(),
  }),
  async run({ db, actor }, filter) {
    // Checked before anything else, so a bad cursor is refused whoever asks.
    const before = filter.after ? ticketCursor.decode(filter.after) : undefined;
    const empty = { nodes: [] as TicketRow[], hasNextPage: false, endCursor: null as string | null };
    const where = ticketConditions(actor, filter);
    if (!where) return empty;
    if (before !== undefined) where.push(lt(tickets.seq, before));
    const rows = await db
      .select()
      .from(tickets)
      .where(and(...where))
      .orderBy(desc(tickets.seq))
      .limit(filter.first + 1);
    const nodes = rows.slice(0, filter.first);
    return { nodes, hasNextPage: rows.length > filter.first, endCursor: nodes.length ? ticketCursor.encode(nodes[nodes.length - 1]!.seq) : null };
  },
});

export const listComments = defineQuery({
  name: 'listComments',
  input: z.object({ ticketId: idInput }),
  async run({ db, actor }, { ticketId }) {
    const ticket = await visibleTicket(db, actor, ticketId);
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
  },
});

/** A ticket with the names its card shows (who opened it, who has it). */
export const ticketCard = defineQuery({
  name: 'ticketCard',
  input: z.object({ ticketId: idInput }),
  async run(ctx, { ticketId }) {
    const ticket = await visibleTicket(ctx.db, ctx.actor, ticketId);
    const names = await namesOf(ctx, [ticket.initiatorId, ticket.assigneeId]);
    return { ticket, initiatorName: names.get(ticket.initiatorId) ?? 'unknown person', assigneeName: ticket.assigneeId ? names.get(ticket.assigneeId) : undefined };
  },
});

/** What a person's App Home shows of tickets: those they opened or have, and those waiting for their answer. */
export const myTickets = defineQuery({
  name: 'myTickets',
  input: z.object({ limit: z.number().int().min(1).max(50).default(20) }),
  async run({ db, actor }, { limit }) {
    if (actor.type !== 'person') return { mine: [], awaitingMyAnswer: [] };
    const mine = (
      await db
        .select()
        .from(tickets)
        .where(and(ne(tickets.status, 'CLOSED'), or(eq(tickets.initiatorId, actor.id), eq(tickets.assigneeId, actor.id))))
        .orderBy(desc(tickets.seq))
        .limit(limit)
    ).filter((ticket) => ticketPolicy.sees(actor, ticket));
    return { mine, awaitingMyAnswer: await awaitingAnswerFrom({ db, actor }, limit) };
  },
});

/** Proposals from the other side; for a client, also the resolutions they opened and must approve. */
async function awaitingAnswerFrom({ db, actor }: Pick<QueryContext, 'db' | 'actor'>, limit: number): Promise<TicketRow[]> {
  if (actor.type !== 'person') return [];
  if (sideOf(actor) === 'provider') {
    return db.select().from(tickets).where(eq(tickets.proposedBySide, 'client')).orderBy(desc(tickets.seq)).limit(limit);
  }
  const orgIds = memberOrgIds(actor);
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

/**
 * Where a ticket opened from a Slack channel belongs: the client org whose linked channel it is;
 * elsewhere provider staff choose among the client orgs, and anyone else is told to use their
 * organisation's shared channel.
 */
export const ticketOrgFromChannel = defineQuery({
  name: 'ticketOrgFromChannel',
  input: z.object({ teamId: z.string().max(40), channelId: z.string().max(40) }),
  async run(ctx, { teamId, channelId }): Promise<{ orgId: string } | { choices: Array<{ id: string; name: string }> }> {
    const link = await readWithin(ctx, channelLink, { teamId, channelId });
    if (link?.purpose === 'client') return { orgId: link.org.id };
    if (sideOf(ctx.actor) !== 'provider') {
      throw new OpsdeskError('INVALID_INPUT', "this channel is not linked to your organisation; use /ticket in your organisation's shared channel");
    }
    const choices = (await readWithin(ctx, listOrgs, { kind: 'client' })).map((org) => ({ id: org.id, name: org.name }));
    if (choices.length === 0) throw new OpsdeskError('INVALID_INPUT', 'there is no client organisation to open a ticket for yet');
    return { choices };
  },
});

async function namesOf(ctx: QueryContext, ids: Array<string | null>): Promise<Map<string, string>> {
  const refs = await readWithin(ctx, personRefs, { ids: ids.filter((id): id is string => Boolean(id)) });
  return new Map(refs.map((ref) => [ref.id, ref.name]));
}
