/** The access capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { ACCESS_BUTTONS } from './buttons.ts';
import { accessHomeSection } from './home.ts';
import { registerAccessListeners } from './listeners.ts';
import { accessNotifierRule } from './notifier-rule.ts';

export default {
  listeners: registerAccessListeners,
  buttons: ACCESS_BUTTONS,
  notifierRule: accessNotifierRule,
  homeSection: accessHomeSection,
  manifest: { slashCommands: [{ command: '/access', description: "Request time-boxed access to a client's production data" }] },
} satisfies SlackPart;
