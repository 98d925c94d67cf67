/** The announcements capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { registerAnnouncementListeners } from './listeners.ts';
import { announcementRule } from './notifier-rule.ts';
import { announcementsHomeSection } from './home.ts';

export default { listeners: registerAnnouncementListeners, notifierRule: announcementRule, homeSection: announcementsHomeSection } satisfies SlackPart;
