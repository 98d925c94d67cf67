import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from './generated.ts';
import { scalarResolvers } from './kit/scalars.ts';

const schemaPath = new URL('../../schema.graphql', import.meta.url);

/** The executable schema: schema.graphql with the door's scalars and every capability's resolvers. */
export function buildSchema(resolvers: readonly Resolvers[]): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readFileSync(schemaPath, 'utf8'), resolvers: [scalarResolvers, ...resolvers] as never });
}
