/** The tickets' resolvers: each calls one core query or command with the authenticated actor. */
import { eq } from 'drizzle-orm';
import { people, tickets, type TicketRow } from '../../../db/schema.ts';
import type { Queryable } from '../../../db/client.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { followOrg } from '../../../core/directory/index.ts';
import { orgById } from '../../../core/directory/lookups.ts';
import {
  acceptSeverity,
  approveClosure,
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  openTicket,
  proposeSeverity,
  reopenTicket,
  setSlaTarget,
} from '../../../core/tickets/index.ts';
import { STATUS_LABELS, agreementState, otherSide, type Severity, type TicketStatus } from '../../../core/tickets/model.ts';
import { getTicket, getTicketByKey, listComments, listTickets } from '../../../core/tickets/queries.ts';
import { canSeeTicket, ticketNotFound } from '../../../core/tickets/policy.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { TicketEvents } from '../../../core/tickets/index.ts';
import { liveSubscription } from '../kit/live.ts';
import { readOncePerEvent } from '../kit/event-reads.ts';
import { sideEnum, slaClockEnum, ticketKindEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';

/** The ticket as of an event, read once for all its subscribers. */
const ticketOfEvent = readOncePerEvent((db, ticketId) =>
  db
    .select()
    .from(tickets)
    .where(eq(tickets.id, ticketId))
    .then((rows): TicketRow | undefined => rows[0]),
);

async function personRef(db: Queryable, id: string) {
  const [person] = await db.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, id));
  return person ?? { id, name: 'unknown person' };
}

export const ticketResolvers: Resolvers = {
  TicketKind: ticketKindEnum,
  Side: sideEnum,
  SlaClock: slaClockEnum,

  Query: {
    ticket: (_root, { id }, { core, actor }) => getTicket(core.database.db, actor, id),
    ticketByKey: (_root, { key }, { core, actor }) => getTicketByKey(core.database.db, actor, key),
    tickets: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await listTickets(
        core.database.db,
        actor,
        {
          orgId: filter?.orgId ?? undefined,
          status: (filter?.status ?? undefined) as TicketStatus[] | undefined,
          severity: (filter?.severity ?? undefined) as Severity[] | undefined,
          assigneeId: filter?.assigneeId ?? undefined,
          slaBreached: filter?.slaBreached ?? undefined,
        },
        first ?? 50,
        after ?? undefined,
      );
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  },

  Ticket: {
    org: async ({ orgId }, _args, { core }) => {
      const org = await orgById(core.database.db, orgId);
      if (!org) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
      return org;
    },
    statusLabel: ({ status }) => STATUS_LABELS[status],
    agreement: (ticket) => agreementState(ticket),
    proposal: (ticket) =>
      ticket.proposedSeverity && ticket.proposedBySide
        ? {
            severity: ticket.proposedSeverity,
            by: ticket.proposedBySide,
            awaiting: otherSide(ticket.proposedBySide),
            proposedById: ticket.proposedById,
          }
        : null,
    initiator: ({ initiatorId }, _args, { core }) => personRef(core.database.db, initiatorId),
    assignee: ({ assigneeId }, _args, { core }) => (assigneeId ? personRef(core.database.db, assigneeId) : null),
    comments: ({ id }, _args, { core, actor }) => listComments(core.database.db, actor, id),
  },

  SeverityProposal: {
    proposedBy: ({ proposedById }, _args, { core }) => (proposedById ? personRef(core.database.db, proposedById) : null),
  },

  TicketComment: {
    author: ({ authorId, authorName }) => ({ id: authorId, name: authorName }),
  },

  TicketEvent: {
    ticketId: (event) => event.subjectId,
    orgId: (event) => event.orgId!,
    ticket: async (event, _args, { core, actor }) => {
      const ticket = await ticketOfEvent(core.database.db, event.id, event.subjectId);
      if (!ticket || !canSeeTicket(actor, ticket)) throw ticketNotFound();
      return ticket;
    },
  },

  Mutation: {
    openTicket: (_root, { input }, { core, actor }) =>
      core.execute(openTicket, actor, {
        orgId: input.orgId,
        title: input.title,
        description: input.description ?? undefined,
        kind: input.kind ?? undefined,
        proposedSeverity: input.proposedSeverity ?? undefined,
        idempotencyKey: input.idempotencyKey ?? undefined,
      }),
    proposeSeverity: (_root, { ticketId, severity }, { core, actor }) => core.execute(proposeSeverity, actor, { ticketId, severity }),
    acceptSeverity: (_root, { ticketId, severity }, { core, actor }) =>
      core.execute(acceptSeverity, actor, { ticketId, severity: severity ?? undefined }),
    assignTicket: (_root, { ticketId, assigneeId }, { core, actor }) =>
      core.execute(assignTicket, actor, { ticketId, assigneeId: assigneeId ?? undefined }),
    changeTicketStatus: (_root, { ticketId, status }, { core, actor }) => core.execute(changeTicketStatus, actor, { ticketId, status }),
    commentOnTicket: async (_root, { ticketId, body }, { core, actor }) => {
      const { ticket, comment } = await core.execute(commentOnTicket, actor, { ticketId, body });
      return { ticket, comment: { ...comment, authorName: actor.name } };
    },
    approveClosure: (_root, { ticketId }, { core, actor }) => core.execute(approveClosure, actor, { ticketId }),
    reopenTicket: (_root, { ticketId, reason }, { core, actor }) =>
      core.execute(reopenTicket, actor, { ticketId, reason: reason ?? undefined }),
    setSlaTarget: (_root, { orgId, severity, minutes, clock }, { core, actor }) =>
      core.execute(setSlaTarget, actor, { orgId, severity, minutes: minutes ?? null, clock: clock ?? undefined }),
  },

  Subscription: {
    ticketEvents: {
      subscribe: async (_root, { orgId, ticketId }, ctx) => {
        if (Boolean(orgId) === Boolean(ticketId)) {
          throw new OpsdeskError('INVALID_INPUT', 'give either orgId or ticketId', { fields: { orgId: 'one of orgId or ticketId' } });
        }
        const { db } = ctx.core.database;
        const isTicketEvent = (event: DomainEvent) => TicketEvents.has(event) && event.subjectType === 'ticket';
        if (ticketId) {
          return liveSubscription(ctx, {
            subject: async (actor) => {
              const ticket = await getTicket(db, actor, ticketId);
              return (now) => {
                if (!canSeeTicket(now, ticket)) throw ticketNotFound();
              };
            },
            topic: (event) => isTicketEvent(event) && event.subjectId === ticketId,
          });
        }
        return liveSubscription(ctx, {
          subject: async (actor) => (await ctx.core.read(followOrg, actor, { orgId: orgId! })).stillAllowed,
          topic: (event) => isTicketEvent(event) && event.orgId === orgId,
        });
      },
      resolve: (event: unknown) => event as never,
    },
  },
};

