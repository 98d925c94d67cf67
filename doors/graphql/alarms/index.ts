/** The alarms capability's part of the GraphQL door. */
import type { GraphqlPart } from '../index.ts';
import { alarmResolvers } from './resolvers.ts';

export default { resolvers: alarmResolvers } satisfies GraphqlPart;
