/**
 * Who may do what with production access, stated once. The seed: "all access to client
 * information is controlled by the client", so:
 *
 * - An org's production access (its requests, grants, uses, policy and events) is seen by the
 *   provider's staff and by that org's admins (space admin, contract admin, contract owner); anyone
 *   else is told the request does not exist. A plain contact sees none of it.
 * - Only provider people on the provider's list may ask; the provider's admins keep the list, and
 *   its staff may read it.
 * - A request is decided by a provider access approver who is not the requester (the provider's
 *   side), and by one of the org's admins (the client's side); never by opsdesk itself.
 * - The requester cancels a pending request, ends a grant early, extends it (with a new request)
 *   and is the only one who may use it. Access approvers, the provider's admins and the org's admins
 *   revoke a grant.
 * - The org's contract admin or contract owner sets its access policy.
 */
import { rolesIn, type Actor, type ClientRole } from '../actor.ts';
import { canSee, definePolicy, hasProviderRole, isClientAdminOf, isProviderAdmin, isProviderStaff, isSystem, seesEveryOrg, type OrgRef } from '../policy.ts';
import type { AccessRequestRow, Side } from './model.ts';

/** A request as the rules see it. */
export type AccessSubject = Pick<AccessRequestRow, 'orgId' | 'requesterId'>;

/** The roles that set an org's access policy: its contract, not its Slack space. */
const POLICY_SETTER_ROLES: readonly ClientRole[] = ['contract_admin', 'contract_owner'];

const clientOrg = (orgId: string): OrgRef => ({ id: orgId, kind: 'client' });
const isAccessApprover = (actor: Actor) => hasProviderRole(actor, 'access_approver');
const isRequester = (actor: Actor, request: AccessSubject) => actor.type === 'person' && actor.id === request.requesterId;
/** Provider staff (and the system) read every org's access; a client's admins read their own org's. */
const readsAccessOf = (actor: Actor, org: OrgRef) => seesEveryOrg(actor) || isClientAdminOf(actor, org);

/** The side a person decides for: the provider's staff for the provider, anyone else for their org. */
export const decidingSide = (actor: Actor): Side => (isProviderStaff(actor) ? 'provider' : 'client');

const decides = (actor: Actor, request: AccessSubject) =>
  !isSystem(actor) &&
  !isRequester(actor, request) &&
  (decidingSide(actor) === 'provider' ? isAccessApprover(actor) : isClientAdminOf(actor, clientOrg(request.orgId)));

const holderOnly = (refusal: string) => ({ allow: isRequester, refusal });

/** One request (a grant, once approved). Seeing it is reading it, its decisions and its uses. */
export const accessPolicy = definePolicy<
  AccessSubject,
  'access.decide' | 'access.cancel' | 'access.end' | 'access.extend' | 'access.revoke' | 'access.use'
>({
  sees: (actor, request) => readsAccessOf(actor, clientOrg(request.orgId)),
  notFound: 'access request not found',
  rules: {
    'access.decide': {
      allow: decides,
      refusal: (request, actor) =>
        isSystem(actor)
          ? 'access is approved by people, not by opsdesk itself'
          : isRequester(actor, request)
            ? 'you cannot decide on your own request; another approver must'
            : decidingSide(actor) === 'provider'
              ? "only the provider's access approvers decide on production access"
              : "only the organisation's contract admin, contract owner or space admin decides on access to its data",
    },
    'access.cancel': holderOnly('only the person who asked can cancel a request'),
    'access.end': holderOnly('only the person holding the access ends it early; approvers and admins revoke it'),
    'access.extend': holderOnly('you can only extend your own grant'),
    'access.revoke': {
      allow: (actor, request) => isSystem(actor) || isAccessApprover(actor) || isProviderAdmin(actor) || isClientAdminOf(actor, clientOrg(request.orgId)),
      refusal: "only access approvers, the provider's admins and the organisation's admins revoke access",
    },
    'access.use': holderOnly('only the person the access was granted to can use it'),
  },
});

/** An org's production access as a whole: its grants, its access policy, its stream of events. */
export const accessOrgPolicy = definePolicy<OrgRef, 'access.read' | 'access.follow' | 'access_policy.read' | 'access_policy.set'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    'access.read': { allow: readsAccessOf, refusal: "only the provider's staff and the organisation's admins see its production access" },
    'access.follow': { allow: readsAccessOf, refusal: "only the provider's staff and the organisation's admins follow its production access" },
    'access_policy.read': {
      allow: (actor, org) => org.kind === 'client' && readsAccessOf(actor, org),
      refusal: "only the provider's staff and the organisation's admins see its access policy",
    },
    'access_policy.set': {
      allow: (actor, org) => rolesIn(actor, org.id).some((role) => (POLICY_SETTER_ROLES as readonly string[]).includes(role)),
      refusal: "only the organisation's contract admin or contract owner sets its access policy",
    },
  },
});

/** Where a person stands with the provider's list: on it or not. Null for the list as a whole. */
export type Standing = { listed: boolean } | null;

/** The provider's list of who may ask ("only selected individuals"), and asking itself. */
export const eligibilityPolicy = definePolicy<Standing, 'eligibility.read' | 'eligibility.set' | 'access.request'>({
  sees: () => true,
  notFound: 'not found',
  rules: {
    'eligibility.read': { allow: seesEveryOrg, refusal: "only the provider's staff see who may request production access" },
    'eligibility.set': {
      allow: (actor) => isSystem(actor) || isProviderAdmin(actor),
      refusal: "only the provider's admins decide who may request production access",
    },
    'access.request': {
      allow: (actor, standing) => actor.type === 'person' && isProviderStaff(actor) && standing?.listed === true,
      refusal: (_standing, actor) =>
        actor.type === 'person' && isProviderStaff(actor)
          ? 'you are not on the list of people who may request production access; ask a provider admin'
          : "production access is requested by the provider's own people",
    },
  },
});

/**
 * The chain an attempt by someone who may see a request, but does not hold it, goes on: the org
 * they act in. Provider staff act in the provider's (null: provider-wide); a client's admin in
 * their own org's, which is the request's (they see no other org's).
 */
export const chainOfBystander = (actor: Actor, request: AccessSubject): string | null =>
  decidingSide(actor) === 'provider' ? null : request.orgId;

/**
 * For lists: the orgs whose production access the actor reads, by the rule above ('every' for the
 * provider's staff and the system).
 */
export function orgsWhoseAccessIsRead(actor: Actor): 'every' | string[] {
  if (seesEveryOrg(actor)) return 'every';
  if (actor.type !== 'person') return [];
  return actor.memberships.filter((m) => accessOrgPolicy.may(actor, 'access.read', { id: m.orgId, kind: m.orgKind })).map((m) => m.orgId);
}

/**
 * For lists: which requests wait for this actor's decision, by the rule above: as an access
 * approver, the provider's side of anyone else's requests; as a client admin, their orgs' side.
 */
export function sidesDecidedBy(actor: Actor): { provider: boolean; clientOrgIds: string[] } {
  if (actor.type !== 'person') return { provider: false, clientOrgIds: [] };
  if (decidingSide(actor) === 'provider') return { provider: isAccessApprover(actor), clientOrgIds: [] };
  const clientOrgIds = actor.memberships.filter((m) => m.orgKind === 'client' && isClientAdminOf(actor, clientOrg(m.orgId))).map((m) => m.orgId);
  return { provider: false, clientOrgIds };
}
