/** The exports capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { exportsResolvers } from './resolvers.ts';

export default { resolvers: exportsResolvers } satisfies GraphqlPart;
