/** The status capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { statusResolvers } from './resolvers.ts';

export default { resolvers: statusResolvers } satisfies GraphqlPart;
