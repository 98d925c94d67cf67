/** The incidents capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { incidentButtons } from './buttons.ts';
import { registerIncidentListeners } from './listeners.ts';
import { incidentNotifierRule } from './notifier-rule.ts';

export default {
  listeners: registerIncidentListeners,
  buttons: incidentButtons,
  notifierRule: incidentNotifierRule,
  manifest: { slashCommands: [{ command: '/incident', description: 'Declare an incident that clients are told of' }] },
} satisfies SlackPart;
