/** The reports capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { reportsResolvers } from './resolvers.ts';

export default { resolvers: reportsResolvers } satisfies GraphqlPart;
