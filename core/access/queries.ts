/**
 * Reads of production access, run with the actor they are for (`core.read(query, actor, input)`)
 * and authorised by the same policy as the commands: the provider's staff see every org's; a
 * client's admins see everything against their own org and nothing of any other.
 *
 * The read models doors need live here too: a request's card and who must see it (the Slack
 * notifier), the App Home rows, the request form's choices, and what a stream follows.
 */
import { and, asc, desc, eq, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { accessEligibility, accessRequests, accessUses, memberships, orgs, people, tickets, type AccessRequestRow, type Org, type TicketRow } from '../../db/schema.ts';
import type { PersonActor, Role } from '../actor.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { OpsdeskError } from '../errors.ts';
import { isUuid, orgById } from '../directory/index.ts';
import { orgPolicy } from '../directory/policy.ts';
import { defineQuery, type Followed, type QueryContext } from '../query.ts';
import { accessPolicyFor, requestById, requireRequester, type AccessPolicy } from './internal/lookups.ts';
import { cardViews, decisionsOf } from './internal/views.ts';
import { ACCESS_STATUSES, type AccessCardView, type AccessRequestForm, type Side } from './model.ts';
import { accessOrgPolicy, accessPolicy, decidingSide, eligibilityPolicy, orgsWhoseAccessIsRead, sidesDecidedBy } from './policy.ts';

const idInput = z.string().max(100);
const idsInput = z.array(idInput).max(1000);

/** Newest first: the position is the last request's sequence number. */
const requestCursor = cursorCodec('accessRequests', positionSchema);
const EMPTY = { nodes: [] as AccessRequestRow[], hasNextPage: false, endCursor: null as string | null };

/** The requests with these ids that the actor may see (unknown ids and others' are left out). */
async function visibleRequests(ctx: QueryContext, ids: readonly string[]): Promise<AccessRequestRow[]> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return [];
  const rows = await ctx.db.select().from(accessRequests).where(inArray(accessRequests.id, wanted));
  return rows.filter((request) => accessPolicy.sees(ctx.actor, request));
}

export const getAccessRequest = defineQuery({
  name: 'getAccessRequest',
  input: z.object({ requestId: idInput }),
  async run({ db, actor }, { requestId }): Promise<AccessRequestRow> {
    return accessPolicy.visible(actor, await requestById(db, requestId));
  },
});

/** A request as of an event, for streams: read once, then checked for each reader from the actor alone. */
export const followAccessRequest = defineQuery({
  name: 'followAccessRequest',
  input: z.object({ requestId: idInput }),
  async run({ db, actor }, { requestId }): Promise<Followed<AccessRequestRow>> {
    const request = accessPolicy.visible(actor, await requestById(db, requestId));
    return { subject: request, stillAllowed: (now) => void accessPolicy.visible(now, request) };
  },
});

