/**
 * The HTTP boundary for errors, shared by every route of the one server: a catalogued code gets
 * its status; body-parser's refusals (bad JSON, too large, a charset it cannot read) theirs; anything
 * else is one pino line for the operator and "internal error" for the caller. GraphQL paths answer
 * in the GraphQL-over-HTTP error shape, every other route as `{ error: { code, message } }`.
 * Nothing of the error itself (a stack, a path, SQL, a parameter) is ever sent.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { OpsdeskError, publicError, retryAfterSeconds, type ErrorCode, type PublicError } from '../core/errors.ts';
import type { Logger } from '../core/observability.ts';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface HttpError {
  status: number;
  error: PublicError;
}

/** What body-parser (express.json and friends) throws: an HTTP error with a `type`. */
interface BodyReadError {
  type: string;
  status?: number;
  limit?: number;
  charset?: string;
}

const isBodyReadError = (error: unknown): error is BodyReadError =>
  typeof (error as BodyReadError)?.type === 'string' && typeof (error as BodyReadError).status === 'number';

/** body-parser's refusals in the catalogue's words; undefined for anything else. */
export function bodyReadProblem(error: unknown): HttpError | undefined {
  if (!isBodyReadError(error)) return undefined;
  const invalid = (status: number, message: string): HttpError => ({ status, error: { code: 'INVALID_INPUT', message } });
  switch (error.type) {
    case 'entity.parse.failed':
      return invalid(400, 'the body is not valid JSON');
    case 'entity.too.large':
      return invalid(413, `the body is larger than the limit of ${error.limit ?? 'the server'} bytes`);
    case 'charset.unsupported':
      return invalid(415, 'the body must be UTF-8 (send content-type: application/json; charset=utf-8)');
    case 'encoding.unsupported':
      return invalid(415, 'the body has a content-encoding this server does not read');
    case 'request.aborted':
    case 'request.size.invalid':
      return invalid(400, 'the body did not arrive whole');
    default:
      // Other 4xx of body-parser are the caller's; its 5xx (a stream already read) are ours.
      return error.status! >= 400 && error.status! < 500 ? invalid(error.status!, 'the body could not be read') : undefined;
  }
}

/** A 415 for routes that take JSON only. */
export const notJson = (): HttpError => ({
  status: 415,
  error: { code: 'INVALID_INPUT', message: 'the body must be JSON: send content-type: application/json' },
});

/**
 * The status and public form of any error. Logs what the caller is not told: unexpected errors in
 * full, a database outage and a value the database refused (the edges should have named it) too.
 */
export function httpErrorOf(error: unknown, logger: Logger, context: Record<string, unknown> = {}): HttpError {
  if (error instanceof HttpProblem) return error.answer;
  const body = bodyReadProblem(error);
  if (body) return body;
  const visible = publicError(error);
  if (visible.code === 'INTERNAL') logger.error({ err: error, ...context }, 'unexpected error in an HTTP request');
  else if (visible.code === 'UNAVAILABLE') logger.error({ err: error, ...context }, 'the database is unavailable');
  else if (!(error instanceof OpsdeskError)) logger.warn({ err: error, ...context }, 'the database refused a value the edge let through');
  return { status: HTTP_STATUS[visible.code], error: visible };
}

/** An answer decided before any handler ran (a wrong content type), carried to the one handler. */
export class HttpProblem extends Error {
  constructor(readonly answer: HttpError) {
    super(answer.error.message);
  }
}

/** GraphQL routes answer in the GraphQL-over-HTTP error shape. */
export const isGraphqlPath = (path: string) => path === '/graphql' || path.startsWith('/graphql/');

export function sendHttpError(req: Request, res: Response, { status, error }: HttpError): void {
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== undefined) res.setHeader('retry-after', String(Math.ceil(retryAfter)));
  res.status(status);
  if (isGraphqlPath(req.path)) {
    res.json({ errors: [{ message: error.message, extensions: graphqlExtensions(error) }] });
  } else {
    res.json({ error });
  }
}

/** `extensions` of a GraphQL error: the code, safe details, and how long to wait when rate limited. */
export function graphqlExtensions(error: PublicError): Record<string, unknown> {
  const retryAfter = retryAfterSeconds(error);
  return {
    code: error.code,
    ...(error.details ? { details: error.details } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

/** The last handler of the app: every error any route passed on, answered in JSON. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const answer = httpErrorOf(error, logger, { requestId: req.requestId, method: req.method, path: req.path });
    if (res.headersSent) {
      // Too late for a status: end the response rather than send half of two.
      res.destroy();
      return;
    }
    sendHttpError(req, res, answer);
  };
}

/** Routes nobody mounted. */
export const jsonNotFound: RequestHandler = (req, res) => {
  sendHttpError(req, res, { status: 404, error: { code: 'NOT_FOUND', message: 'no such route' } });
};
