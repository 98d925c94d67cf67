/**
 * The deeper SLA and satisfaction over GraphQL: a ticket's resolution clock, its pauses and its
 * rating (each read for all the tickets of a list at once), `rateTicket`, `setResolutionTarget`,
 * and the SLA report's satisfaction figures. Each resolver calls one core query or command.
 */
import { satisfactionReport } from '../../../core/reports/index.ts';
import { getTicket, rateTicket, setResolutionTarget, ticketRatingsOf, ticketSlaStates } from '../../../core/tickets/index.ts';
import { batchLoader } from '../kit/loaders.ts';
import type { Resolvers } from '../generated.ts';

const slaStateOf = batchLoader((ctx, ticketIds) => ctx.core.read(ticketSlaStates, ctx.actor, { ticketIds: [...ticketIds] }));
const ratingOf = batchLoader((ctx, ticketIds) => ctx.core.read(ticketRatingsOf, ctx.actor, { ticketIds: [...ticketIds] }));

export const ticketSlaResolvers: Resolvers = {
  Ticket: {
    resolution: async ({ id }, _args, ctx) => (await slaStateOf(ctx, id))?.resolution ?? null,
    slaPauses: async ({ id }, _args, ctx) => (await slaStateOf(ctx, id))?.pauses ?? [],
    satisfaction: async ({ id }, _args, ctx) => (await ratingOf(ctx, id)) ?? { rating: null, canRate: false },
  },

  SlaReport: {
    satisfaction: (report, _args, { core, actor }) => core.read(satisfactionReport, actor, { orgId: report.org.id, month: report.month }),
  },

  Mutation: {
    rateTicket: async (_root, { ticketId, score, comment }, { core, actor }) => {
      await core.execute(rateTicket, actor, { ticketId, score, comment: comment ?? undefined });
      return core.read(getTicket, actor, { id: ticketId });
    },
    setResolutionTarget: (_root, { orgId, severity, minutes, clock }, { core, actor }) =>
      core.execute(setResolutionTarget, actor, { orgId, severity, minutes: minutes ?? null, clock: clock ?? undefined }),
  },
};
