/**
 * Who may do what with production access. The seed: "all access to client information is
 * controlled by the client", so the client's admins see everything against their org and their
 * contract admin or owner sets its policy; the provider's approvers approve, its admin keeps the
 * list of who may ask.
 */
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { accessRequests, type AccessRequestRow } from '../../db/schema.ts';
import { providerMembership, rolesIn, type Actor, type ClientRole } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { isClientAdminOf, isProviderAdmin, isProviderStaff, isSystem } from '../policy.ts';
import { isUuid } from '../directory/lookups.ts';

export const accessRequestNotFound = () => new OpsdeskError('NOT_FOUND', 'access request not found');

/** The roles that set an org's access policy: its contract, not its Slack space. */
export const POLICY_SETTER_ROLES: readonly ClientRole[] = ['contract_admin', 'contract_owner'];

const clientOrg = (orgId: string) => ({ id: orgId, kind: 'client' as const });

export const isAccessApprover = (actor: Actor) => providerMembership(actor)?.roles.includes('access_approver') ?? false;

/** A client approver of the org: its contract admin, contract owner or space admin. */
export const isClientApproverOf = (actor: Actor, orgId: string) => isClientAdminOf(actor, clientOrg(orgId));

/** Provider staff, and the client's admins for their own org; nobody else sees anything of it. */
export const canReadAccessOf = (actor: Actor, orgId: string) =>
  isSystem(actor) || isProviderStaff(actor) || isClientApproverOf(actor, orgId);

export const maySetAccessPolicy = (actor: Actor, orgId: string) =>
  rolesIn(actor, orgId).some((role) => (POLICY_SETTER_ROLES as readonly string[]).includes(role));

/** Revoking is for approvers and admins of either side, at any time. */
export const mayRevoke = (actor: Actor, request: AccessRequestRow) =>
  isSystem(actor) || isAccessApprover(actor) || isProviderAdmin(actor) || isClientApproverOf(actor, request.orgId);

export const isRequester = (actor: Actor, request: AccessRequestRow) => actor.type === 'person' && actor.id === request.requesterId;

/** A request the actor may see, locked for the command's transaction; otherwise NOT_FOUND. */
export async function requestForCommand(tx: Tx, actor: Actor, requestId: string): Promise<AccessRequestRow> {
  if (!isUuid(requestId)) throw accessRequestNotFound();
  const [request] = await tx.select().from(accessRequests).where(eq(accessRequests.id, requestId)).for('update');
  if (!request || !canReadAccessOf(actor, request.orgId)) throw accessRequestNotFound();
  return request;
}

export async function requestForQuery(db: Queryable, actor: Actor, requestId: string): Promise<AccessRequestRow> {
  if (!isUuid(requestId)) throw accessRequestNotFound();
  const [request] = await db.select().from(accessRequests).where(eq(accessRequests.id, requestId));
  if (!request || !canReadAccessOf(actor, request.orgId)) throw accessRequestNotFound();
  return request;
}
