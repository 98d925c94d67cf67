/**
 * Who may do what with services and their checks.
 *
 * - read a service (its name, description, state and availability): provider staff and the system
 *   see all; a client person sees public services and the services their org uses (every client
 *   org uses a service unless it names its orgs). Anyone else is told there is no such service
 *   (NOT_FOUND), so a client of org B learns nothing of org A's private services.
 * - read checks (probes with their URLs and results, heartbeats): provider staff and the system;
 * - manage (services, their orgs and alarm matches, probes, heartbeats and their secrets):
 *   provider admins and the system;
 * - beat (record a heartbeat, tell which heartbeat a secret is): only the webhook door's system actor;
 * - record (a probe's result, a missing heartbeat): only the scheduler.
 * - read a client org's status page: its members and provider staff; anyone else is told there is
 *   no such organisation, exactly as for an org that does not exist.
 */
import type { Actor } from '../actor.ts';
import { definePolicy, isProviderAdmin, isProviderStaff, isSystem, memberOrgIds } from '../policy.ts';

export type StatusSubjectKind = 'service' | 'probe' | 'heartbeat' | 'organisation';

export interface StatusSubject {
  readonly kind: StatusSubjectKind;
  /** For a service: who uses it. Probes and heartbeats are the provider's own. */
  readonly isPublic?: boolean;
  readonly allOrgs?: boolean;
  readonly orgIds?: readonly string[];
  /** For an organisation (its status page): which one. */
  readonly orgId?: string;
}

/**
 * Services as a kind, for actions about no one existing service (creating one): everyone with a role
 * may know services exist, so a client who tries is told FORBIDDEN in the rule's words.
 */
export const SERVICES: StatusSubject = { kind: 'service', isPublic: true };
export const PROBE: StatusSubject = { kind: 'probe' };
export const HEARTBEAT: StatusSubject = { kind: 'heartbeat' };

export type StatusAction = 'status.read' | 'status.read_checks' | 'status.manage' | 'status.beat' | 'status.record';

const staff = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);
const managers = (actor: Actor) => isSystem(actor) || isProviderAdmin(actor);

/** Does a client org use (and so see) this service: a public one, one every org uses, or one that lists it? */
export function orgSees(orgId: string, subject: StatusSubject): boolean {
  if (subject.kind !== 'service') return false;
  return Boolean(subject.isPublic || subject.allOrgs || subject.orgIds?.includes(orgId));
}

/** Does a client person use (or may see) this service, or belong to this organisation? */
export function clientSees(actor: Actor, subject: StatusSubject): boolean {
  const mine = memberOrgIds(actor);
  if (subject.kind === 'organisation') return subject.orgId !== undefined && mine.includes(subject.orgId);
  return mine.some((orgId) => orgSees(orgId, subject));
}

export const statusPolicy = definePolicy<StatusSubject, StatusAction>({
  // Provider staff see everything; a client person sees only the services they may read, and no check at all.
  sees: (actor, subject) => staff(actor) || clientSees(actor, subject),
  notFound: (subject) => `${subject.kind} not found`,
  rules: {
    'status.read': { allow: () => true, refusal: 'you may not read this service' },
    'status.read_checks': { allow: staff, refusal: 'only provider staff see probes and heartbeats' },
    'status.manage': { allow: managers, refusal: (subject) => `only provider admins may do this (manage ${subject.kind}s)` },
    'status.beat': { allow: (actor) => actor.type === 'system' && actor.id === 'webhook', refusal: 'only a heartbeat’s own webhook may report it' },
    'status.record': { allow: (actor) => actor.type === 'system' && actor.id === 'scheduler', refusal: 'only opsdesk’s scheduler records check results' },
  },
});
