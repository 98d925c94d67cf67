/**
 * Who may do what: one shape for every capability. Each capability states its decisions once, in
 * `core/<capability>/policy.ts`, with `definePolicy`: who may see its subject at all, and one rule
 * per action. Commands and queries call `policy.authorize(actor, action, subject)`; nothing else
 * tests a role (doors never do).
 *
 * Tenant isolation is a rule here, not a habit of each handler: an actor who may not even see the
 * subject gets NOT_FOUND, worded like a missing one (so a client learns nothing about another
 * client's existence); an actor who may see it but not do the thing gets FORBIDDEN.
 *
 * Below the shape are the building blocks the capabilities' rules are made of.
 */
import { CLIENT_ADMIN_ROLES, providerMembership, rolesIn, type Actor } from './actor.ts';
import { OpsdeskError } from './errors.ts';
import type { Followed } from './query.ts';

export type OrgKind = 'provider' | 'client';

export interface OrgRef {
  id: string;
  kind: OrgKind;
}

/** One action's rule: who may, and what anyone else is told. */
export interface Rule<S> {
  allow: (actor: Actor, subject: S) => boolean;
  /** The FORBIDDEN message for an actor who sees the subject but may not do this. */
  refusal: string | ((subject: S, actor: Actor) => string);
}

export interface PolicySpec<S, A extends string> {
  /** Who may see the subject at all; anyone else is told it does not exist. */
  sees: (actor: Actor, subject: S) => boolean;
  /** NOT_FOUND's words, worded like a missing subject: "ticket not found". */
  notFound: string | ((subject: S) => string);
  rules: Record<A, Rule<S>>;
}

export interface Policy<S, A extends string> {
  readonly actions: readonly A[];
  sees(actor: Actor, subject: S): boolean;
  /** Sees it and may do `action`: for a query that lists only what a person can act on. */
  may(actor: Actor, action: A, subject: S): boolean;
  /** Throws NOT_FOUND when the actor may not see the subject, FORBIDDEN when it may see but not act. */
  authorize(actor: Actor, action: A, subject: S): void;
  /** The subject when it exists and the actor sees it; NOT_FOUND otherwise (for lookups). */
  visible<T extends S>(actor: Actor, subject: T | undefined): T;
  notFound(subject?: S): OpsdeskError;
  /** Authorise now, and give the check a stream repeats when the actor's rights change. */
  follow<T extends S>(actor: Actor, action: A, subject: T): Followed<T>;
}

export function definePolicy<S, A extends string>(spec: PolicySpec<S, A>): Policy<S, A> {
  const notFound = (subject?: S) =>
    new OpsdeskError('NOT_FOUND', typeof spec.notFound === 'string' ? spec.notFound : spec.notFound(subject as S));
  return {
    actions: Object.keys(spec.rules) as A[],
    sees: spec.sees,
    may: (actor, action, subject) => spec.sees(actor, subject) && spec.rules[action].allow(actor, subject),
    authorize(actor, action, subject) {
      if (!spec.sees(actor, subject)) throw notFound(subject);
      const rule = spec.rules[action];
      if (!rule.allow(actor, subject)) {
        throw new OpsdeskError('FORBIDDEN', typeof rule.refusal === 'string' ? rule.refusal : rule.refusal(subject, actor));
      }
    },
    visible(actor, subject) {
      if (subject === undefined || !spec.sees(actor, subject)) throw notFound(subject);
      return subject;
    },
    notFound,
    follow(actor, action, subject) {
      this.authorize(actor, action, subject);
      return { subject, stillAllowed: (now) => this.authorize(now, action, subject) };
    },
  };
}

const isSystem = (actor: Actor) => actor.type === 'system';
/** Provider staff hold at least one provider role: someone merely seen in the provider's Slack has none. */
const isProviderStaff = (actor: Actor) => (providerMembership(actor)?.roles.length ?? 0) > 0;
const isProviderAdmin = (actor: Actor) => providerMembership(actor)?.roles.includes('admin') ?? false;
/** Holds `role` in the provider org. */
const hasProviderRole = (actor: Actor, ...roles: string[]) => providerMembership(actor)?.roles.some((r) => roles.includes(r)) ?? false;
/** A member acts and reads only while they hold at least one role: `setRoles([])` ends it as surely as removal. */
const isMember = (actor: Actor, org: OrgRef) =>
  actor.type === 'person' && actor.memberships.some((m) => m.orgId === org.id && m.roles.length > 0);
const isClientAdminOf = (actor: Actor, org: OrgRef) =>
  org.kind === 'client' && rolesIn(actor, org.id).some((r) => (CLIENT_ADMIN_ROLES as string[]).includes(r));
/** The orgs a person acts in (with at least one role); the system and provider staff see every org. */
const memberOrgIds = (actor: Actor): string[] =>
  actor.type === 'person' ? actor.memberships.filter((m) => m.roles.length > 0).map((m) => m.orgId) : [];

/** Seeing an org at all: provider staff see every org; anyone else sees the orgs they belong to. */
const canSee = (actor: Actor, org: OrgRef) => isSystem(actor) || isProviderStaff(actor) || isMember(actor, org);
/** Sees every org: the system and provider staff. */
const seesEveryOrg = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);

/** What only opsdesk itself does (a door resolving who someone is, the notifier reading for everyone). */
export const systemOnly = definePolicy<null, 'system'>({
  sees: () => true,
  notFound: 'not found',
  rules: { system: { allow: isSystem, refusal: 'only opsdesk itself does this' } },
});

/** The building blocks of every capability's rules (`core/<capability>/policy.ts`). */
export { canSee, hasProviderRole, isClientAdminOf, isMember, isProviderAdmin, isProviderStaff, isSystem, memberOrgIds, seesEveryOrg };
