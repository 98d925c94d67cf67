/** Ticket search over GraphQL: one core query with the actor; highlights leave as escaped HTML or as plain runs. */
import { highlightHtml, searchTickets } from '../../../core/tickets/index.ts';
import type { QueryResolvers, TicketSearchHitResolvers } from '../generated.ts';

export const searchTicketsResolver: QueryResolvers['searchTickets'] = async (_root, args, { core, actor }) => {
  const page = await core.read(searchTickets, actor, {
    search: args.search,
    orgId: args.filter?.orgId ?? undefined,
    status: args.filter?.status ?? undefined,
    severity: args.filter?.severity ?? undefined,
    assigneeId: args.filter?.assigneeId ?? undefined,
    slaBreached: args.filter?.slaBreached ?? undefined,
    openedFrom: args.openedFrom ?? undefined,
    openedBefore: args.openedBefore ?? undefined,
    first: args.first ?? undefined,
    after: args.after ?? undefined,
  });
  return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
};

export const ticketSearchHitResolvers: TicketSearchHitResolvers = {
  highlightHtml: (hit) => highlightHtml(hit.highlight),
};
