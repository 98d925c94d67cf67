/**
 * Who may do what, stated once. Commands and queries call `authorize(actor, action, orgId)`.
 *
 * Tenant isolation is a rule here, not a habit of each handler: an actor who may not even see an
 * org gets NOT_FOUND (so a client learns nothing about another client's existence); an actor who
 * may see it but not do the thing gets FORBIDDEN.
 */
import { CLIENT_ADMIN_ROLES, providerMembership, rolesIn, type Actor } from './actor.ts';
import { OpsdeskError } from './errors.ts';

export type OrgKind = 'provider' | 'client';

export interface OrgRef {
  id: string;
  kind: OrgKind;
}

type Rule = (actor: Actor, org: OrgRef) => boolean;

const isSystem = (actor: Actor) => actor.type === 'system';
/** Provider staff hold at least one provider role: someone merely seen in the provider's Slack has none. */
const isProviderStaff = (actor: Actor) => (providerMembership(actor)?.roles.length ?? 0) > 0;
const isProviderAdmin = (actor: Actor) => providerMembership(actor)?.roles.includes('admin') ?? false;
/** A member acts and reads only while they hold at least one role: `setRoles([])` ends it as surely as removal. */
const isMember = (actor: Actor, org: OrgRef) =>
  actor.type === 'person' && actor.memberships.some((m) => m.orgId === org.id && m.roles.length > 0);
const isClientAdminOf = (actor: Actor, org: OrgRef) =>
  org.kind === 'client' && rolesIn(actor, org.id).some((r) => (CLIENT_ADMIN_ROLES as string[]).includes(r));

/** Seeing an org at all: provider staff see every org; anyone else sees the orgs they belong to. */
const canSee: Rule = (actor, org) => isSystem(actor) || isProviderStaff(actor) || isMember(actor, org);

export const POLICY = {
  /** Read the org, its people, subscribe to its events. */
  'org.read': canSee,
  /** Create client orgs and link channels: the provider's admins (and the operator's CLI). */
  'org.create': (actor) => isSystem(actor) || isProviderAdmin(actor),
  'channel.link': (actor) => isSystem(actor) || isProviderAdmin(actor),
  /** Add people, set roles, create and revoke their tokens. */
  'org.manage': (actor, org) => isSystem(actor) || isProviderAdmin(actor) || isClientAdminOf(actor, org),
  /** Say which Slack workspaces are the org's own (whose users may become its contacts). */
  'slack_workspace.manage': (actor, org) => isSystem(actor) || isProviderAdmin(actor) || isClientAdminOf(actor, org),
  /** Read and verify the org's audit trail. */
  'audit.read': (actor, org) => isSystem(actor) || isProviderAdmin(actor) || isClientAdminOf(actor, org),
} satisfies Record<string, Rule>;

export type PolicyAction = keyof typeof POLICY;

/** Throws NOT_FOUND when the actor may not see the org, FORBIDDEN when it may see but not act. */
export function authorize(actor: Actor, action: PolicyAction, org: OrgRef): void {
  if (!canSee(actor, org)) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
  if (!POLICY[action](actor, org)) {
    throw new OpsdeskError('FORBIDDEN', `you may not do this (${action}) in this organisation`);
  }
}

/**
 * The building blocks of every capability's rules. A capability states its own policy in
 * `core/<capability>/policy.ts` from these, and calls `authorize` with `org.read` first when it
 * needs the NOT_FOUND-versus-FORBIDDEN distinction.
 */
export { canSee, isClientAdminOf, isMember, isProviderAdmin, isProviderStaff, isSystem };
