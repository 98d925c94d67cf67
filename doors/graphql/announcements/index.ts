/** The announcements capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { announcementResolvers } from './resolvers.ts';

export default { resolvers: announcementResolvers } satisfies GraphqlPart;
