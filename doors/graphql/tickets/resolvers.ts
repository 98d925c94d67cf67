/** The tickets' resolvers: each calls one core query or command with the authenticated actor. */
import { followOrg, getOrg } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import {
  AttachmentEvents,
  STATUS_LABELS,
  TicketEvents,
  TicketNoteEvents,
  TicketSlaEvents,
  acceptSeverity,
  agreementState,
  approveClosure,
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  followTicket,
  getTicket,
  listComments,
  listTickets,
  noteTicketOrgId,
  openTicket,
  otherSide,
  proposeSeverity,
  reopenTicket,
  setSlaTarget,
  ticketByKey,
} from '../../../core/tickets/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { liveSubscription } from '../kit/live.ts';
import { subjectOncePerEvent } from '../kit/event-reads.ts';
import { personRef } from '../kit/people.ts';
import { sideEnum, slaClockEnum, ticketKindEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';
import { searchTicketsResolver, ticketSearchHitResolvers } from './search.ts';
import { ticketSearchFieldEnum } from './models.ts';

/** The ticket as of an event, read once for all its subscribers. */
const ticketOfEvent = subjectOncePerEvent((ctx, ticketId) => ctx.core.read(followTicket, ctx.actor, { ticketId }));

export const ticketResolvers: Resolvers = {
  TicketKind: ticketKindEnum,
  Side: sideEnum,
  SlaClock: slaClockEnum,

  Query: {
    ticket: (_root, { id }, { core, actor }) => core.read(getTicket, actor, { id }),
    ticketByKey: (_root, { key }, { core, actor }) => core.read(ticketByKey, actor, { key }),
    tickets: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await core.read(listTickets, actor, {
        orgId: filter?.orgId ?? undefined,
        status: filter?.status ?? undefined,
        severity: filter?.severity ?? undefined,
        assigneeId: filter?.assigneeId ?? undefined,
        slaBreached: filter?.slaBreached ?? undefined,
        first: first ?? undefined,
        after: after ?? undefined,
      });
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    searchTickets: searchTicketsResolver,
  },

  TicketSearchHit: ticketSearchHitResolvers,
  TicketSearchField: ticketSearchFieldEnum,

  Ticket: {
    org: ({ orgId }, _args, { core, actor }) => core.read(getOrg, actor, { orgId }),
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
    initiator: ({ initiatorId }, _args, ctx) => personRef(ctx, initiatorId),
    assignee: ({ assigneeId }, _args, ctx) => (assigneeId ? personRef(ctx, assigneeId) : null),
    comments: ({ id }, _args, { core, actor }) => core.read(listComments, actor, { ticketId: id }),
  },

  SeverityProposal: {
    proposedBy: ({ proposedById }, _args, ctx) => (proposedById ? personRef(ctx, proposedById) : null),
  },

  TicketComment: {
    author: ({ authorId, authorName }) => ({ id: authorId, name: authorName }),
  },

  TicketEvent: {
    ticketId: (event) => event.subjectId,
    // A note's event is the provider's (no org of its own): it names its ticket's org.
    orgId: (event) => event.orgId ?? noteTicketOrgId(event)!,
    ticket: (event, _args, ctx) => ticketOfEvent(ctx, event),
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
        // Each message is the ticket event itself (`TicketEvent`), its ticket read as of the event; its files' and SLA clock's events too.
        // Note events pass the catalogue's read rule for provider staff only.
        const isTicketEvent = (event: DomainEvent) =>
          ((TicketEvents.has(event) || AttachmentEvents.has(event) || TicketSlaEvents.has(event)) && event.subjectType === 'ticket') ||
          TicketNoteEvents.has(event);
        if (ticketId) {
          return liveSubscription(ctx, {
            subject: async (actor) => (await ctx.core.read(followTicket, actor, { ticketId })).stillAllowed,
            topic: (event) => isTicketEvent(event) && event.subjectId === ticketId,
          });
        }
        return liveSubscription(ctx, {
          subject: async (actor) => (await ctx.core.read(followOrg, actor, { orgId: orgId! })).stillAllowed,
          topic: (event) => isTicketEvent(event) && (event.orgId ?? noteTicketOrgId(event)) === orgId,
        });
      },
      resolve: (event: DomainEvent) => event,
    },
  },
};

