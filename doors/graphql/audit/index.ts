/** The audit capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { auditResolvers } from './resolvers.ts';

export default { resolvers: auditResolvers } satisfies GraphqlPart;
