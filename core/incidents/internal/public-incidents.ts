/**
 * Incidents as a status page and its feeds tell them: their public updates (newest first), and only
 * the shown services' names; never who wrote an update, nor the alarms and tickets behind it.
 */
import { desc, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { incidentUpdates, type incidents } from '../../../db/schema.ts';
import { IMPACT_LABELS, STATUS_LABELS } from '../model.ts';
import type { IncidentImpact, IncidentStatus } from '../model.ts';

/** An incident as a page tells it. */
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

type IncidentRow = typeof incidents.$inferSelect;

export async function withPublicUpdates(
  db: Queryable,
  rows: IncidentRow[],
  touched: Array<{ incidentId: string; serviceId: string }>,
  namesOf: (serviceIds: string[]) => string[],
): Promise<Array<PublicIncident & { updatedAt: Date }>> {
  const updates = rows.length
    ? await db
        .select()
        .from(incidentUpdates)
        .where(inArray(incidentUpdates.incidentId, rows.map((r) => r.id)))
        .orderBy(desc(incidentUpdates.seq))
    : [];
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    impact: row.impact,
    impactLabel: IMPACT_LABELS[row.impact],
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    updatedAt: row.updatedAt,
    services: namesOf(touched.filter((t) => t.incidentId === row.id).map((t) => t.serviceId)),
    updates: updates
      .filter((u) => u.incidentId === row.id)
      .map((u) => ({ status: u.status, statusLabel: STATUS_LABELS[u.status], message: u.message, at: u.at })),
  }));
}
