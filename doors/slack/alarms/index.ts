/** The alarms capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { registerAlarmListeners } from './listeners.ts';
import { alarmNotifierRule } from './notifier-rule.ts';
import { alarmsHomeSection } from './home.ts';

export default { listeners: registerAlarmListeners, notifierRule: alarmNotifierRule, homeSection: alarmsHomeSection } satisfies SlackPart;
