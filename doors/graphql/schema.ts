import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers.ts';

const schemaPath = new URL('../../schema.graphql', import.meta.url);

/** The executable schema, shared by the HTTP and the WebSocket doors. */
export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readFileSync(schemaPath, 'utf8'), resolvers: resolvers as never });
}
