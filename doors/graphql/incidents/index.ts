/** The incidents capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { incidentResolvers } from './resolvers.ts';

export default { resolvers: incidentResolvers } satisfies GraphqlPart;
