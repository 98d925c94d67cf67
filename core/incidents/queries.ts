/**
 * Reads of incidents and maintenance windows, run with the actor they are for: provider staff see
 * all; a client person sees those touching a service they may see (public, or used by their org),
 * and of each only the services they may see, never the alarms. Anything else is "not found".
 */
import { and, asc, desc, eq, gte, inArray, isNull, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { incidentAlarms, incidents, incidentServices, incidentTickets, incidentUpdates, maintenanceServices, maintenanceWindows, orgs, services as serviceTable, type IncidentRow, type MaintenanceWindowRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { canSee, isProviderStaff, isSystem } from '../policy.ts';
import { defineQuery, type Followed } from '../query.ts';
import { publicServiceIds, servicesByIds, serviceVisibleTo, type ServiceWithOrgs } from '../status/index.ts';
import type { IncidentView, MaintenanceView } from './model.ts';
import { incidentPolicy, INCIDENTS, MAINTENANCE } from './policy.ts';

const idInput = z.string().max(100);
const isId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const staff = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);

async function incidentViews(db: Queryable, actor: Actor, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [links, updates, alarmLinks, ticketLinks] = await Promise.all([
    db.select().from(incidentServices).where(inArray(incidentServices.incidentId, ids)),
    db.select().from(incidentUpdates).where(inArray(incidentUpdates.incidentId, ids)).orderBy(desc(incidentUpdates.seq)),
    db.select().from(incidentAlarms).where(inArray(incidentAlarms.incidentId, ids)),
    db.select().from(incidentTickets).where(inArray(incidentTickets.incidentId, ids)),
  ]);
  const services = new Map((await servicesByIds(db, links.map((l) => l.serviceId))).map((s) => [s.id, s]));
  const isStaff = staff(actor);
  return rows.flatMap((row): IncidentView[] => {
    const own = links.filter((l) => l.incidentId === row.id).flatMap((l) => services.get(l.serviceId) ?? []);
    const visible = own.filter((s) => serviceVisibleTo(actor, s));
    if (!incidentPolicy.sees(actor, { kind: 'incident', touchesVisible: visible.length > 0 })) return [];
    return [
      {
        id: row.id,
        title: row.title,
        impact: row.impact,
        status: row.status,
        origin: row.origin,
        openedAt: row.openedAt,
        updatedAt: row.updatedAt,
        resolvedAt: row.resolvedAt,
        services: (isStaff ? own : visible).map((s) => ({ id: s.id, name: s.name })),
        updates: updates.filter((u) => u.incidentId === row.id).map((u) => ({ id: u.id, status: u.status, message: u.message, byName: u.byName, at: u.at })),
        alarmIds: isStaff ? alarmLinks.filter((l) => l.incidentId === row.id).map((l) => l.alarmId) : [],
        ticketIds: isStaff ? ticketLinks.filter((l) => l.incidentId === row.id).map((l) => l.ticketId) : [],
      },
    ];
  });
}

export const getIncident = defineQuery({
  name: 'getIncident',
  input: z.object({ incidentId: idInput }),
  async run({ db, actor }, { incidentId }): Promise<IncidentView> {
    const [row] = isId(incidentId) ? await db.select().from(incidents).where(eq(incidents.id, incidentId)) : [];
    const [view] = row ? await incidentViews(db, actor, [row]) : [];
    if (!view) throw incidentPolicy.notFound(INCIDENTS);
    return view;
  },
});

/** Incidents the actor may see: the open ones and those resolved in the last `days` (default 7), newest first. */
export const listIncidents = defineQuery({
  name: 'listIncidents',
  input: z.object({ days: z.number().int().min(0).max(400).default(7) }).default({}),
  async run({ db, actor, now }, { days }): Promise<IncidentView[]> {
    const since = new Date(now.getTime() - days * 86_400_000);
    const rows = await db.select().from(incidents).where(or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since))).orderBy(desc(incidents.openedAt)).limit(500);
    return incidentViews(db, actor, rows);
  },
});

