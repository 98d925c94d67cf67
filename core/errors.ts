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

export const notFound = (what: string) => new OpsdeskError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new OpsdeskError('FORBIDDEN', message);
export const invalidInput = (message: string, details?: Record<string, unknown>) =>
  new OpsdeskError('INVALID_INPUT', message, details);
export const conflict = (message: string) => new OpsdeskError('CONFLICT', message);

export const INTERNAL_MESSAGE = 'internal error';

/** What a user may see of any error: our own message, or "internal error". */
export function publicError(error: unknown): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
  if (error instanceof OpsdeskError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

export function isOpsdeskError(error: unknown): error is OpsdeskError {
  return error instanceof OpsdeskError;
}

/** PostgreSQL unique violation: the caller turns it into a CONFLICT with its own words. */
export function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: string }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
