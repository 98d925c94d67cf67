/**
 * What other capabilities (incidents and maintenance) need of services, inside their own
 * transactions: services with the orgs that use them, which services an alarm belongs to, and the
 * alarm matches that cover some services. They decide nothing about who sees what: that is
 * `serviceVisibleTo` (the same rule as `statusPolicy.sees`).
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { serviceAlarmMatches, serviceOrgs, services } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { isUuid } from '../directory/index.ts';
import { STATUS_ALARM_SOURCE } from './internal/alarms.ts';
import { subjectOf, type ServiceWithOrgs } from './internal/lookups.ts';
import { statusPolicy } from './policy.ts';

export type { ServiceWithOrgs };

/** Services by id (archived ones too: an incident's history keeps them), with the orgs that use each, by name. */
export async function servicesByIds(db: Queryable, ids: readonly string[]): Promise<ServiceWithOrgs[]> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return [];
  const rows = await db.select().from(services).where(inArray(services.id, wanted)).orderBy(asc(services.name));
  const orgRows = await db.select().from(serviceOrgs).where(inArray(serviceOrgs.serviceId, wanted));
  return rows.map((r) => ({ ...r, orgIds: orgRows.filter((o) => o.serviceId === r.id).map((o) => o.orgId).sort() }));
}

/** The ids of every public service (not archived). */
export async function publicServiceIds(db: Queryable): Promise<string[]> {
  const rows = await db.select({ id: services.id }).from(services).where(and(eq(services.isPublic, true), isNull(services.archivedAt)));
  return rows.map((r) => r.id);
}

/** The services (not archived) an alarm of this source and `service` value belongs to: by their alarm matches, and opsdesk's own checks by name. */
export async function servicesOfAlarm(db: Queryable, sourceName: string, service: string | null): Promise<ServiceWithOrgs[]> {
  const matches = await db
    .select({ serviceId: serviceAlarmMatches.serviceId, sourceName: serviceAlarmMatches.sourceName, alarmService: serviceAlarmMatches.alarmService })
    .from(serviceAlarmMatches)
    .where(
      and(
        or(isNull(serviceAlarmMatches.sourceName), eq(serviceAlarmMatches.sourceName, sourceName)),
        service === null ? isNull(serviceAlarmMatches.alarmService) : or(isNull(serviceAlarmMatches.alarmService), eq(serviceAlarmMatches.alarmService, service)),
      ),
    );
  const ids = matches.map((m) => m.serviceId);
  if (sourceName === STATUS_ALARM_SOURCE && service !== null) {
    const own = await db.select({ id: services.id }).from(services).where(and(eq(services.name, service), isNull(services.archivedAt)));
    ids.push(...own.map((s) => s.id));
  }
  return (await servicesByIds(db, ids)).filter((s) => s.archivedAt === null);
}

/** The alarm matches that cover these services: their own, and opsdesk's own checks of them (by name). */
export async function alarmMatchesOfServices(db: Queryable, ids: readonly string[]): Promise<Array<{ sourceName: string | null; alarmService: string | null }>> {
  const found = await servicesByIds(db, ids);
  if (found.length === 0) return [];
  const matches = await db
    .select({ sourceName: serviceAlarmMatches.sourceName, alarmService: serviceAlarmMatches.alarmService })
    .from(serviceAlarmMatches)
    .where(inArray(serviceAlarmMatches.serviceId, found.map((s) => s.id)));
  return [...matches, ...found.map((s) => ({ sourceName: STATUS_ALARM_SOURCE, alarmService: s.name }))];
}

/** Whether the actor may see the service (exactly `statusPolicy.sees`). */
export const serviceVisibleTo = (actor: Actor, service: ServiceWithOrgs): boolean => statusPolicy.sees(actor, subjectOf(service));

/** The client orgs that use the service, given every client org's id (for a service all orgs use). */
export const orgsUsing = (service: ServiceWithOrgs, clientOrgIds: readonly string[]): string[] => (service.allOrgs ? [...clientOrgIds] : service.orgIds);
