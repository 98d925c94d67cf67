/** Upgrade announcements: releases, their announcement to client orgs, acknowledgements, and installations' compliance. */
import { defineCapability } from '../capability.ts';
import { declarationsOf } from '../events/define.ts';
import { DIGEST_TIMER, onDigestDue } from './digest.ts';
import { ANNOUNCEMENT_EXPORTERS } from './exporters.ts';
import { UPGRADE_FAMILIES } from './events.ts';
import { NOTICE_TIMER, onNoticeDue } from './notices.ts';

export { acknowledgeAnnouncement, type Acknowledgement } from './acknowledge.ts';
export { announceRelease, cancelRelease, createAndAnnounceRelease, createRelease, rescheduleRelease } from './releases.ts';
export { reportInstallation } from './installations.ts';
export { releaseWindow } from './linked.ts';
export {
  announceChoices,
  announcementsOfReleases,
  followAnnouncements,
  getAnnouncement,
  getRelease,
  listAnnouncements,
  listInstallations,
  listReleases,
  orgAnnouncement,
  pendingAcknowledgements,
  recipientsOfAnnouncements,
  releasesByIds,
  upgradeCompliance,
  type Page,
} from './queries.ts';
export {
  AnnouncementEvents,
  ComplianceEvents,
  InstallationEvents,
  ReleaseEvents,
  UPGRADE_FAMILIES,
  type AnnouncementAcknowledged,
  type AnnouncementDelivered,
  type AnnouncementNotified,
  type DigestCompiled,
  type DigestLine,
  type NoticeDetails,
} from './events.ts';
export {
  acknowledgementsByOrg,
  awaitsAcknowledgement,
  previewOf,
  type Announcement,
  type AnnouncementView,
  type Installation,
  type Notice,
  type OrgAcknowledgements,
  type OrgAnnouncementView,
  type RecipientView,
  type Release,
} from './model.ts';
export { computeCompliance, MAINTENANCE_POLICY, type ComplianceEntry } from './compliance.ts';
export { DIGEST_KEY, nextDigestAt } from './digest.ts';

export const announcements = defineCapability({
  name: 'announcements',
  events: declarationsOf(...UPGRADE_FAMILIES),
  timers: { [NOTICE_TIMER]: onNoticeDue, [DIGEST_TIMER]: onDigestDue },
  exporters: ANNOUNCEMENT_EXPORTERS,
});

export default announcements;
