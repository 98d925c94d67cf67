/**
 * A client org's status page, for signed-in people: the same as the public page, over the services
 * that org sees (public ones, those every org uses, and those that list it), so a page of org A
 * shows A's internal services and a page of org B never does. Members of the org and provider staff
 * may read it; anyone else is told there is no such organisation, exactly as for one that does not exist.
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { orgs, serviceOrgs, services } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { isUuid } from '../directory/index.ts';
import { defineQuery, type Followed } from '../query.ts';
import { STATUS_PAGE_DAYS, statusOfServices } from './internal/page.ts';
import { subjectOf, type ServiceWithOrgs } from './internal/lookups.ts';
import { orgSees, statusPolicy, type StatusSubject } from './policy.ts';
import { AVAILABILITY_RULE, type PublicStatus } from './public.ts';

export interface OrgStatus extends PublicStatus {
  org: { id: string; name: string };
}

const orgSubject = (orgId: string): StatusSubject => ({ kind: 'organisation', orgId });

/** The client org, for an actor who may read its page; NOT_FOUND (the same words) when unknown, not a client, or not theirs. */
async function pageOrg(db: Queryable, actor: Actor, orgId: string): Promise<{ id: string; name: string }> {
  const [org] = isUuid(orgId) ? await db.select({ id: orgs.id, name: orgs.name, kind: orgs.kind }).from(orgs).where(eq(orgs.id, orgId)) : [];
  if (!org || org.kind !== 'client') throw statusPolicy.notFound(orgSubject(orgId));
  statusPolicy.authorize(actor, 'status.read', orgSubject(org.id));
  return { id: org.id, name: org.name };
}

/**
 * The org and the services (not archived) its page shows, by name, for an actor who may read it
 * (incidents and maintenance read the same set for the page's notices).
 */
export async function orgPageServices(db: Queryable, actor: Actor, orgId: string): Promise<{ org: { id: string; name: string }; services: ServiceWithOrgs[] }> {
  const org = await pageOrg(db, actor, orgId);
  const listed = db.select({ id: serviceOrgs.serviceId }).from(serviceOrgs).where(eq(serviceOrgs.orgId, org.id));
  const rows = await db
    .select()
    .from(services)
    .where(and(isNull(services.archivedAt), or(eq(services.isPublic, true), eq(services.allOrgs, true), inArray(services.id, listed))))
    .orderBy(asc(services.name));
  const orgRows = rows.length ? await db.select().from(serviceOrgs).where(inArray(serviceOrgs.serviceId, rows.map((r) => r.id))) : [];
  const withOrgs = rows.map((r) => ({ ...r, orgIds: orgRows.filter((o) => o.serviceId === r.id).map((o) => o.orgId).sort() }));
  // The policy's rule has the last word on each row, whatever the SQL above let through.
  return { org, services: withOrgs.filter((s) => orgSees(org.id, subjectOf(s))) };
}

const orgInput = z.object({ orgId: z.string().max(100) });

export const orgStatus = defineQuery({
  name: 'orgStatus',
  input: orgInput,
  async run({ db, actor, now }, { orgId }): Promise<OrgStatus> {
    const { org, services: rows } = await orgPageServices(db, actor, orgId);
    const page = await statusOfServices(db, actor, rows, now);
    return { org, generatedAt: now, availabilityRule: AVAILABILITY_RULE, days: STATUS_PAGE_DAYS, ...page };
  },
});

/** What a live stream of an org's page follows: the org, while the actor may still read its page. */
export const followOrgStatus = defineQuery({
  name: 'followOrgStatus',
  input: orgInput,
  async run({ db, actor }, { orgId }): Promise<Followed<{ orgId: string }>> {
    const org = await pageOrg(db, actor, orgId);
    return { subject: { orgId: org.id }, stillAllowed: (now) => statusPolicy.authorize(now, 'status.read', orgSubject(org.id)) };
  },
});
