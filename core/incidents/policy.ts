/**
 * Who may do what with incidents and maintenance windows.
 *
 * - see: provider staff and the system all; a client person an incident (or window) that touches a
 *   service they may see (public, or used by their org: exactly `statusPolicy.sees`). Anyone else is
 *   told there is no such incident (NOT_FOUND).
 * - declare, update, link (incidents), schedule, reschedule, cancel (maintenance by hand): provider
 *   staff with a role and the system.
 */
import type { Actor } from '../actor.ts';
import { definePolicy, isProviderStaff, isSystem } from '../policy.ts';

export interface IncidentSubject {
  readonly kind: 'incident' | 'maintenance window';
  /** Whether the actor sees at least one affected service (computed with status's rule). */
  readonly touchesVisible: boolean;
}

export type IncidentAction = 'incidents.read' | 'incidents.manage';

/** Incidents as a kind, for actions about no existing one (declaring). */
export const INCIDENTS: IncidentSubject = { kind: 'incident', touchesVisible: true };
export const MAINTENANCE: IncidentSubject = { kind: 'maintenance window', touchesVisible: true };

const staff = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);

export const incidentPolicy = definePolicy<IncidentSubject, IncidentAction>({
  sees: (actor, subject) => staff(actor) || subject.touchesVisible,
  notFound: (subject) => `${subject?.kind ?? 'incident'} not found`,
  rules: {
    'incidents.read': { allow: () => true, refusal: 'you may not read this' },
    'incidents.manage': { allow: staff, refusal: (subject) => `only provider staff may manage ${subject.kind}s` },
  },
});

/**
 * Email subscriptions to the public status page. Visitors are anonymous: the door that takes their
 * request (the email door) acts for them as the system, and the secret in a link is what proves a
 * confirmation or an unsubscription. Who is subscribed is read only by the system (the email door,
 * to mail them), never by a person, staff included: the addresses are the subscribers' own.
 */
export type SubscriptionAction = 'subscriptions.change' | 'subscribers.read';
export interface SubscriptionSubject {
  readonly kind: 'status subscription';
}
export const STATUS_SUBSCRIPTIONS: SubscriptionSubject = { kind: 'status subscription' };

export const subscriptionPolicy = definePolicy<SubscriptionSubject, SubscriptionAction>({
  sees: isSystem,
  notFound: () => 'status subscription not found',
  rules: {
    'subscriptions.change': { allow: isSystem, refusal: 'subscriptions are made and ended through their links' },
    'subscribers.read': { allow: isSystem, refusal: 'only opsdesk reads its subscribers' },
  },
});
