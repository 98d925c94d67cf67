/**
 * The public status page's machine-readable form: `GET /status.json`, for anyone, without sign-in
 * (the page itself, `/status`, is the console's app, served like every client-side route). It answers
 * the core's `publicStatus` and `publicNotices` (open and recent incidents, maintenance not over, of
 * public services), read as the host (nobody is signed in), with `Cache-Control: public,
 * max-age=30` so that browsers and proxies in front may keep it for the page's refresh interval.
 *
 * Readers asking at the same moment share one read: a burst of anonymous requests costs the
 * database one set of rollup queries, not one per request.
 */
import type { Express, Request, Response } from 'express';
import { publicNotices, type PublicNotices } from '../../core/incidents/index.ts';
import { publicStatus, type PublicStatus } from '../../core/status/index.ts';
import { hostActor } from '../../server/auth.ts';
import { emailEnabled } from '../../server/config.ts';
import type { Host } from '../../server/door.ts';
import { ATOM_PATH, CALENDAR_PATH } from './status-feeds.ts';

/** Seconds a reader (or a proxy) may keep an answer: the page refreshes as often. */
export const STATUS_MAX_AGE_SECONDS = 30;

export function mountStatusPage(app: Express, host: Host): void {
  let inFlight: Promise<PublicStatus & PublicNotices> | undefined;
  const read = (requestId: string): Promise<PublicStatus & PublicNotices> => {
    const actor = hostActor('web', requestId);
    inFlight ??= Promise.all([host.core.read(publicStatus, actor, {}), host.core.read(publicNotices, actor, {})])
      .then(([status, notices]) => ({ ...status, ...notices }))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  app.get('/status.json', async (req: Request, res: Response, next) => {
    try {
      const status = await read(req.requestId);
      res.status(200);
      res.setHeader('cache-control', `public, max-age=${STATUS_MAX_AGE_SECONDS}`);
      res.setHeader('access-control-allow-origin', '*');
      // Where to follow it, and whether the page may offer email subscriptions (only when opsdesk sends mail).
      res.json({ ...status, feeds: { atom: ATOM_PATH, calendar: CALENDAR_PATH }, emailSubscriptions: emailEnabled(host.config) });
    } catch (error) {
      next(error);
    }
  });
}
