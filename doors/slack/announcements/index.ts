/** The announcements capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { announcementButtons } from './buttons.ts';
import { announcementsHomeSection } from './home.ts';
import { registerAnnouncementListeners } from './listeners.ts';
import { announcementRule } from './notifier-rule.ts';

export default {
  listeners: registerAnnouncementListeners,
  buttons: announcementButtons,
  notifierRule: announcementRule,
  homeSection: announcementsHomeSection,
  manifest: { slashCommands: [{ command: '/announce', description: 'Schedule and announce an upgrade' }] },
} satisfies SlackPart;
