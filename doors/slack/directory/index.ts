/** The directory capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { registerOpsdeskCommand } from './opsdesk-command.ts';

export default {
  listeners: registerOpsdeskCommand,
  manifest: {
    slashCommands: [
      {
        command: '/opsdesk',
        description: 'Who you are in opsdesk; link this channel to an organisation',
        usageHint: 'whoami | link <org-slug> [client|support|oncall|announcements] | help',
      },
    ],
  },
} satisfies SlackPart;
