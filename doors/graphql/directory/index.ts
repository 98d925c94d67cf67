/** The directory capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { directoryResolvers } from './resolvers.ts';

export default { resolvers: directoryResolvers } satisfies GraphqlPart;
