/** Per-request plumbing shared by every HTTP door: a request id and the request counter. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Core } from '../core/core.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Also written into every audit event the request causes. */
    requestId: string;
  }
}

/**
 * What a caller's id may look like to be kept: it lands in every audit event, log line and answer
 * header the request causes, so it is short and made of characters that mean nothing anywhere
 * (no separators of log formats, paths, or shells).
 */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A caller-supplied id is kept (for tracing across services) when it is short and safe; otherwise a fresh one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function requestContext(core: Core) {
  return (req: Request, res: Response, next: NextFunction) => {
    req.requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', req.requestId);
    res.on('finish', () => {
      const route = routeLabel((req.originalUrl ?? req.url).split('?')[0] ?? '');
      core.metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      core.logger.debug({ requestId: req.requestId, method: req.method, route, status: res.statusCode }, 'request');
    });
    next();
  };
}

/** Bounded label values: paths with ids would grow the metric without limit. */
function routeLabel(path: string): string {
  const known = ['/graphql', '/slack/events', '/healthz', '/readyz', '/metrics'];
  if (known.includes(path)) return path;
  if (path.startsWith('/hooks/')) return path.split('/').slice(0, 3).join('/');
  return 'other';
}
