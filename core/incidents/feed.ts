/**
 * What the status page's feeds say (`/status/feed.atom`, `/status/maintenance.ics`): the same public
 * content as the page (`publicNotices`), over a longer memory, so that a feed reader sees an incident
 * through to its end and a subscribed calendar learns that a window moved or was cancelled.
 *
 * - incidents that touch a public service, still open or opened in the last `FEED_INCIDENT_DAYS`
 *   days, the `FEED_MAX_INCIDENTS` most recently changed, with their public updates;
 * - maintenance windows that touch a public service: every one not over, and those completed or
 *   cancelled in the last `FEED_ENDED_WINDOW_DAYS` days (a calendar removes a cancelled event only if
 *   it is told so), each with its revision (the calendar's SEQUENCE).
 *
 * Of each only the public services' names; never who wrote an update, the alarms or tickets behind
 * an incident, an internal service, or which orgs use a service.
 */
import { and, desc, gte, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, incidentServices, maintenanceServices, maintenanceWindows } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import { publicServiceIds, servicesByIds } from '../status/index.ts';
import type { MaintenanceState } from './model.ts';
import type { PublicIncident } from './public.ts';
import { withPublicUpdates } from './internal/public-incidents.ts';

export const FEED_INCIDENT_DAYS = 90;
export const FEED_MAX_INCIDENTS = 50;
export const FEED_ENDED_WINDOW_DAYS = 30;
const FEED_MAX_WINDOWS = 200;

export interface FeedIncident extends PublicIncident {
  /** The last public change (its latest update). */
  updatedAt: Date;
}

export interface FeedMaintenance {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  state: MaintenanceState;
  /** Rises with each move, change of services and the cancellation. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  services: string[];
}

export interface PublicFeed {
  incidents: FeedIncident[];
  maintenance: FeedMaintenance[];
}

export const publicFeed = defineQuery({
  name: 'publicFeed',
  input: z.object({}).default({}),
  async run({ db, now }): Promise<PublicFeed> {
    const publicIds = await publicServiceIds(db);
    if (publicIds.length === 0) return { incidents: [], maintenance: [] };
    const names = new Map((await servicesByIds(db, publicIds)).map((s) => [s.id, s.name]));
    const namesOf = (ids: string[]) => [...new Set(ids.flatMap((id) => names.get(id) ?? []))].sort((a, b) => a.localeCompare(b));
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

    const touched = await db
      .select({ incidentId: incidentServices.incidentId, serviceId: incidentServices.serviceId })
      .from(incidentServices)
      .where(inArray(incidentServices.serviceId, publicIds));
    const incidentIds = [...new Set(touched.map((t) => t.incidentId))];
    const incidentRows = incidentIds.length
      ? await db
          .select()
          .from(incidents)
          .where(and(inArray(incidents.id, incidentIds), or(isNull(incidents.resolvedAt), gte(incidents.openedAt, daysAgo(FEED_INCIDENT_DAYS)))))
          .orderBy(desc(incidents.updatedAt))
          .limit(FEED_MAX_INCIDENTS)
      : [];
    const feedIncidents: FeedIncident[] = await withPublicUpdates(db, incidentRows, touched, namesOf);

    const windows = await db
      .select()
      .from(maintenanceWindows)
      .where(or(inArray(maintenanceWindows.state, ['scheduled', 'in_progress']), gte(maintenanceWindows.updatedAt, daysAgo(FEED_ENDED_WINDOW_DAYS))))
      .orderBy(desc(maintenanceWindows.startsAt))
      .limit(FEED_MAX_WINDOWS);
    const links = windows.length
      ? await db
          .select()
          .from(maintenanceServices)
          .where(and(inArray(maintenanceServices.windowId, windows.map((w) => w.id)), inArray(maintenanceServices.serviceId, publicIds)))
      : [];
    const feedWindows = windows.flatMap((w): FeedMaintenance[] => {
      const serviceNames = w.allPublic ? namesOf(publicIds) : namesOf(links.filter((l) => l.windowId === w.id).map((l) => l.serviceId));
      if (serviceNames.length === 0) return [];
      const { id, title, description, startsAt, endsAt, state, revision, createdAt, updatedAt } = w;
      return [{ id, title, description, startsAt, endsAt, state, revision, createdAt, updatedAt, services: serviceNames }];
    });
    return { incidents: feedIncidents, maintenance: feedWindows };
  },
});
