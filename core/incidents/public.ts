/**
 * What a status page says of incidents and maintenance, over the services the page shows and naming
 * only those: the public page (`publicNotices`, the same for everybody, signed in or not: only what
 * touches PUBLIC services) and a client org's page (`orgNotices`: what touches the services that org
 * sees, public or its own; whoever may read the org's page).
 *
 * - incidents still open, and those resolved in the last `PUBLIC_INCIDENT_DAYS` days, newest
 *   first, with their public updates (status, message, time; never who wrote them, the alarms or the
 *   tickets behind them);
 * - maintenance windows not over (scheduled or in progress), soonest first.
 *
 * A window or an incident that touches only internal services, or only services of some orgs, is
 * not on the public page (those orgs are told in Slack and by mail, and see it on their own page).
 */
import { and, asc, desc, gte, inArray, isNull, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, incidentServices, maintenanceServices, maintenanceWindows } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import { orgPageServices, publicServiceIds, servicesByIds, type ServiceWithOrgs } from '../status/index.ts';
import type { Queryable } from '../../db/client.ts';
import type { MaintenanceState } from './model.ts';
import { withPublicUpdates, type PublicIncident } from './internal/public-incidents.ts';

/** How long a resolved incident stays on the page. */
export const PUBLIC_INCIDENT_DAYS = 7;

export type { PublicIncident } from './internal/public-incidents.ts';

export interface PublicMaintenance {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  state: MaintenanceState;
  services: string[];
}

export interface PublicNotices {
  incidents: PublicIncident[];
  maintenance: PublicMaintenance[];
}

/**
 * The notices of a page that shows these services (not archived): incidents and windows touching
 * them, naming only them. A window on every public service (a release's) covers the page's public ones.
 */
async function noticesOf(db: Queryable, now: Date, shown: ServiceWithOrgs[]): Promise<PublicNotices> {
  if (shown.length === 0) return { incidents: [], maintenance: [] };
  const shownIds = shown.map((s) => s.id);
  const publicIds = shown.filter((s) => s.isPublic).map((s) => s.id);
  const names = new Map(shown.map((s) => [s.id, s.name]));
  const namesOf = (ids: string[]) => [...new Set(ids.flatMap((id) => names.get(id) ?? []))].sort((a, b) => a.localeCompare(b));

  const since = new Date(now.getTime() - PUBLIC_INCIDENT_DAYS * 86_400_000);
  const touched = await db
    .select({ incidentId: incidentServices.incidentId, serviceId: incidentServices.serviceId })
    .from(incidentServices)
    .where(inArray(incidentServices.serviceId, shownIds));
  const incidentIds = [...new Set(touched.map((t) => t.incidentId))];
  const incidentRows = incidentIds.length
    ? await db
        .select()
        .from(incidents)
        .where(and(inArray(incidents.id, incidentIds), or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since))))
        .orderBy(desc(incidents.openedAt))
    : [];
  // The page's JSON stays as it was: when an incident last changed is the feeds' concern.
  const publicIncidents = (await withPublicUpdates(db, incidentRows, touched, namesOf)).map(({ updatedAt: _updatedAt, ...incident }): PublicIncident => incident);

  const windows = await db
    .select()
    .from(maintenanceWindows)
    .where(and(ne(maintenanceWindows.state, 'cancelled'), ne(maintenanceWindows.state, 'completed'), gte(maintenanceWindows.endsAt, now)))
    .orderBy(asc(maintenanceWindows.startsAt))
    .limit(100);
  const links = windows.length
    ? await db
        .select()
        .from(maintenanceServices)
        .where(and(inArray(maintenanceServices.windowId, windows.map((w) => w.id)), inArray(maintenanceServices.serviceId, shownIds)))
    : [];
  const publicWindows = windows.flatMap((w): PublicMaintenance[] => {
    const serviceNames = w.allPublic ? namesOf(publicIds) : namesOf(links.filter((l) => l.windowId === w.id).map((l) => l.serviceId));
    if (serviceNames.length === 0) return [];
    return [{ id: w.id, title: w.title, description: w.description, startsAt: w.startsAt, endsAt: w.endsAt, state: w.state, services: serviceNames }];
  });
  return { incidents: publicIncidents, maintenance: publicWindows };
}

export const publicNotices = defineQuery({
  name: 'publicNotices',
  input: z.object({}).default({}),
  async run({ db, now }): Promise<PublicNotices> {
    const publicIds = await publicServiceIds(db);
    return noticesOf(db, now, await servicesByIds(db, publicIds));
  },
});

/** The notices of a client org's page (NOT_FOUND, as for an unknown org, for whoever may not read it). */
export const orgNotices = defineQuery({
  name: 'orgNotices',
  input: z.object({ orgId: z.string().max(100) }),
  async run({ db, actor, now }, { orgId }): Promise<PublicNotices> {
    const { services } = await orgPageServices(db, actor, orgId);
    return noticesOf(db, now, services);
  },
});
