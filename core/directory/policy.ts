/**
 * Who may do what in the directory: organisations, their people, tokens, Slack links.
 *
 * - Provider staff see every org; anyone else sees the orgs they hold a role in. An org the actor
 *   cannot see is NOT_FOUND, worded like a missing one.
 * - The provider's admins (and the operator's CLI) create client orgs and link channels, add an
 *   existing person to a further org, and give a new person a Slack identity of any workspace.
 * - An org's people and tokens are managed by the provider's admins and the org's client admins;
 *   so are the Slack workspaces it says are its own.
 * - A person's tokens are the person's own to manage, and that of whoever manages every org the
 *   person belongs to; so are their web sessions, which only the person starts.
 * - Resolving who a Slack user or a token is belongs to opsdesk's own system actors, which act
 *   before anyone is known; seeing every org's Slack workspaces belongs to the provider.
 */
import type { Actor } from '../actor.ts';
import { canSee, definePolicy, isClientAdminOf, isProviderAdmin, isSystem, seesEveryOrg, type OrgRef } from '../policy.ts';

const admin = (actor: Actor) => isSystem(actor) || isProviderAdmin(actor);
const managers = (actor: Actor, org: OrgRef) => admin(actor) || isClientAdminOf(actor, org);

const MANAGE_REFUSAL = "only the organisation's admins manage its people and tokens";

export const orgPolicy = definePolicy<
  OrgRef,
  'org.read' | 'org.create' | 'channel.link' | 'org.manage' | 'slack_workspace.manage' | 'person.add_existing' | 'slack_identity.link_any'
>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    /** Read the org and its people, follow its events. */
    'org.read': { allow: canSee, refusal: 'you may not read this organisation' },
    'org.create': { allow: admin, refusal: "only the provider's admins create organisations" },
    'channel.link': { allow: admin, refusal: "only the provider's admins link Slack channels" },
    /** Add people, set roles, create and revoke their tokens. */
    'org.manage': { allow: managers, refusal: MANAGE_REFUSAL },
    /** Say which Slack workspaces are the org's own (whose users may become its contacts). */
    'slack_workspace.manage': { allow: managers, refusal: "only the organisation's admins say which Slack workspaces are its own" },
    /** Add a person who exists already (in another org) to this one. */
    'person.add_existing': { allow: admin, refusal: 'only the provider adds an existing person to a further organisation' },
    /** Give a person of this org a Slack identity of any workspace, not only of the org's own. */
    'slack_identity.link_any': { allow: admin, refusal: "only the provider links a Slack user of a workspace that is not the organisation's" },
  },
});

/** Creating an org is not about one org: the rule is asked of the provider-wide subject. */
export const ANY_CLIENT_ORG: OrgRef = { id: '', kind: 'client' };

/** A person whose tokens are asked about, with the orgs they belong to. */
export interface TokenHolder {
  personId: string;
  orgs: readonly OrgRef[];
  /** What NOT_FOUND names: the person asked about, or the token of theirs. */
  asked: 'person' | 'token';
}

const isSelf = (actor: Actor, holder: TokenHolder) => actor.type === 'person' && actor.id === holder.personId;

/**
 * A person's tokens. A person in an org the actor cannot see does not exist for the actor, nor do
 * their tokens (also when they belong to another org besides one the actor sees: that org stays
 * unseen): the same NOT_FOUND, in the same words, as for a person or token that does not exist.
 */
export const tokenPolicy = definePolicy<TokenHolder, 'token.manage' | 'token.list' | 'session.start' | 'phone.set' | 'phone.read'>({
  sees: (actor, holder) => holder.orgs.length > 0 && (isSelf(actor, holder) || holder.orgs.every((org) => canSee(actor, org))),
  notFound: (holder) => `${holder?.asked ?? 'person'} not found`,
  rules: {
    /** Create and revoke: the person, or whoever manages *every* org they belong to. */
    'token.manage': {
      allow: (actor, holder) => isSelf(actor, holder) || holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "you may not manage this person's tokens",
    },
    /** Set a person's mobile number (for SMS pages): the person, or whoever manages every org they belong to. */
    'phone.set': {
      allow: (actor, holder) => isSelf(actor, holder) || holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "you may not set this person's phone number",
    },
    /** Read it: the person, whoever manages the orgs given, and opsdesk itself (the SMS door). */
    'phone.read': {
      allow: (actor, holder) => isSystem(actor) || isSelf(actor, holder) || holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "you may not read this person's phone number",
    },
    /** Start a web console session: only as oneself (an admin never signs in as someone else). */
    'session.start': { allow: isSelf, refusal: 'you may only sign in as yourself' },
    /** List them as a member of the orgs given: the person, or whoever manages those orgs. */
    'token.list': {
      allow: (actor, holder) => isSelf(actor, holder) || holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: MANAGE_REFUSAL,
    },
  },
});

/** The directory's decisions that are about no one org. */
export const directoryPolicy = definePolicy<null, 'directory.resolve' | 'directory.read_all'>({
  sees: () => true,
  notFound: 'not found',
  rules: {
    /** Who a Slack user or a token is, a person's actor, the operator's lookups by email. */
    'directory.resolve': { allow: isSystem, refusal: 'only opsdesk itself resolves identities' },
    /** Every org's Slack workspaces, and which org holds one. */
    'directory.read_all': { allow: seesEveryOrg, refusal: "only the provider sees every org's Slack workspaces" },
  },
});

/**
 * A person's own settings: which channels each kind of message reaches them through, and the state
 * of their email address. The person and whoever manages every org they belong to choose the
 * channels; only those managers (the org's admins, the provider's) see a bouncing address and clear
 * it, and only opsdesk itself (the email door, reporting a hard bounce) marks it.
 */
export const personSettingsPolicy = definePolicy<TokenHolder, 'notifications.choose' | 'notifications.read' | 'email.read_bounce' | 'email.clear_bounce' | 'email.mark_bounce'>({
  sees: (actor, holder) => holder.orgs.length > 0 && (isSelf(actor, holder) || holder.orgs.every((org) => canSee(actor, org))),
  notFound: 'person not found',
  rules: {
    'notifications.choose': {
      allow: (actor, holder) => isSelf(actor, holder) || holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "only the person and their organisation's admins choose how they are told",
    },
    'notifications.read': {
      allow: (actor, holder) => isSelf(actor, holder) || holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "only the person and their organisation's admins see how they are told",
    },
    'email.read_bounce': {
      allow: (actor, holder) => holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "only the organisation's admins see whether an address bounces",
    },
    'email.clear_bounce': {
      allow: (actor, holder) => holder.orgs.every((org) => orgPolicy.may(actor, 'org.manage', org)),
      refusal: "only the organisation's admins clear a bouncing address",
    },
    'email.mark_bounce': { allow: isSystem, refusal: 'only opsdesk itself marks an address as bouncing' },
  },
});
