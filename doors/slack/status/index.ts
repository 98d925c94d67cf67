/** The service status capability's part of the Slack door: `/status`. */
import type { SlackPart } from '../index.ts';
import { registerStatusListeners } from './listeners.ts';

export default {
  listeners: registerStatusListeners,
  manifest: { slashCommands: [{ command: '/status', description: 'How the services are doing, and open incidents' }] },
} satisfies SlackPart;
