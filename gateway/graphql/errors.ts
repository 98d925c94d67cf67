/**
 * The GraphQL boundary for errors: a known `OpsdeskError` keeps its code and message; anything
 * else (a driver error with SQL parameters, a bug) becomes "internal error" for the user and a
 * whole log line for the operator.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { INTERNAL_MESSAGE, isOpsdeskError } from '../../core/errors.ts';
import type { Logger } from '../../core/observability.ts';

/** Codes GraphQL itself produces before any resolver runs (parse and validation errors). */
const GRAPHQL_OWN_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'INVALID_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'INVALID_INPUT',
  BAD_USER_INPUT: 'INVALID_INPUT',
  BAD_REQUEST: 'INVALID_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'INVALID_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'INVALID_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'INVALID_INPUT',
};

export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrap(error);
    if (isOpsdeskError(original)) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
      };
    }
    const ownCode = GRAPHQL_OWN_CODES[String(formatted.extensions?.code)];
    if (ownCode || (original instanceof GraphQLError && !original.originalError)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ownCode ?? 'INVALID_INPUT' } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}

/** GraphQL wraps what a resolver (or a scalar's parser) threw; the thrown error decides. */
const unwrap = (error: unknown) => (error instanceof GraphQLError && error.originalError ? error.originalError : error);

/** The same mapping for graphql-ws, which formats errors itself. */
export function toSafeGraphQLError(error: unknown, logger: Logger): GraphQLError {
  const original = unwrap(error);
  if (isOpsdeskError(original)) return new GraphQLError(original.message, { extensions: { code: original.code } });
  if (error instanceof GraphQLError && !error.originalError) {
    return new GraphQLError(error.message, { extensions: { code: 'INVALID_INPUT' } });
  }
  logger.error({ err: original }, 'unexpected error in a GraphQL subscription');
  return new GraphQLError(INTERNAL_MESSAGE, { extensions: { code: 'INTERNAL' } });
}
