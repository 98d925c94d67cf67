/** The audit trail: its events, verification, and signed checkpoints (list, sign on demand, follow live). */
import {
  AuditEvents,
  checkpointOfEvent,
  followAuditTrail,
  listAuditCheckpoints,
  listAuditEvents,
  signCheckpointWith,
  verifyAuditTrailWith,
} from '../../../core/audit/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { liveSubscription } from '../kit/live.ts';
import type { Resolvers } from '../generated.ts';
import { auditCheckpointReasonEnum } from './models.ts';

export const auditResolvers: Resolvers = {
  AuditCheckpointReason: auditCheckpointReasonEnum,

  Query: {
    auditEvents: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await core.read(listAuditEvents, actor, {
        orgId: filter?.orgId ?? undefined,
        action: filter?.action ?? undefined,
        subjectId: filter?.subjectId ?? undefined,
        actorId: filter?.actorId ?? undefined,
        since: filter?.since ?? undefined,
        until: filter?.until ?? undefined,
        first: first ?? undefined,
        after: after ?? undefined,
      });
      return { nodes: page.events, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    verifyAuditTrail: (_root, { orgId, checkpoint }, { core, actor }) =>
      core.read(verifyAuditTrailWith(core.audit.key), actor, { orgId, checkpoint: checkpoint ?? undefined }),
    auditCheckpoints: async (_root, { orgId, first, after }, { core, actor }) => {
      const page = await core.read(listAuditCheckpoints, actor, { orgId, first: first ?? undefined, after: after ?? undefined });
      return { nodes: page.checkpoints, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  },

  Mutation: {
    signAuditCheckpoint: async (_root, { orgId }, { core, actor }) => {
      const { signed: _signed, ...checkpoint } = await core.execute(signCheckpointWith(core.auditKey), actor, { orgId, reason: 'demand' });
      return checkpoint;
    },
  },

  Subscription: {
    auditCheckpointSigned: {
      subscribe: (_root, { orgId }, ctx) =>
        liveSubscription(ctx, {
          subject: async (actor) => (await ctx.core.read(followAuditTrail, actor, { orgId })).stillAllowed,
          topic: (event) => AuditEvents.checkpointSigned.is(event) && event.orgId === orgId,
        }),
      // Yields the checkpoint the event carries (its topic lets no other event through).
      resolve: (event: DomainEvent) => {
        if (!AuditEvents.checkpointSigned.is(event)) throw new OpsdeskError('INTERNAL', `not a checkpoint: ${event.type}`);
        return checkpointOfEvent(event);
      },
    },
  },
};
