/**
 * The status page's feeds, for anyone without sign-in: `GET /status/feed.atom` (incidents and
 * maintenance windows of public services) and `GET /status/maintenance.ics` (the windows as a
 * calendar to subscribe to). Both read the core's `publicFeed` as the host (nobody is signed in), so
 * they say exactly what the public page says, over a longer memory.
 *
 * Links and `tag:` ids are made from PUBLIC_URL (so they stay the same whoever asks); without it,
 * from the address the request used. Readers asking at the same moment share one read, and an
 * answer may be kept `FEED_MAX_AGE_SECONDS` (feed readers and calendars poll).
 */
import type { Express, Request, Response } from 'express';
import { publicFeed, type PublicFeed } from '../../core/incidents/index.ts';
import { hostActor } from '../../server/auth.ts';
import type { Host } from '../../server/door.ts';
import { atomFeed, type FeedSite } from './feeds/atom.ts';
import { maintenanceCalendar } from './feeds/maintenance-ics.ts';

export const FEED_MAX_AGE_SECONDS = 60;
export const ATOM_PATH = '/status/feed.atom';
export const CALENDAR_PATH = '/status/maintenance.ics';

export function mountStatusFeeds(app: Express, host: Host): void {
  let inFlight: Promise<PublicFeed> | undefined;
  const read = (requestId: string): Promise<PublicFeed> => {
    inFlight ??= host.core.read(publicFeed, hostActor('web', requestId), {}).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const siteOf = (req: Request): FeedSite => ({
    baseUrl: (host.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, ''),
    publisher: host.config.OPSDESK_PROVIDER_NAME,
  });

  const serve = (contentType: string, render: (feed: PublicFeed, site: FeedSite) => string) => async (req: Request, res: Response, next: (error: unknown) => void) => {
    try {
      const body = render(await read(req.requestId), siteOf(req));
      res.status(200);
      res.setHeader('content-type', contentType);
      res.setHeader('cache-control', `public, max-age=${FEED_MAX_AGE_SECONDS}`);
      res.setHeader('access-control-allow-origin', '*');
      res.send(body);
    } catch (error) {
      next(error);
    }
  };

  app.get(ATOM_PATH, serve('application/atom+xml; charset=utf-8', (feed, site) => atomFeed(feed, site, host.core.clock.now())));
  app.get(CALENDAR_PATH, serve('text/calendar; charset=utf-8', (feed, site) => maintenanceCalendar(feed.maintenance, site)));
}
