/**
 * Who may do what in the directory: organisations, their people, tokens, Slack links.
 *
 * - Provider staff see every org; anyone else sees the orgs they hold a role in. An org the actor
 *   cannot see is NOT_FOUND, worded like a missing one.
 * - The provider's admins (and the operator's CLI) create client orgs and link channels.
 * - An org's people and tokens are managed by the provider's admins and the org's client admins;
 *   so are the Slack workspaces it says are its own.
 * - Resolving who a Slack user or a token is belongs to the doors' own system actors, which act
 *   before anyone is known.
 */
import type { Actor } from '../actor.ts';
import { canSee, definePolicy, isClientAdminOf, isProviderAdmin, isSystem, type OrgRef } from '../policy.ts';

const admin = (actor: Actor) => isSystem(actor) || isProviderAdmin(actor);
const managers = (actor: Actor, org: OrgRef) => admin(actor) || isClientAdminOf(actor, org);

export const orgPolicy = definePolicy<OrgRef, 'org.read' | 'org.create' | 'channel.link' | 'org.manage' | 'slack_workspace.manage'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    /** Read the org and its people, follow its events. */
    'org.read': { allow: canSee, refusal: 'you may not read this organisation' },
    'org.create': { allow: admin, refusal: "only the provider's admins create organisations" },
    'channel.link': { allow: admin, refusal: "only the provider's admins link Slack channels" },
    /** Add people, set roles, create and revoke their tokens. */
    'org.manage': { allow: managers, refusal: "only the organisation's admins manage its people and tokens" },
    /** Say which Slack workspaces are the org's own (whose users may become its contacts). */
    'slack_workspace.manage': { allow: managers, refusal: "only the organisation's admins say which Slack workspaces are its own" },
  },
});

/** Creating an org is not about one org: the rule is asked of the provider-wide subject. */
export const ANY_CLIENT_ORG: OrgRef = { id: '', kind: 'client' };

/** The directory's reads that are the system's alone (a door resolving who someone is, the operator's lookups). */
export const systemPolicy = definePolicy<null, 'directory.resolve'>({
  sees: () => true,
  notFound: 'not found',
  rules: {
    'directory.resolve': { allow: isSystem, refusal: 'only opsdesk itself resolves identities' },
  },
});
