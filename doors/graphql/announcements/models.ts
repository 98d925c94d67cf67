/** What the announcement resolvers return for each GraphQL object type (codegen "mappers"): the core's views. */
import type {
  Announcement,
  ComplianceEntry,
  Installation,
  OrgAcknowledgements,
  RecipientView,
  Release,
} from '../../../core/announcements/index.ts';

export type ReleaseModel = Release;
export type AnnouncementModel = Announcement;
export type AnnouncementRecipientModel = RecipientView;
export type OrgAcknowledgementsModel = OrgAcknowledgements;
export type InstallationModel = Installation;
export type OverdueInstallationModel = ComplianceEntry;
export type AnnouncedReleaseModel = { announcement: Announcement; orgs: number; recipients: number };
