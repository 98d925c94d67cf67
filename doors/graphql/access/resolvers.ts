/**
 * Production access over GraphQL: each resolver calls one core query or command with the
 * authenticated actor. Who may see and do what is decided in core/access; the fields of a request
 * (its decisions, uses, people, ticket, org) are read in batches, one query per field for a whole
 * list of requests, and only for requests the actor was allowed to read.
 */
import { eq, inArray } from 'drizzle-orm';
import {
  activeGrants,
  cancelAccessRequest,
  canReadAccessOf,
  decideAccess,
  decisionsOf,
  endAccess,
  getAccessPolicy,
  getAccessRequest,
  listAccessRequests,
  listEligible,
  recordAccessUse,
  requestAccess,
  revokeAccess,
  setAccessEligibility,
  setAccessPolicy,
  STATUS_LABELS,
  useOrThrow,
  usesOf,
  type AccessStatus,
} from '../../../core/access/index.ts';
import { accessRequestNotFound } from '../../../core/access/policy.ts';
import { followOrg } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { ticketsByIds } from '../../../core/tickets/index.ts';
import { accessRequests, orgs, people, tickets, type AccessRequestRow } from '../../../db/schema.ts';
import { ACCESS_EVENT_TYPES } from '../../../core/access/events.ts';
import { liveSubscription } from '../kit/live.ts';
import { clientApprovalRuleEnum } from '../kit/enums.ts';
import { readOncePerEvent } from '../kit/event-reads.ts';
import type { Resolvers } from '../generated.ts';
import { batchLoader, groupBy } from '../kit/loaders.ts';

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

const loadPerson = batchLoader(async ({ core }, ids) =>
  byId(await core.database.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, [...ids]))),
);
const personRef = async (ctx: Parameters<typeof loadPerson>[0], id: string | null) =>
  id ? ((await loadPerson(ctx, id)) ?? { id, name: 'unknown person' }) : null;

const loadOrg = batchLoader(async ({ core }, ids) => byId(await core.database.db.select().from(orgs).where(inArray(orgs.id, [...ids]))));
// The tickets the actor may see; the others load as undefined (and show as null).
const loadTicket = batchLoader(async ({ core, actor }, ids) => byId(await core.read(ticketsByIds, actor, { ids: [...ids] })));
const loadRequest = batchLoader(async ({ core }, ids) =>
  byId(await core.database.db.select().from(accessRequests).where(inArray(accessRequests.id, [...ids]))),
);
// decisionsOf and usesOf do no authorisation: they are only reached through a request the actor read.
const loadDecisions = batchLoader(async ({ core }, ids) => groupBy(await decisionsOf(core.database.db, ids), (d) => d.requestId));
const loadUses = batchLoader(async ({ core }, ids) => groupBy(await usesOf(core.database.db, ids), (u) => u.requestId));

/** The request as of an event, read once for all its subscribers. */
const requestOfEvent = readOncePerEvent((db, requestId) =>
  db
    .select()
    .from(accessRequests)
    .where(eq(accessRequests.id, requestId))
    .then((rows): AccessRequestRow | undefined => rows[0]),
);

