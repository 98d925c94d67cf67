/**
 * Who may do what with releases, announcements and installations.
 *
 * - Releases are the provider's: only its product owners (and the operator's CLI/scheduler) create,
 *   announce, reschedule and cancel them.
 * - Provider staff see every release, announcement and recipient (they see every org anyway).
 * - Client people see the announcements made to their org, and only their own org's recipients.
 * - Only a recipient acknowledges, for themselves.
 * - Compliance of an org's installations: provider staff, and the org's admins and owners.
 */
import { providerMembership, rolesIn, type Actor, type ClientRole } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderStaff, isSystem, type OrgRef } from '../policy.ts';
import { orgPolicy } from '../directory/policy.ts';

/** The roles an announcement goes to, in every client org (the seed's four). */
export const AUDIENCE_ROLES: readonly ClientRole[] = ['space_admin', 'space_owner', 'contract_admin', 'contract_owner'];

export const isProductOwner = (actor: Actor) => providerMembership(actor)?.roles.includes('product_owner') ?? false;

export function authorizeReleaseManagement(actor: Actor): void {
  if (isSystem(actor) || isProductOwner(actor)) return;
  throw new OpsdeskError('FORBIDDEN', 'only product owners create, announce, reschedule or cancel releases');
}

/** Provider staff and the system see every org's side of an announcement. */
export const seesAllOrgs = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);

/** The client orgs whose side of announcements the actor may see (undefined: all of them). */
export function visibleOrgIds(actor: Actor): string[] | undefined {
  if (seesAllOrgs(actor)) return undefined;
  return actor.type === 'person' ? actor.memberships.filter((m) => m.orgKind === 'client').map((m) => m.orgId) : [];
}

/** Reading an org's installations: anyone who sees the org. Its compliance: staff and the org's admins/owners. */
export function authorizeComplianceRead(actor: Actor, org: OrgRef): void {
  orgPolicy.authorize(actor, 'org.read', org);
  if (seesAllOrgs(actor)) return;
  if (rolesIn(actor, org.id).some((r) => (AUDIENCE_ROLES as string[]).includes(r))) return;
  throw new OpsdeskError('FORBIDDEN', "only the org's admins and owners see its upgrade compliance");
}
