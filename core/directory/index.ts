/**
 * The directory capability: organisations, people, roles, Slack links and API tokens.
 *
 * Its face: the commands, the queries doors and the host read through, the event families, the
 * policy other capabilities decide org-level questions with, the input schemas doors validate with,
 * and the few reads other capabilities' commands make inside their own transactions.
 */
import { defineCapability } from '../capability.ts';
import { DIRECTORY_EVENTS } from './events.ts';
import { onTokenExpired, TOKEN_EXPIRY_TIMER } from './tokens.ts';

export { addPerson, setRoles, registerSlackUser, WORKSPACE_NOT_REGISTERED } from './people.ts';
export { removePerson } from './removal.ts';
export { clearEmailBounce, emailBounceOf, markEmailBouncing, type EmailBounceView } from './bounces.ts';
export {
  channelsOf,
  defaultChannels,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  notificationChoicesOf,
  setNotificationChoice,
  type NotificationChannels,
  type NotificationChoiceView,
  type NotificationKind,
} from './notifications.ts';
export { phoneNumbers, phoneSchema, phonesOfMembers, setPhone } from './phone.ts';
export { followTickets, followsTickets, ticketFollowers, type TicketFollowing } from './followers.ts';
export { bootstrapProvider, createOrg } from './orgs.ts';
export { linkChannel } from './channels.ts';
export { createApiToken, revokeApiToken } from './tokens.ts';
export { endWebSessions, refuseSignIn, startWebSession, type StartedWebSession } from './sessions.ts';
export { claimSlackWorkspace, releaseSlackWorkspace } from './workspaces.ts';
export {
  actorOfPerson,
  bearerOfSession,
  bearerOfToken,
  channelLink,
  emailAddresses,
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
  personCredentials,
  personOfSlackUser,
  personRefs,
  providerOrg,
  slackUsers,
  slackWorkspacesOfOrgs,
  tokenCredential,
  tokensOfMembers,
  type ApiTokenView,
} from './queries.ts';
export {
  ApiTokenEvents,
  WebSessionEvents,
  ChannelEvents,
  credentialChangeOf,
  OrgEvents,
  PersonEvents,
  SlackWorkspaceEvents,
  type CredentialChange,
} from './events.ts';
export { orgPolicy } from './policy.ts';
export {
  CHANNEL_PURPOSES,
  checkRolesFit,
  emailSchema,
  isUuid,
  nameSchema,
  slackIdSchema,
  slugSchema,
  uuidSchema,
  type ChannelPurpose,
} from './model.ts';
export type { Authenticated, TokenCredential } from './internal/identity.ts';
export type { ApiToken, ChannelLink, Membership, Org, Person, SlackIdentityRow, SlackWorkspace } from './model.ts';

/**
 * For other capabilities' commands and queries, inside their own transaction: an org by id
 * (NOT_FOUND when missing), the provider org, whether a membership holds a role (SQL), and the
 * hash API-token-like secrets are stored by. Doors use the queries above instead.
 */
export { orgById, requireOrg, requireProviderOrg } from './internal/lookups.ts';
export { hashToken, holdsARole, secretMatches } from './internal/identity.ts';

export const directory = defineCapability({
  name: 'directory',
  events: DIRECTORY_EVENTS,
  timers: { [TOKEN_EXPIRY_TIMER]: onTokenExpired },
});

export default directory;
