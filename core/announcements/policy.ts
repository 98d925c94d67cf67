/**
 * Who may do what with releases, announcements and installations: two subject kinds.
 *
 * Releases (`releasePolicy`), asked of one release with its announcement as far as it reached, or
 * of the provider's release schedule as a whole:
 * - Releases are the provider's: only its product owners (and the operator's CLI and scheduler)
 *   create, announce, reschedule and cancel them. Anyone may be told that; the schedule has no secret.
 * - Provider staff see every release and announcement; client people see those announced to their
 *   org, and nothing of the others (NOT_FOUND, worded like a missing one).
 * - Only a recipient acknowledges, for themselves.
 * - Following every org's announcements at once is for the provider's staff.
 *
 * An org's announcements and installations (`orgUpgradesPolicy`), asked of the org:
 * - Whoever sees the org follows its announcements, reads its side of them and its installations.
 * - Any member of the org reports its installations (the reporting agent runs with a person's token
 *   of that org); someone who only sees it (provider staff) does not.
 * - Its upgrade compliance: provider staff, and the org's admins and owners.
 */
import { providerMembership, rolesIn, type Actor } from '../actor.ts';
import { canSee, definePolicy, isMember, isSystem, seesEveryOrg, type OrgRef } from '../policy.ts';
import { AUDIENCE_ROLES } from './model.ts';

/** A release, or its announcement, as far as it reached: the client orgs told of it, and (for a recipient) the acting person. */
export interface ReleaseReach {
  readonly kind: 'release' | 'announcement';
  /** The client orgs the announcement went to (none while the release is not announced). */
  readonly orgIds: readonly string[];
  /**
   * The recipients among the people the decision is about. Loaded for the acting person only:
   * the acknowledgement rule asks whether they are one.
   */
  readonly recipientIds: readonly string[];
}

/** The provider's release schedule as a whole: what creating and managing releases is asked of. */
export interface ReleaseSchedule {
  readonly kind: 'schedule';
}

export type ReleaseSubject = ReleaseReach | ReleaseSchedule;

export const RELEASE_SCHEDULE: ReleaseSchedule = { kind: 'schedule' };

const isProductOwner = (actor: Actor) => providerMembership(actor)?.roles.includes('product_owner') ?? false;

/** Provider staff see every release; client people those told to one of their orgs. */
const seesRelease = (actor: Actor, subject: ReleaseSubject) =>
  subject.kind === 'schedule' || seesEveryOrg(actor) || subject.orgIds.some((id) => isMember(actor, { id, kind: 'client' }));

export const releasePolicy = definePolicy<ReleaseSubject, 'release.read' | 'release.manage' | 'announcement.acknowledge' | 'announcements.follow_every_org'>({
  sees: seesRelease,
  notFound: (subject) => (subject?.kind === 'announcement' ? 'announcement not found' : 'release not found'),
  rules: {
    /** Read the release, its announcement and its recipients of the orgs the actor sees. */
    'release.read': { allow: seesRelease, refusal: 'you may not read this release' },
    /** Create, announce, reschedule and cancel. */
    'release.manage': {
      allow: (actor) => isSystem(actor) || isProductOwner(actor),
      refusal: 'only product owners create, announce, reschedule or cancel releases',
    },
    'announcement.acknowledge': {
      allow: (actor, subject) => subject.kind !== 'schedule' && actor.type === 'person' && subject.recipientIds.includes(actor.id),
      refusal: "only the announcement's recipients (admins and owners of the orgs told) acknowledge it",
    },
    'announcements.follow_every_org': { allow: seesEveryOrg, refusal: "only the provider's staff follow every org's announcements" },
  },
});

export const orgUpgradesPolicy = definePolicy<OrgRef, 'announcements.read' | 'installation.read' | 'installation.report' | 'compliance.read'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    /** Follow the org's announcement events, read its side of announcements (its recipients). */
    'announcements.read': { allow: canSee, refusal: "you may not read this organisation's announcements" },
    'installation.read': { allow: canSee, refusal: "you may not read this organisation's installations" },
    'installation.report': { allow: isMember, refusal: 'installations report with a token of a person of their own org' },
    'compliance.read': {
      allow: (actor, org) => seesEveryOrg(actor) || rolesIn(actor, org.id).some((r) => (AUDIENCE_ROLES as readonly string[]).includes(r)),
      refusal: "only the org's admins and owners see its upgrade compliance",
    },
  },
});
