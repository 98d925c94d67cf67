/** The tickets capability's part of the GraphQL door. */
import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../generated.ts';
import type { GraphqlPart } from '../index.ts';
import { attachmentResolvers } from './attachments.ts';
import { ticketNoteResolvers } from './notes.ts';
import { ticketResolvers } from './resolvers.ts';
import { ticketSlaResolvers } from './sla-depth.ts';

export default {
  resolvers: mergeResolvers([ticketResolvers, ticketNoteResolvers, attachmentResolvers, ticketSlaResolvers]) as Resolvers,
} satisfies GraphqlPart;
