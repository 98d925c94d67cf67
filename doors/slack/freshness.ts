/**
 * Slack's rule for a request's `x-slack-request-timestamp`: more than five minutes away from now,
 * either way, and the request is refused (a replay, or a clock that cannot be trusted). Bolt's
 * receiver only refuses old ones; this guard sits in front of it and refuses those from the future
 * the same way (401), before Bolt verifies or parses anything.
 *
 * The wire's time, not the domain clock: Slack signs with real time, and tests run the domain on a
 * manual clock.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../core/observability.ts';

export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export function refuseFutureSlackRequests(logger: Logger, now: () => number = Date.now) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = typeof header === 'string' ? Number(header) : Number.NaN;
    const nowSeconds = Math.floor(now() / 1000);
    // A missing or malformed header is Bolt's to refuse: it answers those as it always has.
    if (Number.isFinite(timestamp) && timestamp - nowSeconds > SLACK_TIMESTAMP_TOLERANCE_SECONDS) {
      logger.warn(
        { requestId: req.requestId, timestamp, aheadSeconds: timestamp - nowSeconds },
        'refused a Slack request signed more than five minutes in the future',
      );
      res.status(401).end();
      return;
    }
    next();
  };
}
