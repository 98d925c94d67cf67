/**
 * Building blocks for the read rules of the event catalogue: who may receive an event, in the terms
 * of the policy every query already uses. An event's org is the org whose chain it is on; provider-wide
 * events (no org) are for the system and provider staff only.
 */
import type { Actor } from '../actor.ts';
import { canSee, isProviderStaff, isSystem, type OrgRef, type Policy } from '../policy.ts';
import type { DomainEvent } from './bus.ts';
import type { ReadRule } from './catalogue.ts';

/**
 * The event's org as the policy sees it. Its kind is not on the event; `client` is safe for every
 * rule here, because client roles (the only ones that kind decides for) never exist in the provider org.
 */
export const orgOfEvent = (event: DomainEvent): OrgRef => ({ id: event.orgId ?? '', kind: 'client' });

/** Whoever may see the event's org: provider staff, and the org's members with at least one role. */
export const readersOfOrg: ReadRule = (actor, event) => canSee(actor, orgOfEvent(event));

/** Whoever may do `action` of an org-level policy in the event's org. */
export const mayInOrg =
  <A extends string>(policy: Policy<OrgRef, A>, action: A): ReadRule =>
  (actor, event) =>
    policy.may(actor, action, orgOfEvent(event));

/** The provider's staff (and the system): for the provider's own business. */
export const providerStaffOnly: ReadRule = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);

/** The same rule for each of several event types. */
export function sameRule(types: readonly string[], rule: ReadRule): Record<string, ReadRule> {
  return Object.fromEntries(types.map((type) => [type, rule]));
}
