/**
 * The GraphQL boundary for errors, the same for HTTP (Apollo's formatError) and graphql-ws:
 * - an `OpsdeskError` keeps its code, message and details (RATE_LIMITED also says `retryAfter`);
 * - GraphQL's own errors (parse, validation, variables it cannot coerce) keep their message and a
 *   catalogued code (their own when it is one, such as UNAUTHENTICATED, else INVALID_INPUT); in
 *   production without "Did you mean ...?" suggestions, which tell a stranger what the schema holds;
 * - anything else goes through `publicError`: UNAVAILABLE for a database that cannot be reached,
 *   INVALID_INPUT for a value it refused, otherwise "internal error" for the user and the whole
 *   error in the operator's log.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, isOpsdeskError, publicError, type ErrorCode, type PublicError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/observability.ts';
import { graphqlExtensions } from '../../../server/http-errors.ts';

/** Codes GraphQL and Apollo give their own errors before any resolver runs. */
const GRAPHQL_OWN_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'INVALID_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'INVALID_INPUT',
  BAD_USER_INPUT: 'INVALID_INPUT',
  BAD_REQUEST: 'INVALID_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'INVALID_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'INVALID_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'INVALID_INPUT',
};

const CATALOGUE = new Set<string>(ERROR_CODES);

export interface BoundaryOptions {
  /** NODE_ENV=production: no schema hints in messages. */
  production: boolean;
}

/** graphql-js's and Apollo's hints at names in the schema: `Did you mean "events"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** GraphQL wraps what a resolver (or a scalar's parser) threw; the thrown error decides. */
const unwrap = (error: unknown) => (error instanceof GraphQLError && error.originalError ? error.originalError : error);

interface SafeError {
  message: string;
  extensions: Record<string, unknown>;
}

function safeErrorOf(error: unknown, shownMessage: string, logger: Logger, options: BoundaryOptions): SafeError {
  const original = unwrap(error);
  if (isOpsdeskError(original)) return { message: original.message, extensions: graphqlExtensions(publicError(original)) };
  if (original instanceof GraphQLError && !original.originalError) {
    const own = String(original.extensions?.code ?? (error as GraphQLError).extensions?.code);
    const message = options.production ? shownMessage.replace(SUGGESTION, '') : shownMessage;
    // Already through this boundary (graphql-ws maps what onSubscribe returned once more): unchanged.
    if (CATALOGUE.has(own)) {
      const { details, retryAfter } = original.extensions as { details?: unknown; retryAfter?: unknown };
      return { message, extensions: { code: own, ...(details ? { details } : {}), ...(retryAfter !== undefined ? { retryAfter } : {}) } };
    }
    return { message, extensions: { code: GRAPHQL_OWN_CODES[own] ?? 'INVALID_INPUT' } };
  }
  const visible = publicError(original);
  if (visible.code === 'INTERNAL') logger.error({ err: original }, 'unexpected error in a GraphQL operation');
  else if (visible.code === 'UNAVAILABLE') logger.error({ err: original }, 'the database is unavailable');
  else logger.warn({ err: original }, 'the database refused a value the GraphQL edge let through');
  return { message: visible.message, extensions: graphqlExtensions(visible) };
}

/** Apollo's `formatError`. */
export function formatError(logger: Logger, options: BoundaryOptions = { production: false }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const safe = safeErrorOf(error, formatted.message, logger, options);
    return {
      message: safe.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: safe.extensions,
    };
  };
}

/** The same mapping for graphql-ws, which formats errors itself. */
export function toSafeGraphQLError(error: unknown, logger: Logger, options: BoundaryOptions = { production: false }): GraphQLError {
  const message = error instanceof Error ? error.message : String(error);
  const safe = safeErrorOf(error, message, logger, options);
  const path = error instanceof GraphQLError ? error.path : undefined;
  return new GraphQLError(safe.message, { extensions: safe.extensions, ...(path ? { path } : {}) });
}

/**
 * An error thrown between validation and execution (the input edge, the cost check), shaped for
 * Apollo: a client error answers 400, where Apollo would otherwise answer 500.
 */
export function asClientError(error: unknown): unknown {
  if (!isOpsdeskError(error) && !(error instanceof GraphQLError)) return error;
  return new GraphQLError(error.message, {
    originalError: error instanceof GraphQLError ? (error.originalError ?? error) : error,
    extensions: { http: { status: 400 } },
  });
}

/** Whatever was thrown, as the boundary will show it (without logging). */
export function publicErrorOfThrown(error: unknown): PublicError {
  const original = unwrap(error);
  if (original instanceof GraphQLError && !original.originalError) return { code: 'INVALID_INPUT', message: original.message };
  return publicError(original);
}
