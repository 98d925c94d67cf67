/** The directory capability: organisations, people, roles, Slack links and API tokens. */
import { defineCapability } from '../capability.ts';
import { DIRECTORY_EVENTS } from './events.ts';
import { onTokenExpired, TOKEN_EXPIRY_TIMER } from './tokens.ts';

export { addPerson, setRoles, registerSlackUser, WORKSPACE_NOT_REGISTERED } from './people.ts';
export { removePerson } from './removal.ts';
export { bootstrapProvider, createOrg } from './orgs.ts';
export { linkChannel } from './channels.ts';
export { createApiToken, revokeApiToken } from './tokens.ts';
export { claimSlackWorkspace, releaseSlackWorkspace } from './workspaces.ts';
export {
  actorOfPerson,
  channelLink,
  followOrg,
  getOrg,
  linkedChannels,
  listAllSlackWorkspaces,
  listOrgs,
  listPeople,
  listSlackWorkspaces,
  listTokens,
  me,
  orgBySlug,
  peopleByEmail,
  personOfSlackUser,
  personRefs,
  providerOrg,
  slackUsers,
} from './queries.ts';
export { orgPolicy } from './policy.ts';
export { slackIdSchema } from './lookups.ts';

export const directory = defineCapability({
  name: 'directory',
  events: DIRECTORY_EVENTS,
  timers: { [TOKEN_EXPIRY_TIMER]: onTokenExpired },
});

export default directory;
