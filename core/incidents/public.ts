/**
 * What the public status page says of incidents and maintenance: the same for everybody, signed in
 * or not, so only what touches PUBLIC services, and of each only the public services' names.
 *
 * - incidents still open, and those resolved in the last `PUBLIC_INCIDENT_DAYS` days, newest
 *   first, with their public updates (status, message, time; never who wrote them, the alarms or the
 *   tickets behind them);
 * - maintenance windows not over (scheduled or in progress), soonest first.
 *
 * A window or an incident that touches only internal services, or only services of some orgs, is
 * not on the page (those orgs are told in Slack and by mail, and see it signed in).
 */
import { and, asc, desc, gte, inArray, isNull, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, incidentServices, incidentUpdates, maintenanceServices, maintenanceWindows } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import { publicServiceIds, servicesByIds } from '../status/index.ts';
import type { IncidentImpact, IncidentStatus, MaintenanceState } from './model.ts';
import { IMPACT_LABELS, STATUS_LABELS } from './model.ts';

/** How long a resolved incident stays on the page. */
export const PUBLIC_INCIDENT_DAYS = 7;

export interface PublicIncident {
  id: string;
  title: string;
  impact: IncidentImpact;
  impactLabel: string;
  status: IncidentStatus;
  statusLabel: string;
  openedAt: Date;
  resolvedAt: Date | null;
  /** The public services it touches, by name. */
  services: string[];
  /** Newest first. */
  updates: Array<{ status: IncidentStatus; statusLabel: string; message: string; at: Date }>;
}

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

export const publicNotices = defineQuery({
  name: 'publicNotices',
  input: z.object({}).default({}),
  async run({ db, now }): Promise<PublicNotices> {
    const publicIds = await publicServiceIds(db);
    if (publicIds.length === 0) return { incidents: [], maintenance: [] };
    const names = new Map((await servicesByIds(db, publicIds)).map((s) => [s.id, s.name]));
    const namesOf = (ids: string[]) => [...new Set(ids.flatMap((id) => names.get(id) ?? []))].sort((a, b) => a.localeCompare(b));

    const since = new Date(now.getTime() - PUBLIC_INCIDENT_DAYS * 86_400_000);
    const touched = await db
      .select({ incidentId: incidentServices.incidentId, serviceId: incidentServices.serviceId })
      .from(incidentServices)
      .where(inArray(incidentServices.serviceId, publicIds));
    const incidentIds = [...new Set(touched.map((t) => t.incidentId))];
    const incidentRows = incidentIds.length
      ? await db
          .select()
          .from(incidents)
          .where(and(inArray(incidents.id, incidentIds), or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since))))
          .orderBy(desc(incidents.openedAt))
      : [];
    const updates = incidentRows.length
      ? await db
          .select()
          .from(incidentUpdates)
          .where(inArray(incidentUpdates.incidentId, incidentRows.map((r) => r.id)))
          .orderBy(desc(incidentUpdates.seq))
      : [];
    const publicIncidents = incidentRows.map(
      (row): PublicIncident => ({
        id: row.id,
        title: row.title,
        impact: row.impact,
        impactLabel: IMPACT_LABELS[row.impact],
        status: row.status,
        statusLabel: STATUS_LABELS[row.status],
        openedAt: row.openedAt,
        resolvedAt: row.resolvedAt,
        services: namesOf(touched.filter((t) => t.incidentId === row.id).map((t) => t.serviceId)),
        updates: updates
          .filter((u) => u.incidentId === row.id)
          .map((u) => ({ status: u.status, statusLabel: STATUS_LABELS[u.status], message: u.message, at: u.at })),
      }),
    );

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
          .where(and(inArray(maintenanceServices.windowId, windows.map((w) => w.id)), inArray(maintenanceServices.serviceId, publicIds)))
      : [];
    const publicWindows = windows.flatMap((w): PublicMaintenance[] => {
      const serviceNames = w.allPublic ? namesOf(publicIds) : namesOf(links.filter((l) => l.windowId === w.id).map((l) => l.serviceId));
      if (serviceNames.length === 0) return [];
      return [{ id: w.id, title: w.title, description: w.description, startsAt: w.startsAt, endsAt: w.endsAt, state: w.state, services: serviceNames }];
    });
    return { incidents: publicIncidents, maintenance: publicWindows };
  },
});
