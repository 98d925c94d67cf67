/** What the announcement resolvers return for each GraphQL object type (codegen "mappers"). */
import type { ComplianceEntry } from '../../../core/announcements/compliance.ts';
import type { RecipientView } from '../../../core/announcements/queries.ts';
import type { AnnouncementRow, InstallationRow, ReleaseRow } from '../../../db/schema.ts';

export type ReleaseModel = ReleaseRow;
export type AnnouncementModel = AnnouncementRow;
export type AnnouncementRecipientModel = RecipientView;
export type OrgAcknowledgementsModel = { orgId: string; orgName: string; acknowledged: RecipientView[]; pending: RecipientView[] };
export type InstallationModel = InstallationRow;
export type OverdueInstallationModel = ComplianceEntry;
export type AnnouncedReleaseModel = { announcement: AnnouncementRow; orgs: number; recipients: number };
