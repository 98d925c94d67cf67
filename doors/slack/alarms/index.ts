/** The alarms capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { alarmButtons } from './buttons.ts';
import { alarmsHomeSection } from './home.ts';
import { registerAlarmListeners } from './listeners.ts';
import { alarmNotifierRule } from './notifier-rule.ts';

export default {
  listeners: registerAlarmListeners,
  buttons: alarmButtons,
  notifierRule: alarmNotifierRule,
  homeSection: alarmsHomeSection,
  manifest: { slashCommands: [{ command: '/oncall', description: 'Who is on call, and on-call actions' }] },
} satisfies SlackPart;
