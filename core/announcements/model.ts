/**
 * The announcements' terms: releases and their states, announcements and who they go to, the
 * notices an announcement sends, and the views doors render (a Slack card, a DM, App Home, a
 * GraphQL field) without reading anything themselves.
 */
import type { ClientRole } from '../actor.ts';
import type { AnnouncementRow, InstallationRow, ReleaseRow } from '../../db/schema.ts';

export type Release = ReleaseRow;
export type Announcement = AnnouncementRow;
export type Installation = InstallationRow;

export type ReleaseKind = Release['kind'];
export type ReleaseStatus = Release['status'];
export type AnnouncementStatus = Announcement['status'];
export type InstallationKind = Installation['kind'];

/** The roles an announcement goes to, in every client org (the seed's four). */
export const AUDIENCE_ROLES: readonly ClientRole[] = ['space_admin', 'space_owner', 'contract_admin', 'contract_owner'];

export const DAY_MS = 86_400_000;
/** The seed's "usually at least two weeks prior to the scheduled upgrade". */
export const MINIMUM_NOTICE_MS = 14 * DAY_MS;
/** Minutes before the window: 7 days, 1 day, 1 hour. */
export const DEFAULT_REMINDER_OFFSETS = [7 * 24 * 60, 24 * 60, 60];
/** Those who have not acknowledged are reminded this long after the announcement. */
export const ACKNOWLEDGEMENT_NUDGE_MS = 7 * DAY_MS;

/** What a notice tells the recipients; also `notice` of `announcement.notified`. */
export const NOTICES = [
  'reminder',
  'acknowledgement_reminder',
  'preview_opened',
  'window_started',
  'window_ended',
  'rescheduled',
  'cancelled',
] as const;
export type Notice = (typeof NOTICES)[number];

/** "7d", "1d", "1h", "90m": how a reminder offset is named in timer keys and messages. */
export function offsetLabel(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** The preview period of a release, when it has a whole one. */
export function previewOf(release: Release): { start: Date; end: Date; url: string } | null {
  return release.previewStart && release.previewEnd && release.previewUrl
    ? { start: release.previewStart, end: release.previewEnd, url: release.previewUrl }
    : null;
}

/** An announcement with its release: what every message about it shows. */
export interface AnnouncementView {
  announcement: Announcement;
  release: Release;
}

/** One recipient as the people who may see their org see them. */
export interface RecipientView {
  announcementId: string;
  orgId: string;
  orgName: string;
  personId: string;
  name: string;
  roles: string[];
  deliveredAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedVia: string | null;
}

/** One org's side of an announcement: who has acknowledged and who has not (what the product owner watches). */
export interface OrgAcknowledgements {
  orgId: string;
  orgName: string;
  acknowledged: RecipientView[];
  pending: RecipientView[];
}

/** Recipients (in the order given) grouped per org, acknowledged apart from pending. */
export function acknowledgementsByOrg(recipients: readonly RecipientView[]): OrgAcknowledgements[] {
  const byOrg = new Map<string, OrgAcknowledgements>();
  for (const r of recipients) {
    const entry = byOrg.get(r.orgId) ?? { orgId: r.orgId, orgName: r.orgName, acknowledged: [], pending: [] };
    (r.acknowledgedAt ? entry.acknowledged : entry.pending).push(r);
    byOrg.set(r.orgId, entry);
  }
  return [...byOrg.values()];
}

/** What one org was told and where it stands: its announcement card, and who still has to acknowledge. */
export interface OrgAnnouncementView extends AnnouncementView {
  orgId: string;
  /** The org's recipients, by name. */
  recipients: Array<{ personId: string; name: string; acknowledgedAt: Date | null }>;
}

/** Whether a recipient is still asked to acknowledge: the announcement is live and they have not. */
export function awaitsAcknowledgement(view: OrgAnnouncementView, personId: string): boolean {
  return view.announcement.status === 'active' && view.recipients.some((r) => r.personId === personId && !r.acknowledgedAt);
}