/** Newest first. An org the actor may not read reads as an empty list. */
export const listAccessRequests = defineQuery({
  name: 'listAccessRequests',
  input: z.object({
    orgId: idInput.optional(),
    status: z.array(z.enum(ACCESS_STATUSES)).optional(),
    requesterId: idInput.optional(),
    ticketId: idInput.optional(),
    first: z.number().int().default(50),
    after: z.string().optional(),
  }),
  async run({ db, actor }, { first, after, ...filter }) {
    if (first < 1 || first > 200) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 200', { fields: { first: 'out of range' } });
    // Checked before anything else, so a bad cursor is refused whoever asks.
    const before = after ? requestCursor.decode(after) : undefined;
    const where: SQL[] = [];
    const readable = orgsWhoseAccessIsRead(actor);
    if (readable !== 'every') {
      if (readable.length === 0) return EMPTY;
      where.push(inArray(accessRequests.orgId, readable));
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
  },
});

/** The org's grants in force now, soonest expiry first. */
export const activeGrants = defineQuery({
  name: 'activeGrants',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<AccessRequestRow[]> {
    const org = accessOrgPolicy.visible(actor, await orgById(db, orgId));
    accessOrgPolicy.authorize(actor, 'access.read', org);
    return db
      .select()
      .from(accessRequests)
      .where(and(eq(accessRequests.orgId, org.id), eq(accessRequests.status, 'ACTIVE')))
      .orderBy(asc(accessRequests.expiresAt));
  },
});

/** The org's access policy as its readers may see it (the defaults until it is set). */
export const getAccessPolicy = defineQuery({
  name: 'getAccessPolicy',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<AccessPolicy> {
    const org = accessOrgPolicy.visible(actor, await orgById(db, orgId));
    accessOrgPolicy.authorize(actor, 'access_policy.read', org);
    return accessPolicyFor(db, org.id);
  },
});

/** The org's access events, for as long as the actor may read the org's production access. */
export const followOrgAccess = defineQuery({
  name: 'followOrgAccess',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<Followed<Org>> {
    return accessOrgPolicy.follow(actor, 'access.follow', accessOrgPolicy.visible(actor, await orgById(db, orgId)));
  },
});

/** The provider's list of who may ask, for its staff. */
export const listEligible = defineQuery({
  name: 'listEligible',
  input: z.object({}),
  async run({ db, actor }) {
    eligibilityPolicy.authorize(actor, 'eligibility.read', null);
    return db
      .select({ personId: people.id, name: people.name, email: people.email, addedAt: accessEligibility.createdAt })
      .from(accessEligibility)
      .innerJoin(people, eq(people.id, accessEligibility.personId))
      .orderBy(asc(people.name));
  },
});

/** The actor as someone who may ask for production access; FORBIDDEN otherwise. Doors ask before showing a form. */
export const accessRequester = defineQuery({
  name: 'accessRequester',
  input: z.object({}),
  async run({ db, actor }): Promise<{ id: string; name: string }> {
    const requester = await requireRequester(db, actor);
    return { id: requester.id, name: requester.name };
  },
});

// ---------------------------------------------------------------------------------------------
// The fields of many requests at once (a page of them), each for the requests the actor may see

/** The requests with these ids that the actor may see; the others are left out. */
export const accessRequestsByIds = defineQuery({
  name: 'accessRequestsByIds',
  input: z.object({ ids: idsInput }),
  run: (ctx, { ids }): Promise<AccessRequestRow[]> => visibleRequests(ctx, ids),
});

/** The decisions on these requests, oldest first, for the requests the actor may see. */
export const accessDecisionsOf = defineQuery({
  name: 'accessDecisionsOf',
  input: z.object({ requestIds: idsInput }),
  async run(ctx, { requestIds }) {
    const visible = await visibleRequests(ctx, requestIds);
    return decisionsOf(ctx.db, visible.map((r) => r.id));
  },
});

/** Uses and refused attempts of these requests, oldest first, for the requests the actor may see. */
export const accessUsesOf = defineQuery({
  name: 'accessUsesOf',
  input: z.object({ requestIds: idsInput }),
  async run(ctx, { requestIds }) {
    const visible = await visibleRequests(ctx, requestIds);
    if (visible.length === 0) return [];
    return ctx.db
      .select()
      .from(accessUses)
      .where(inArray(accessUses.requestId, visible.map((r) => r.id)))
      .orderBy(asc(accessUses.createdAt), asc(accessUses.id));
  },
});

/** The ticket each of these requests serves, where the actor may see both the request and the ticket. */
export const accessRequestTickets = defineQuery({
  name: 'accessRequestTickets',
  input: z.object({ requestIds: idsInput }),
  async run(ctx, { requestIds }): Promise<Array<{ requestId: string; ticket: TicketRow }>> {
    const serving = (await visibleRequests(ctx, requestIds)).filter((r) => r.ticketId !== null);
    if (serving.length === 0) return [];
    const rows = await ctx.db.select().from(tickets).where(inArray(tickets.id, [...new Set(serving.map((r) => r.ticketId!))]));
    const ticket = new Map(rows.filter((t) => orgPolicy.sees(ctx.actor, { id: t.orgId, kind: 'client' })).map((t) => [t.id, t]));
    return serving.flatMap((r) => (ticket.has(r.ticketId!) ? [{ requestId: r.id, ticket: ticket.get(r.ticketId!)! }] : []));
  },
});

// ---------------------------------------------------------------------------------------------
// Read models of the Slack door

/** A request's card: the request and the names behind its ids. */
export const accessCard = defineQuery({
  name: 'accessCard',
  input: z.object({ requestId: idInput }),
  async run(ctx, { requestId }): Promise<AccessCardView> {
    const [card] = await cardViews(ctx, [accessPolicy.visible(ctx.actor, await requestById(ctx.db, requestId))]);
    return card!;
  },
});

/**
 * Who must see a request's card, by the policy's own rule (`access.decide`): the provider's people
 * who decide for the provider's side (its access approvers but the requester), and the org's
 * people who decide for the client's side (its admins); and the requester. Read from the directory
 * as it is now, so an approver added while a request is open gets its card at its next step.
 */
export const accessCardAudience = defineQuery({
  name: 'accessCardAudience',
  input: z.object({ requestId: idInput }),
  async run({ db, actor }, { requestId }): Promise<{ requesterId: string; deciders: Record<Side, string[]> }> {
    const request = accessPolicy.visible(actor, await requestById(db, requestId));
    const rows = await db
      .select({ personId: memberships.personId, orgId: memberships.orgId, orgKind: orgs.kind, roles: memberships.roles })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(or(eq(orgs.kind, 'provider'), eq(memberships.orgId, request.orgId)))
      .orderBy(asc(memberships.createdAt), asc(memberships.personId));
    const members = new Map<string, PersonActor>();
    for (const row of rows) {
      const member = members.get(row.personId) ?? { type: 'person', id: row.personId, name: '', door: 'system', requestId: actor.requestId, memberships: [] };
      member.memberships.push({ orgId: row.orgId, orgKind: row.orgKind, roles: row.roles as Role[] });
      members.set(row.personId, member);
    }
    const deciding = [...members.values()].filter((member) => accessPolicy.may(member, 'access.decide', request));
    const deciders = {
      provider: deciding.filter((member) => decidingSide(member) === 'provider').map((member) => member.id),
      client: deciding.filter((member) => decidingSide(member) === 'client').map((member) => member.id),
    };
    return { requesterId: request.requesterId, deciders };
  },
});

/**
 * The actor's App Home rows: the requests waiting for their decision (for the side they decide
 * for), soonest time-out first, and their own requests and grants that are still open.
 */
export const accessHome = defineQuery({
  name: 'accessHome',
  input: z.object({ limit: z.number().int().min(1).max(50).default(20) }),
  async run(ctx, { limit }): Promise<{ side: Side; awaiting: AccessCardView[]; mine: AccessCardView[] }> {
    const { db, actor } = ctx;
    const side = decidingSide(actor);
    if (actor.type !== 'person') return { side, awaiting: [], mine: [] };
    const decides = sidesDecidedBy(actor);
    const waitingFor: SQL[] = [];
    if (decides.provider) waitingFor.push(and(isNull(accessRequests.providerApprovedById), ne(accessRequests.requesterId, actor.id))!);
    if (decides.clientOrgIds.length > 0) waitingFor.push(and(isNull(accessRequests.clientApprovedById), inArray(accessRequests.orgId, decides.clientOrgIds))!);
    const [awaiting, mine] = await Promise.all([
      waitingFor.length === 0
        ? []
        : db
            .select()
            .from(accessRequests)
            .where(and(eq(accessRequests.status, 'PENDING'), or(...waitingFor)))
            .orderBy(asc(accessRequests.pendingUntil))
            .limit(limit),
      db
        .select()
        .from(accessRequests)
        .where(and(eq(accessRequests.requesterId, actor.id), inArray(accessRequests.status, ['PENDING', 'ACTIVE'])))
        .orderBy(desc(accessRequests.seq))
        .limit(limit),
    ]);
    const [awaitingCards, mineCards] = await Promise.all([
      cardViews(ctx, awaiting.filter((r) => accessPolicy.may(actor, 'access.decide', r))),
      cardViews(ctx, mine.filter((r) => accessPolicy.sees(actor, r))),
    ]);
    return { side, awaiting: awaitingCards, mine: mineCards };
  },
});

/**
 * What the request form offers: for an org, its open tickets and what its policy allows; for an
 * extension of the actor's own active grant, the same for the grant's org, with its duty.
 * FORBIDDEN for anyone who may not ask at all, before anything else.
 */
export const accessRequestForm = defineQuery({
  name: 'accessRequestForm',
  input: z
    .object({ orgId: idInput.optional(), extendsRequestId: idInput.optional() })
    .refine((input) => (input.orgId === undefined) !== (input.extendsRequestId === undefined), { message: 'name either the org or the grant to extend', path: ['orgId'] }),
  async run({ db, actor }, input): Promise<AccessRequestForm> {
    await requireRequester(db, actor);
    let extending: AccessRequestForm['extending'];
    let orgId = input.orgId ?? '';
    if (input.extendsRequestId) {
      const grant = accessPolicy.visible(actor, await requestById(db, input.extendsRequestId));
      if (!accessPolicy.may(actor, 'access.extend', grant) || grant.status !== 'ACTIVE' || !grant.expiresAt) {
        throw new OpsdeskError('INVALID_TRANSITION', 'only your own active grant can be extended; request access anew');
      }
      orgId = grant.orgId;
      extending = { requestId: grant.id, expiresAt: grant.expiresAt, ticketId: grant.ticketId, otherDutyJustification: grant.otherDutyJustification };
    }
    const org = accessOrgPolicy.visible(actor, await orgById(db, orgId));
    accessOrgPolicy.authorize(actor, 'access_policy.read', org);
    const [policy, open] = await Promise.all([
      accessPolicyFor(db, org.id),
      db
        .select({ id: tickets.id, key: tickets.key, title: tickets.title, severity: tickets.severity })
        .from(tickets)
        .where(and(eq(tickets.orgId, org.id), ne(tickets.status, 'CLOSED')))
        .orderBy(desc(tickets.seq))
        .limit(100),
    ]);
    return {
      org: { id: org.id, name: org.name },
      tickets: open,
      maxDurationMinutes: policy.maxDurationMinutes,
      providerSufficesForUrgent: policy.clientApproval === 'provider_for_urgent',
      ...(extending ? { extending } : {}),
    };
  },
});
