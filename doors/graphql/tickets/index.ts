/** The tickets capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { ticketResolvers } from './resolvers.ts';

export default { resolvers: ticketResolvers } satisfies GraphqlPart;
