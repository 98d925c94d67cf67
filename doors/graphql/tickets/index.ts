/** The tickets capability's part of the GraphQL door. */
import { mergeResolvers } from '@graphql-tools/merge';
import type { GraphqlPart } from '../index.ts';
import type { Resolvers } from '../generated.ts';
import { ticketResolvers } from './resolvers.ts';
import { ticketSlaResolvers } from './sla-depth.ts';

export default { resolvers: mergeResolvers([ticketResolvers, ticketSlaResolvers]) as Resolvers } satisfies GraphqlPart;
