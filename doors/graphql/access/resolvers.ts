/**
 * Production access over GraphQL: each resolver calls one core query or command with the
 * authenticated actor. Who may see and do what is decided in core/access; the fields of a request
 * (its decisions, uses, people, ticket, org, the grant it extends) are read in batches, one query
 * per field for a whole list of requests, and each query shows only what the actor may see.
 */
import {
  AccessEvents,
  AccessPolicyEvents,
  AccessUseEvents,
  accessDecisionsOf,
  accessRequestsByIds,
  accessRequestTickets,
  accessUsesOf,
  activeGrants,
  cancelAccessRequest,
  decideAccess,
  endAccess,
  followOrgAccess,
  getAccessPolicy,
  followAccessRequest,
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
} from '../../../core/access/index.ts';
import { listOrgs, personRefs } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { clientApprovalRuleEnum } from '../kit/enums.ts';
import { liveSubscription } from '../kit/live.ts';
import { subjectOncePerEvent } from '../kit/event-reads.ts';
import { batchLoader, groupBy } from '../kit/loaders.ts';
import type { GraphqlContext } from '../kit/context.ts';
import type { Resolvers } from '../generated.ts';
import type { AccessEventModel } from './models.ts';

/** The request as of an event, read once for all its subscribers. */
const requestOfEvent = subjectOncePerEvent((ctx, requestId) => ctx.core.read(followAccessRequest, ctx.actor, { requestId }));

const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));

const loadPerson = batchLoader(async ({ core, actor }, ids) => byId(await core.read(personRefs, actor, { ids: [...ids] })));
const personRef = async (ctx: GraphqlContext, id: string | null) => (id ? ((await loadPerson(ctx, id)) ?? { id, name: 'unknown person' }) : null);
/** The orgs the actor sees: a request's org is among them whenever the request is. */
const loadOrg = batchLoader(async ({ core, actor }) => byId(await core.read(listOrgs, actor, {})));
const loadRequest = batchLoader(async ({ core, actor }, ids) => byId(await core.read(accessRequestsByIds, actor, { ids: [...ids] })));
const loadTicket = batchLoader(async ({ core, actor }, ids) =>
  new Map((await core.read(accessRequestTickets, actor, { requestIds: [...ids] })).map(({ requestId, ticket }) => [requestId, ticket])),
);
const loadDecisions = batchLoader(async ({ core, actor }, ids) => groupBy(await core.read(accessDecisionsOf, actor, { requestIds: [...ids] }), (d) => d.requestId));
const loadUses = batchLoader(async ({ core, actor }, ids) => groupBy(await core.read(accessUsesOf, actor, { requestIds: [...ids] }), (u) => u.requestId));

/** The org's access events, whichever family: a request's way, its uses, the org's policy. */
const isAccessEvent = (event: DomainEvent) => AccessEvents.has(event) || AccessUseEvents.has(event) || AccessPolicyEvents.has(event);

export const accessResolvers: Resolvers = {
  ClientApprovalRule: clientApprovalRuleEnum,

  Query: {
    accessRequests: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await core.read(listAccessRequests, actor, {
        orgId: filter?.orgId ?? undefined,
        status: filter?.status ?? undefined,
        requesterId: filter?.requesterId ?? undefined,
        ticketId: filter?.ticketId ?? undefined,
        first: first ?? undefined,
        after: after ?? undefined,
      });
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    accessRequest: (_root, { id }, { core, actor }) => core.read(getAccessRequest, actor, { requestId: id }),
    activeGrants: (_root, { orgId }, { core, actor }) => core.read(activeGrants, actor, { orgId }),
    accessPolicy: (_root, { orgId }, { core, actor }) => core.read(getAccessPolicy, actor, { orgId }),
    accessEligible: (_root, _args, { core, actor }) => core.read(listEligible, actor, {}),
  },

  AccessRequest: {
    org: async ({ orgId }, _args, ctx) => {
      const org = await loadOrg(ctx, orgId);
      if (!org) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
      return org;
    },
    requester: async ({ requesterId }, _args, ctx) => (await personRef(ctx, requesterId))!,
    ticket: async ({ id }, _args, ctx) => (await loadTicket(ctx, id)) ?? null,
    statusLabel: ({ status }) => STATUS_LABELS[status],
    providerApprovedBy: ({ providerApprovedById }, _args, ctx) => personRef(ctx, providerApprovedById),
    clientApprovedBy: ({ clientApprovedById }, _args, ctx) => personRef(ctx, clientApprovedById),
    closedBy: ({ closedById }, _args, ctx) => personRef(ctx, closedById),
    extends: async ({ extendsRequestId }, _args, ctx) => (extendsRequestId ? ((await loadRequest(ctx, extendsRequestId)) ?? null) : null),
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
    requestId: (event) => (AccessPolicyEvents.has(event) ? null : event.subjectId),
    orgId: (event) => event.orgId!,
    // The request as it is now, as this subscriber may see it.
    request: (event, _args, ctx) => (AccessPolicyEvents.has(event) ? null : requestOfEvent(ctx, event)),
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
      // NOT_FOUND for an org the actor cannot see, as every subscription answers; FORBIDDEN for a
      // member of the org who is not one of its admins, and once an admin stops being one.
      subscribe: (_root, { orgId }, ctx) =>
        liveSubscription(ctx, {
          subject: async (actor) => (await ctx.core.read(followOrgAccess, actor, { orgId })).stillAllowed,
          topic: (event) => isAccessEvent(event) && event.orgId === orgId,
        }),
      // Each event as it happened (the schema's AccessEvent): the bus event itself.
      resolve: (event: AccessEventModel): AccessEventModel => event,
    },
  },
};
