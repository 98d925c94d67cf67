/** The directory capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { registerOpsdeskCommand } from './opsdesk-command.ts';

export default { listeners: registerOpsdeskCommand } satisfies SlackPart;
