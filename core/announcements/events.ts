/**
 * The announcements capability's domain events, in four families. Releases are the provider's
 * business until they are announced; what each org was told, and who there acknowledged, is that
 * org's own (on its chain), read by its members as `announcement(id)` shows them their own org's
 * recipients. Installations report on their org's chain; the weekly compliance digest is the
 * provider's. Payloads are JSON: instants are ISO strings.
 */
import { eventFamily, payload } from '../events/define.ts';
import { providerStaffOnly, readersOfOrg } from '../events/read-rules.ts';
import type { InstallationKind, Notice, ReleaseKind, ReleaseStatus } from './model.ts';

export interface ReleaseCreated {
  version: string;
  title: string;
  kind: ReleaseKind;
  urgentReason: string | null;
  downtime: boolean;
  windowStart: string;
  windowEnd: string;
  preview: { start: string; end: string; url: string } | null;
}

export interface ReleaseAnnounced {
  announcementId: string;
  version: string;
  shortNotice: boolean;
  urgentReason: string | null;
  orgs: number;
  recipients: number;
  chosenOrgIds: string[] | null;
  reminderOffsets: number[];
}

export interface ReleaseRescheduled {
  version: string;
  previous: { windowStart: string; windowEnd: string };
  windowStart: string;
  windowEnd: string;
  reason: string | null;
}

export interface ReleaseCancelled {
  version: string;
  from: ReleaseStatus;
  reason: string | null;
}

/** The window started, or ended (the release is completed). */
export interface ReleaseMoved {
  version: string;
  from: ReleaseStatus;
  to: ReleaseStatus;
}

export const ReleaseEvents = eventFamily({
  prefix: 'release',
  subject: (release: { id: string }) => ({ orgId: null, subjectType: 'release', subjectId: release.id }),
  read: providerStaffOnly,
  events: {
    created: payload<ReleaseCreated>(),
    announced: payload<ReleaseAnnounced>(),
    rescheduled: payload<ReleaseRescheduled>(),
    cancelled: payload<ReleaseCancelled>(),
    windowStarted: payload<ReleaseMoved>(),
    completed: payload<ReleaseMoved>(),
  },
});

/** What a notice says beyond its kind: a reminder's offset, or the change a reschedule or cancellation made. */
export interface NoticeDetails {
  /** A reminder's offset before the window: `7d`, `1h`. */
  offset?: string;
  reason?: string | null;
  /** A reschedule: the window before, and the new one. */
  previous?: { windowStart: string; windowEnd: string };
  windowStart?: string;
  windowEnd?: string;
  /** A cancellation: the state the release was in. */
  from?: ReleaseStatus;
}

export interface AnnouncementDelivered {
  releaseId: string;
  version: string;
  title: string;
  windowStart: string;
  windowEnd: string;
  downtime: boolean;
  shortNotice: boolean;
  urgentReason: string | null;
  /** The org's recipients (person ids). */
  recipients: string[];
}

/** The provider's summary of one notice to every org. */
export interface NoticesSent extends NoticeDetails {
  notice: Notice;
  releaseId: string;
  version: string;
  orgs: number;
  /** How many people were told. */
  recipients: number;
}

/** One org's recipients were told something. */
export interface AnnouncementNotified extends NoticeDetails {
  notice: Notice;
  releaseId: string;
  version: string;
  /** The person ids told. */
  recipients: string[];
}

export interface AnnouncementAcknowledged {
  personId: string;
  releaseId: string;
  version: string | null;
  /** The door the acknowledgement came through. */
  door: string;
}

/** Where an announcement event belongs: one org's side of it, or (null) the provider's summary. */
export interface AnnouncementTo {
  announcementId: string;
  orgId: string | null;
}

export const AnnouncementEvents = eventFamily({
  prefix: 'announcement',
  subject: (to: AnnouncementTo) => ({ orgId: to.orgId, subjectType: 'announcement', subjectId: to.announcementId }),
  read: readersOfOrg,
  events: {
    delivered: payload<AnnouncementDelivered>(),
    noticesSent: payload<NoticesSent>({ read: providerStaffOnly }),
    notified: payload<AnnouncementNotified>(),
    acknowledged: payload<AnnouncementAcknowledged>(),
  },
});

export interface InstallationReported {
  kind: InstallationKind;
  name: string;
  version: string;
  previousVersion: string | null;
}

export const InstallationEvents = eventFamily({
  prefix: 'installation',
  subject: (installation: { id: string; orgId: string }) => ({ orgId: installation.orgId, subjectType: 'installation', subjectId: installation.id }),
  read: readersOfOrg,
  events: { reported: payload<InstallationReported>() },
});

/** One overdue installation in the weekly digest. */
export interface DigestLine {
  orgId: string;
  orgName: string | null;
  kind: InstallationKind;
  name: string;
  version: string;
  requiredVersion: string;
  overdueDays: number;
}

export interface DigestCompiled {
  asOf: string;
  /** How many installations are overdue (always complete). */
  overdue: number;
  /** The first of them (at most a hundred). */
  installations: DigestLine[];
}

/** The provider's weekly digest of overdue installations, about every org. */
export const ComplianceEvents = eventFamily({
  prefix: 'compliance',
  subject: (period: 'weekly') => ({ orgId: null, subjectType: 'compliance', subjectId: period }),
  read: providerStaffOnly,
  events: { digestCompiled: payload<DigestCompiled>() },
});

/** The families of the capability, for its declarations and for streams that carry all of them. */
export const UPGRADE_FAMILIES = [ReleaseEvents, AnnouncementEvents, InstallationEvents, ComplianceEvents] as const;
