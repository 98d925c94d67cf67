/** The access capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { registerAccessListeners } from './listeners.ts';
import { accessNotifierRule } from './notifier-rule.ts';
import { accessHomeSection } from './home.ts';

export default { listeners: registerAccessListeners, notifierRule: accessNotifierRule, homeSection: accessHomeSection } satisfies SlackPart;
