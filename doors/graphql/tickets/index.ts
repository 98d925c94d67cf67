/** The tickets capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { attachmentResolvers } from './attachments.ts';
import { ticketResolvers } from './resolvers.ts';

export default {
  resolvers: { ...ticketResolvers, Ticket: { ...ticketResolvers.Ticket, ...attachmentResolvers.Ticket } },
} satisfies GraphqlPart;
