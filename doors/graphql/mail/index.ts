/** The inbound mail capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { mailResolvers } from './resolvers.ts';

export default { resolvers: mailResolvers } satisfies GraphqlPart;
