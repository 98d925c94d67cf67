/**
 * The public status page's machine-readable form: `GET /status.json`, for anyone, without sign-in
 * (the page itself, `/status`, is the console's app, served like every client-side route). It answers
 * the core's `publicStatus` and `publicNotices` (open and recent incidents, maintenance not over, of
 * public services), read as the host (nobody is signed in), with `Cache-Control: public,
 * max-age=30` so that browsers and proxies in front may keep it for the page's refresh interval.
 *
 * Readers asking at the same moment share one read: a burst of anonymous requests costs the
 * database one set of rollup queries, not one per request. The page stays live through
 * `GET /status/events` (status-stream.ts); the `/status.json?v=N` it then reads is answered from the
 * stream's own read of that change while it is the newest, else read afresh (never from a read begun
 * before the change).
 */
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { publicNotices, type PublicNotices } from '../../core/incidents/index.ts';
import { publicStatus, type PublicStatus } from '../../core/status/index.ts';
import { hostActor } from '../../server/auth.ts';
import { emailEnabled } from '../../server/config.ts';
import type { Host } from '../../server/door.ts';
import { ATOM_PATH, CALENDAR_PATH } from './status-feeds.ts';
import { mountStatusStream, type StatusStream } from './status-stream.ts';

/** Seconds a reader (or a proxy) may keep an answer: the page refreshes as often. */
export const STATUS_MAX_AGE_SECONDS = 30;

type StatusPage = PublicStatus & PublicNotices;

export function mountStatusPage(app: Express, host: Host): StatusStream<StatusPage> {
  const readFresh = async (requestId: string): Promise<StatusPage> => {
    const actor = hostActor('web', requestId);
    const [status, notices] = await Promise.all([host.core.read(publicStatus, actor, {}), host.core.read(publicNotices, actor, {})]);
    return { ...status, ...notices };
  };
  let inFlight: Promise<StatusPage> | undefined;
  const read = (requestId: string): Promise<StatusPage> => {
    inFlight ??= readFresh(requestId).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  // The stream's reads are its own: a read begun before a change must not be taken for one after it.
  const stream = mountStatusStream(app, host, () => readFresh(`status-stream-${randomUUID()}`));

  app.get('/status.json', async (req: Request, res: Response, next) => {
    try {
      const asked = typeof req.query.v === 'string' ? req.query.v : undefined;
      const status = stream.answerFor(asked, STATUS_MAX_AGE_SECONDS * 1000) ?? (await read(req.requestId));
      res.status(200);
      res.setHeader('cache-control', `public, max-age=${STATUS_MAX_AGE_SECONDS}`);
      res.setHeader('access-control-allow-origin', '*');
      // Where to follow it, and whether the page may offer email subscriptions (only when opsdesk sends mail).
      res.json({ ...status, feeds: { atom: ATOM_PATH, calendar: CALENDAR_PATH }, emailSubscriptions: emailEnabled(host.config) });
    } catch (error) {
      next(error);
    }
  });
  return stream;
}
