/** The directory capability: organisations, people, roles, Slack links and API tokens. */
import type { Core } from '../core.ts';
import { DIRECTORY_EVENTS } from './events.ts';
import { onTokenExpired, TOKEN_EXPIRY_TIMER } from './tokens.ts';

export { addPerson, setRoles, registerSlackUser, WORKSPACE_NOT_REGISTERED } from './people.ts';
export { removePerson } from './removal.ts';
export { bootstrapProvider, createOrg } from './orgs.ts';
export { linkChannel } from './channels.ts';
export { createApiToken, revokeApiToken } from './tokens.ts';
export { claimSlackWorkspace, releaseSlackWorkspace } from './workspaces.ts';

export function registerDirectory(core: Core): void {
  core.events.declare(DIRECTORY_EVENTS);
  core.timers.register(TOKEN_EXPIRY_TIMER, onTokenExpired);
}
