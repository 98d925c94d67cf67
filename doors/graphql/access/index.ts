/** The access capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { accessResolvers } from './resolvers.ts';

export default { resolvers: accessResolvers } satisfies GraphqlPart;
