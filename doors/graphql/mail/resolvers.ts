/** Inbound mail over GraphQL: the quarantine for support staff, and mail sources for admins. Each resolver calls one core query or command. */
import {
  assignQuarantinedMail,
  createMailSource,
  dropQuarantinedMail,
  getQuarantinedMail,
  listQuarantine,
  rotateMailSourceSecret,
} from '../../../core/mail/index.ts';
import { getTicket } from '../../../core/tickets/index.ts';
import type { Resolvers } from '../generated.ts';

export const mailResolvers: Resolvers = {
  Query: {
    mailQuarantine: (_root, { status, first }, { core, actor }) => core.read(listQuarantine, actor, { status: status ?? undefined, limit: first ?? undefined }),
    quarantinedMail: (_root, { id }, { core, actor }) => core.read(getQuarantinedMail, actor, { id }),
  },
  Mutation: {
    assignQuarantinedMail: async (_root, { id, orgId, ticketId }, { core, actor }) => {
      const assigned = await core.execute(assignQuarantinedMail, actor, { id, orgId: orgId ?? undefined, ticketId: ticketId ?? undefined });
      return { mail: assigned.mail, ticket: await core.read(getTicket, actor, { id: assigned.ticketId }) };
    },
    dropQuarantinedMail: (_root, { id, reason }, { core, actor }) => core.execute(dropQuarantinedMail, actor, { id, reason: reason ?? undefined }),
    createMailSource: async (_root, { name }, { core, actor }) => {
      const { secret, ...source } = await core.execute(createMailSource, actor, { name });
      return { source, secret };
    },
    rotateMailSourceSecret: async (_root, { name }, { core, actor }) => {
      const { secret, ...source } = await core.execute(rotateMailSourceSecret, actor, { name });
      return { source, secret };
    },
  },
};