export const accessResolvers: Resolvers = {
  ClientApprovalRule: clientApprovalRuleEnum,

  Query: {
    accessRequests: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await listAccessRequests(
        core.database.db,
        actor,
        {
          orgId: filter?.orgId ?? undefined,
          status: (filter?.status ?? undefined) as AccessStatus[] | undefined,
          requesterId: filter?.requesterId ?? undefined,
          ticketId: filter?.ticketId ?? undefined,
        },
        first ?? 50,
        after ?? undefined,
      );
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    accessRequest: (_root, { id }, { core, actor }) => getAccessRequest(core.database.db, actor, id),
    activeGrants: (_root, { orgId }, { core, actor }) => activeGrants(core.database.db, actor, orgId),
    accessPolicy: (_root, { orgId }, { core, actor }) => getAccessPolicy(core.database.db, actor, orgId),
    accessEligible: (_root, _args, { core, actor }) => listEligible(core.database.db, actor),
  },

  AccessRequest: {
    org: async ({ orgId }, _args, ctx) => {
      const org = await loadOrg(ctx, orgId);
      if (!org) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
      return org;
    },
    requester: async ({ requesterId }, _args, ctx) => (await personRef(ctx, requesterId))!,
    ticket: async ({ ticketId }, _args, ctx) => {
      if (!ticketId) return null;
      return (await loadTicket(ctx, ticketId)) ?? null;
    },
    statusLabel: ({ status }) => STATUS_LABELS[status],
    providerApprovedBy: ({ providerApprovedById }, _args, ctx) => personRef(ctx, providerApprovedById),
    clientApprovedBy: ({ clientApprovedById }, _args, ctx) => personRef(ctx, clientApprovedById),
    closedBy: ({ closedById }, _args, ctx) => personRef(ctx, closedById),
    extends: async ({ extendsRequestId }, _args, ctx) => {
      if (!extendsRequestId) return null;
      const request = await loadRequest(ctx, extendsRequestId);
      return request && canReadAccessOf(ctx.actor, request.orgId) ? request : null;
    },
    decisions: async ({ id }, _args, ctx) => (await loadDecisions(ctx, id)) ?? [],
    uses: async ({ id }, _args, ctx) => (await loadUses(ctx, id)) ?? [],
  },

  AccessDecision: {
    decider: ({ deciderId, deciderName }) => ({ id: deciderId, name: deciderName }),
  },

  AccessUse: {
    person: async ({ personId }, _args, ctx) => (await personRef(ctx, personId))!,
  },

  AccessPolicy: {
    updatedBy: ({ updatedById }, _args, ctx) => personRef(ctx, updatedById),
  },

  AccessEvent: {
    requestId: (event) => (event.subjectType === 'access_request' ? event.subjectId : null),
    orgId: (event) => event.orgId!,
    request: async (event, _args, { core, actor }) => {
      if (event.subjectType !== 'access_request') return null;
      const request = await requestOfEvent(core.database.db, event.id, event.subjectId);
      if (!request || !canReadAccessOf(actor, request.orgId)) throw accessRequestNotFound();
      return request;
    },
  },

  Mutation: {
    requestAccess: (_root, { input }, { core, actor }) =>
      core.execute(requestAccess, actor, {
        orgId: input.orgId,
        ticketId: input.ticketId ?? undefined,
        otherDutyJustification: input.otherDutyJustification ?? undefined,
        reason: input.reason,
        scope: input.scope,
        durationMinutes: input.durationMinutes,
        extendsRequestId: input.extendsRequestId ?? undefined,
        idempotencyKey: input.idempotencyKey ?? undefined,
      }),
    decideAccess: (_root, { requestId, decision, comment }, { core, actor }) =>
      core.execute(decideAccess, actor, { requestId, decision, comment: comment ?? undefined }),
    cancelAccessRequest: (_root, { requestId, reason }, { core, actor }) =>
      core.execute(cancelAccessRequest, actor, { requestId, reason: reason ?? undefined }),
    endAccess: (_root, { requestId, reason }, { core, actor }) => core.execute(endAccess, actor, { requestId, reason: reason ?? undefined }),
    revokeAccess: (_root, { requestId, reason }, { core, actor }) =>
      core.execute(revokeAccess, actor, { requestId, reason: reason ?? undefined }),
    // The command commits a refused use (and its audit event) before answering; only then is it an error here.
    recordAccessUse: async (_root, { grantId, action, target }, { core, actor }) =>
      useOrThrow(await core.execute(recordAccessUse, actor, { grantId, action, target })),
    setAccessPolicy: (_root, { input }, { core, actor }) =>
      core.execute(setAccessPolicy, actor, {
        orgId: input.orgId,
        clientApproval: input.clientApproval ?? undefined,
        maxDurationMinutes: input.maxDurationMinutes ?? undefined,
        pendingTimeoutMinutes: input.pendingTimeoutMinutes ?? undefined,
      }),
    setAccessEligibility: (_root, { personId, eligible }, { core, actor }) =>
      core.execute(setAccessEligibility, actor, { personId, eligible }),
  },

  Subscription: {
    accessEvents: {
      subscribe: (_root, { orgId }, ctx) =>
        liveSubscription(ctx, {
          // NOT_FOUND for an org the actor cannot see, as every subscription answers; FORBIDDEN for
          // a member of the org who is not one of its admins.
          subject: async (actor) => {
            const { subject: org, stillAllowed: seesOrg } = await ctx.core.read(followOrg, actor, { orgId });
            return (now) => {
              seesOrg(now);
              if (!canReadAccessOf(now, org.id)) {
                throw new OpsdeskError('FORBIDDEN', "only the provider's staff and the organisation's admins follow its production access");
              }
            };
          },
          topic: (event) => ACCESS_EVENT_TYPES.has(event.type) && event.orgId === orgId,
        }),
      resolve: (event: unknown) => event as never,
    },
  },
};
