/**
 * Who is acting, through which door. Adapters build an `Actor` after authenticating;
 * core commands authorise against it and the audit trail records it.
 */
export const DOORS = ['slack', 'graphql', 'web', 'socket', 'webhook', 'email', 'sms', 'scheduler', 'cli', 'system'] as const;
export type Door = (typeof DOORS)[number];

export const PROVIDER_ROLES = ['agent', 'oncall', 'access_approver', 'product_owner', 'admin'] as const;
export const CLIENT_ROLES = ['contact', 'space_admin', 'space_owner', 'contract_admin', 'contract_owner'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export type ClientRole = (typeof CLIENT_ROLES)[number];
export type Role = ProviderRole | ClientRole;

/** Client roles that manage their own org's people and tokens. */
export const CLIENT_ADMIN_ROLES: readonly ClientRole[] = ['space_admin', 'contract_admin', 'contract_owner'];

export interface ActorMembership {
  orgId: string;
  orgKind: 'provider' | 'client';
  roles: Role[];
}

export interface PersonActor {
  type: 'person';
  id: string;
  name: string;
  door: Door;
  requestId: string;
  memberships: ActorMembership[];
}

/**
 * The scheduler, the CLI operator on the host, the first-start bootstrap, the Slack and webhook
 * doors acting before anyone is known, the email door reading what it sends, and the host
 * authenticating a connection's credential.
 */
export interface SystemActor {
  type: 'system';
  id: 'scheduler' | 'cli' | 'bootstrap' | 'slack' | 'webhook' | 'email' | 'sms' | 'host';
  name: string;
  door: Door;
  requestId: string;
}

export type Actor = PersonActor | SystemActor;

export function systemActor(id: SystemActor['id'], door: Door, requestId: string): SystemActor {
  return { type: 'system', id, name: `opsdesk ${id}`, door, requestId };
}

export function providerMembership(actor: Actor): ActorMembership | undefined {
  return actor.type === 'person' ? actor.memberships.find((m) => m.orgKind === 'provider') : undefined;
}

export function rolesIn(actor: Actor, orgId: string): Role[] {
  return actor.type === 'person' ? (actor.memberships.find((m) => m.orgId === orgId)?.roles ?? []) : [];
}