async function maintenanceViews(db: Queryable, actor: Actor, rows: MaintenanceWindowRow[]): Promise<MaintenanceView[]> {
  if (rows.length === 0) return [];
  const links = await db.select().from(maintenanceServices).where(inArray(maintenanceServices.windowId, rows.map((r) => r.id)));
  const publicIds = rows.some((r) => r.allPublic) ? await publicServiceIds(db) : [];
  const services = new Map((await servicesByIds(db, [...links.map((l) => l.serviceId), ...publicIds])).map((s) => [s.id, s]));
  const isStaff = staff(actor);
  return rows.flatMap((row): MaintenanceView[] => {
    const ids = row.allPublic ? publicIds : links.filter((l) => l.windowId === row.id).map((l) => l.serviceId);
    const own: ServiceWithOrgs[] = ids.flatMap((id) => services.get(id) ?? []);
    const visible = own.filter((s) => serviceVisibleTo(actor, s));
    if (!incidentPolicy.sees(actor, { kind: 'maintenance window', touchesVisible: visible.length > 0 })) return [];
    const { id, title, description, startsAt, endsAt, state, releaseId, allPublic } = row;
    return [{ id, title, description, startsAt, endsAt, state, releaseId, allPublic, services: (isStaff ? own : visible).map((s) => ({ id: s.id, name: s.name })) }];
  });
}

export const getMaintenanceWindow = defineQuery({
  name: 'getMaintenanceWindow',
  input: z.object({ windowId: idInput }),
  async run({ db, actor }, { windowId }): Promise<MaintenanceView> {
    const [row] = isId(windowId) ? await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, windowId)) : [];
    const [view] = row ? await maintenanceViews(db, actor, [row]) : [];
    if (!view) throw incidentPolicy.notFound(MAINTENANCE);
    return view;
  },
});

/** Windows not over (scheduled and in progress), soonest first; with `all`, the cancelled and completed too. */
export const listMaintenanceWindows = defineQuery({
  name: 'listMaintenanceWindows',
  input: z.object({ all: z.boolean().default(false) }).default({}),
  async run({ db, actor }, { all }): Promise<MaintenanceView[]> {
    const rows = await db
      .select()
      .from(maintenanceWindows)
      .where(all ? undefined : and(ne(maintenanceWindows.state, 'cancelled'), ne(maintenanceWindows.state, 'completed')))
      .orderBy(asc(maintenanceWindows.startsAt))
      .limit(500);
    return maintenanceViews(db, actor, rows);
  },
});

/**
 * What a stream of incident and maintenance events follows: every org's notices and the provider's
 * events (provider staff, without an org), or one org's notices (whoever sees the org).
 */
export const followIncidents = defineQuery({
  name: 'followIncidents',
  input: z.object({ orgId: idInput.optional() }),
  async run({ db, actor }, { orgId }): Promise<Followed<{ orgId: string | null }>> {
    if (!orgId) {
      if (staff(actor)) return { subject: { orgId: null }, stillAllowed: (now) => { if (!staff(now)) throw new OpsdeskError('FORBIDDEN', 'only provider staff follow every org'); } };
      const clientOrgs = actor.type === 'person' ? actor.memberships.filter((m) => m.orgKind === 'client') : [];
      if (clientOrgs.length !== 1) throw new OpsdeskError('INVALID_INPUT', 'say which org to follow (orgId)', { fields: { orgId: 'required' } });
      orgId = clientOrgs[0]!.orgId;
    }
    const [org] = isId(orgId) ? await db.select({ id: orgs.id, kind: orgs.kind }).from(orgs).where(eq(orgs.id, orgId)) : [];
    if (!org || !canSee(actor, org)) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
    const ref = { id: org.id, kind: org.kind };
    return { subject: { orgId: org.id }, stillAllowed: (now) => { if (!canSee(now, ref)) throw new OpsdeskError('NOT_FOUND', 'organisation not found'); } };
  },
});

/** What the declare form offers: every service not archived (provider staff; FORBIDDEN for others). */
export const incidentChoices = defineQuery({
  name: 'incidentChoices',
  input: z.object({}).default({}),
  async run({ db, actor }): Promise<{ services: Array<{ id: string; name: string; isPublic: boolean }> }> {
    incidentPolicy.authorize(actor, 'incidents.manage', INCIDENTS);
    const rows = await db.select({ id: serviceTable.id, name: serviceTable.name, isPublic: serviceTable.isPublic }).from(serviceTable).where(isNull(serviceTable.archivedAt)).orderBy(asc(serviceTable.name));
    return { services: rows };
  },
});

/** An incident for the update form: provider staff only (FORBIDDEN for others who see it, NOT_FOUND for the rest). */
export const incidentToUpdate = defineQuery({
  name: 'incidentToUpdate',
  input: z.object({ incidentId: idInput }),
  async run(ctx, { incidentId }): Promise<IncidentView> {
    const view = await getIncident.run(ctx, { incidentId });
    incidentPolicy.authorize(ctx.actor, 'incidents.manage', { kind: 'incident', touchesVisible: true });
    return view;
  },
});
