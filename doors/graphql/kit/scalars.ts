/** The custom scalars of schema.graphql. */
import { GraphQLScalarType, Kind } from 'graphql';
import { OpsdeskError } from '../../../core/errors.ts';
import { INSTANT_FORMAT_MESSAGE, parseInstant } from '../../../core/input.ts';
import type { Resolvers } from '../generated.ts';

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * Strict ISO 8601 within 1970-9999 (`core/input.ts`): `new Date` would take "5" as the year 2005
 * and roll 2026-02-30 into March. The input edge names the field first; this is the backstop.
 */
function parseDate(value: unknown): Date {
  const parsed = typeof value === 'string' ? parseInstant(value) : { problem: INSTANT_FORMAT_MESSAGE };
  if ('problem' in parsed) throw new OpsdeskError('INVALID_INPUT', `DateTime ${parsed.problem}`);
  return parsed.instant;
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
});

export const scalarResolvers: Resolvers = { DateTime, JSON: JSONScalar };
