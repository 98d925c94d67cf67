/** The audit trail's signed checkpoints: list, sign on demand, follow live. */
import { CHECKPOINT_ACTION, checkpointView, signCheckpointWith, type CheckpointData } from '../../../core/audit/checkpoints.ts';
import { auditReadableOrg, listAuditCheckpoints } from '../../../core/audit/queries.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { liveSubscription } from '../kit/live.ts';
import { auditPolicy } from '../../../core/audit/policy.ts';
import type { Resolvers } from '../generated.ts';
import { auditCheckpointReasonEnum } from './models.ts';

export const auditResolvers: Resolvers = {
  AuditCheckpointReason: auditCheckpointReasonEnum,

  Query: {
    auditCheckpoints: async (_root, { orgId, first, after }, { core, actor }) => {
      const page = await listAuditCheckpoints(core.database.db, actor, orgId, first ?? 20, after ?? undefined);
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
          subject: async (actor) => auditPolicy.follow(actor, 'audit.read', await auditReadableOrg(ctx.core.database.db, actor, orgId)).stillAllowed,
          topic: (event) => event.type === CHECKPOINT_ACTION && event.orgId === orgId,
        }),
      // The checkpoint's own event comes right after the events it covers (the head is held while signing).
      resolve: (event: DomainEvent) => {
        const data = event.payload as unknown as CheckpointData;
        return checkpointView(event.orgId!, data.size + 1, data);
      },
    },
  },
};
