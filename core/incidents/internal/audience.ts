/**
 * Who is told of an incident or a window: the client orgs that use an affected service (every
 * client org for a service all orgs use), each with the names of the affected services it may see,
 * and its admins and owners (space admin, space owner, contract admin, contract owner: the people
 * the seed has told of service windows), who get it by email.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { memberships, orgs } from '../../../db/schema.ts';
import { orgsUsing, type ServiceWithOrgs } from '../../status/index.ts';

export const AUDIENCE_ROLES = ['space_admin', 'space_owner', 'contract_admin', 'contract_owner'];

export interface OrgAudience {
  orgId: string;
  services: string[];
  recipients: string[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One entry per org told, in id order (chains lock in that order). */
export async function audienceOf(db: Queryable, services: readonly ServiceWithOrgs[]): Promise<OrgAudience[]> {
  if (services.length === 0) return [];
  const clientOrgIds = (await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.kind, 'client'))).map((o) => o.id);
  const byOrg = new Map<string, Set<string>>();
  for (const service of services) {
    for (const orgId of orgsUsing(service, clientOrgIds)) byOrg.set(orgId, (byOrg.get(orgId) ?? new Set()).add(service.name));
  }
  const orgIds = [...byOrg.keys()].sort(compare);
  if (orgIds.length === 0) return [];
  const members = await db
    .select({ orgId: memberships.orgId, personId: memberships.personId, roles: memberships.roles })
    .from(memberships)
    .where(and(inArray(memberships.orgId, orgIds)));
  return orgIds.map((orgId) => ({
    orgId,
    services: [...byOrg.get(orgId)!].sort(),
    recipients: members
      .filter((m) => m.orgId === orgId && m.roles.some((r) => AUDIENCE_ROLES.includes(r)))
      .map((m) => m.personId)
      .sort(compare),
  }));
}
