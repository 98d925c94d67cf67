/**
 * The one closed catalogue of error codes. Every door maps a code at one boundary
 * (GraphQL `extensions.code`, a socket.io ack or `connect_error`, an ephemeral Slack message,
 * an HTTP status, a CLI exit). Anything that is not an `OpsdeskError` is an internal error:
 * the user sees "internal error", the operator's log gets the whole thing.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  /** The database cannot be reached: nothing was done; the same request may work shortly. */
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class OpsdeskError extends Error {
  override readonly name = 'OpsdeskError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe, user-facing details (for example which fields were invalid). Never driver output. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const INTERNAL_MESSAGE = 'internal error';
export const UNAVAILABLE_MESSAGE = 'the service is unavailable: its database cannot be reached; try again shortly';
/** The backstop's words for a value the database refused: the edges name the field before it gets there. */
export const BAD_VALUE_MESSAGE = 'invalid input: a value is malformed or out of range';

export interface PublicError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * What a user may see of any error: our own message; for a database that cannot be reached,
 * UNAVAILABLE; for a value the database refused as malformed, INVALID_INPUT; else "internal error".
 * Never driver text.
 */
export function publicError(error: unknown): PublicError {
  if (error instanceof OpsdeskError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (isDatabaseUnavailable(error)) return { code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE };
  if (isDataException(error)) return { code: 'INVALID_INPUT', message: BAD_VALUE_MESSAGE };
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

/** Seconds a RATE_LIMITED error asks the caller to wait, when it says. */
export function retryAfterSeconds(error: PublicError): number | undefined {
  const seconds = error.details?.retryAfterSeconds;
  return error.code === 'RATE_LIMITED' && typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function isOpsdeskError(error: unknown): error is OpsdeskError {
  return error instanceof OpsdeskError;
}

/** The error and the causes it wraps (drizzle wraps the driver's error), nearest first. */
function* causes(error: unknown): Generator<{ code?: unknown; severity?: unknown; message?: unknown }> {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    yield e as { code?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/** Whether the error, or one it wraps, carries a SQLSTATE that matches. */
const hasSqlState = (error: unknown, state: RegExp): boolean => {
  for (const e of causes(error)) if (typeof e.code === 'string' && state.test(e.code)) return true;
  return false;
};

/** PostgreSQL unique violation: the caller turns it into a CONFLICT with its own words. */
export function isUniqueViolation(error: unknown): boolean {
  return hasSqlState(error, /^23505$/);
}

/** What the drivers say when there is no connection to be had: postgres.js's own codes and the socket's. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * The database cannot be reached: a connection refused, ended or timed out; SQLSTATE class 08
 * (connection exception) or 57P01-57P03 (the server shutting down or not yet up); any error of
 * severity FATAL or PANIC, which ends the session (a database refusing connections, failed
 * authentication); or the embedded database closed under us.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || /^08[0-9A-Z]{3}$|^57P0[123]$/.test(e.code))) return true;
    if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
    if (e.message === 'PGlite is closed') return true;
  }
  return false;
}

/**
 * SQLSTATE class 22, data exception: a value the database would not take (bad encoding, out of
 * range, invalid text representation). A backstop: the doors' edges refuse such values first.
 */
export function isDataException(error: unknown): boolean {
  return hasSqlState(error, /^22[0-9A-Z]{3}$/);
}
