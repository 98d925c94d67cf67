/** The custom scalars of schema.graphql. */
import { GraphQLScalarType, Kind } from 'graphql';
import { OpsdeskError } from '../../../core/errors.ts';
import type { Resolvers } from '../generated.ts';

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new OpsdeskError('INVALID_INPUT', 'DateTime must be an ISO-8601 string');
  return date;
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
});

export const scalarResolvers: Resolvers = { DateTime, JSON: JSONScalar };
