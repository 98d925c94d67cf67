/** Look-ups shared by the status commands and queries. */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { orgs, serviceOrgs, services, type ServiceRow } from '../../../db/schema.ts';
import type { Actor } from '../../actor.ts';
import { isUuid } from '../../directory/index.ts';
import { OpsdeskError } from '../../errors.ts';
import { statusPolicy, type StatusAction, type StatusSubject } from '../policy.ts';

export interface ServiceWithOrgs extends ServiceRow {
  orgIds: string[];
}

export const subjectOf = (service: ServiceWithOrgs): StatusSubject => ({
  kind: 'service',
  isPublic: service.isPublic,
  allOrgs: service.allOrgs,
  orgIds: service.orgIds,
});

/** The service (not archived) with the orgs that use it; locked when `lock` (commands). */
export async function findService(db: Queryable, id: string, lock = false): Promise<ServiceWithOrgs | undefined> {
  if (!isUuid(id)) return undefined;
  const query = db.select().from(services).where(and(eq(services.id, id), isNull(services.archivedAt)));
  const [service] = lock ? await query.for('update') : await query;
  if (!service) return undefined;
  const orgIds = (await db.select({ orgId: serviceOrgs.orgId }).from(serviceOrgs).where(eq(serviceOrgs.serviceId, id))).map((r) => r.orgId).sort();
  return { ...service, orgIds };
}

/** The service, for an actor who may do `action` with it; NOT_FOUND when missing or unseen. */
export async function serviceFor(db: Queryable, actor: Actor, action: StatusAction, id: string, lock = false): Promise<ServiceWithOrgs> {
  const service = await findService(db, id, lock);
  if (!service) throw statusPolicy.notFound({ kind: 'service' });
  statusPolicy.authorize(actor, action, subjectOf(service));
  return service;
}

/** Client orgs only: the provider uses every service by being its provider. */
export async function requireClientOrgs(db: Queryable, orgIds: string[]): Promise<void> {
  if (orgIds.length === 0) return;
  const found = await db.select({ id: orgs.id }).from(orgs).where(and(inArray(orgs.id, orgIds), eq(orgs.kind, 'client')));
  const known = new Set(found.map((o) => o.id));
  const unknown = orgIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new OpsdeskError('INVALID_INPUT', `orgIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a client org' : 'are not client orgs'}`, {
      fields: { orgIds: 'not a client org' },
    });
  }
}
