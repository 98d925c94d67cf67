/**
 * The announcements capability's domain events. Releases are the provider's business until they are
 * announced; what each org was told, and who there acknowledged, is that org's own (on its chain), read
 * by its members as `announcement(id)` shows them their own org's recipients.
 */
import { providerStaffOnly, readersOfOrg, sameRule } from '../events/read-rules.ts';
import { typesOf, type EventDeclarations } from '../events/catalogue.ts';

export const ANNOUNCEMENT_EVENTS: EventDeclarations = {
  ...sameRule(
    ['release.created', 'release.announced', 'release.rescheduled', 'release.cancelled', 'release.window_started', 'release.completed'],
    providerStaffOnly,
  ),
  'announcement.notices_sent': providerStaffOnly,
  ...sameRule(['announcement.delivered', 'announcement.notified', 'announcement.acknowledged'], readersOfOrg),
  'installation.reported': readersOfOrg,
  'compliance.digest_compiled': providerStaffOnly,
};

export const ANNOUNCEMENT_EVENT_TYPES = typesOf(ANNOUNCEMENT_EVENTS);
