/**
 * The directory's domain events, who may read each on a stream, and which of them change what a
 * credential allows (so that open connections follow the change at once). Payloads are JSON:
 * instants are ISO strings.
 */
import type { Role } from '../actor.ts';
import type { DomainEvent } from '../events/bus.ts';
import type { ReadRule } from '../events/catalogue.ts';
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { mayInOrg, readersOfOrg } from '../events/read-rules.ts';
import type { ChannelPurpose } from './model.ts';
import { orgPolicy } from './policy.ts';

export interface SlackUserRef {
  teamId: string;
  userId: string;
}

export interface OrgBootstrapped {
  name: string;
  slug: string;
  adminPersonId: string;
  adminEmail: string | null;
  /** The bootstrap admin's one-time token, by id. */
  tokenId: string;
}

export interface OrgCreated {
  name: string;
  slug: string;
}

/** An org and its events: for whoever sees the org. */
export const OrgEvents = eventFamily({
  prefix: 'org',
  subject: (org: { id: string }) => ({ orgId: org.id, subjectType: 'org', subjectId: org.id }),
  read: readersOfOrg,
  events: { bootstrapped: payload<OrgBootstrapped>(), created: payload<OrgCreated>() },
});

export interface PersonAdded {
  name: string;
  email: string | null;
  roles: Role[];
  slack: SlackUserRef | null;
  /** A person of another org, added to this one as well. */
  existingPerson: boolean;
}

export interface PersonRolesSet {
  before: Role[];
  after: Role[];
}

export interface PersonRegisteredFromSlack extends SlackUserRef {
  name: string;
  roles: Role[];
  /** The channel they first acted in, when it was one. */
  channel: { teamId: string; channelId: string } | null;
}

export interface PersonRemoved {
  name: string | null;
  roles: Role[];
  reason: string | null;
  /** The Slack identities unlinked with their last membership. */
  unlinkedSlack: SlackUserRef[];
}

/** A person's choice of channels for one kind of message. */
export interface NotificationsChosen {
  kind: 'ticket' | 'access' | 'audit';
  channels: 'slack' | 'email' | 'both';
  /** The choice before, or null when it was the default. */
  before: 'slack' | 'email' | 'both' | null;
}

/** The person follows every ticket of the org (or stops). */
export interface TicketsFollowed {
  follows: boolean;
}

/** Mail to the person's address bounced for good: nothing more is mailed to it until an admin clears it. */
export interface EmailBounced {
  address: string;
  reason: string;
  /** How it was learnt: the SMTP server refused the recipient when sending, or a delivery status notification came back. */
  source: 'smtp' | 'dsn';
}

export interface EmailBounceCleared {
  address: string | null;
  /** Why it bounced, as recorded. */
  reason: string | null;
}

/** The number itself is not on the trail (it is personal data): whether one is set, and its last digits. */
export interface PersonPhoneSet {
  set: boolean;
  /** The last two digits of the new number, `null` when cleared. */
  endsWith: string | null;
}

/** A person as a member of one org: the org's people are listed to every member (`people(orgId)`), so are their changes. */
export const PersonEvents = eventFamily({
  prefix: 'person',
  subject: (member: { orgId: string; personId: string }) => ({ orgId: member.orgId, subjectType: 'person', subjectId: member.personId }),
  read: readersOfOrg,
  events: {
    added: payload<PersonAdded>(),
    rolesSet: payload<PersonRolesSet>(),
    registeredFromSlack: payload<PersonRegisteredFromSlack>(),
    removed: payload<PersonRemoved>(),
    notificationsChosen: payload<NotificationsChosen>(),
    ticketsFollowed: payload<TicketsFollowed>(),
    emailBounced: payload<EmailBounced>(),
    emailBounceCleared: payload<EmailBounceCleared>(),
    phoneSet: payload<PersonPhoneSet>(),
  },
});

export interface ApiTokenCreated {
  personId: string;
  label: string;
  expiresAt: string | null;
}

export interface ApiTokenRevoked {
  personId: string;
  label: string;
  /** Set when the token went with its person (`person removed`). */
  reason?: string;
}

export interface ApiTokenExpired {
  personId: string;
  label: string;
  expiresAt: string | null;
}

/** A token's events: for whoever manages the org's people, and for the token's own person. */
const tokenReaders: ReadRule = (actor, event) =>
  (actor.type === 'person' && event.payload.personId === actor.id) || mayInOrg(orgPolicy, 'org.manage')(actor, event);

/** A token, on the chain of its person's org (the provider's when `orgId` is null). */
export const ApiTokenEvents = eventFamily({
  prefix: 'api_token',
  subject: (token: { id: string; orgId: string | null }) => ({ orgId: token.orgId, subjectType: 'api_token', subjectId: token.id }),
  read: tokenReaders,
  events: { created: payload<ApiTokenCreated>(), revoked: payload<ApiTokenRevoked>(), expired: payload<ApiTokenExpired>() },
});

export type SignInVia = 'token' | 'slack';

export interface WebSessionStarted {
  personId: string;
  via: SignInVia;
  /** The API token presented to sign in, when it was a token. */
  parentTokenId: string | null;
  expiresAt: string;
  userAgent: string | null;
}

export interface WebSessionEnded {
  personId: string;
  reason: 'signed out' | 'signed out everywhere' | 'token revoked' | 'person removed';
}

/** Why a sign-in was refused: never the secret presented, nor anything a stranger could learn from. */
export type SignInRefusal = 'unknown token' | 'slack user not linked' | 'slack sign-in failed' | 'slack sign-in cancelled';

export interface SignInRefused {
  via: SignInVia;
  reason: SignInRefusal;
  /** The Slack user who tried, when Slack told who it was. */
  slack: SlackUserRef | null;
}

/**
 * Web console sessions: started, ended, and refused sign-ins. A session's events are on its person's
 * org's chain (the provider's when `orgId` is null) and read like a token's; a refused sign-in has
 * no person and is on the provider's chain, for its admins.
 */
export const WebSessionEvents = eventFamily({
  prefix: 'web_session',
  subject: (session: { id: string; orgId: string | null }) => ({ orgId: session.orgId, subjectType: 'web_session', subjectId: session.id }),
  read: tokenReaders,
  events: { started: payload<WebSessionStarted>(), ended: payload<WebSessionEnded>(), signInRefused: payload<SignInRefused>() },
});

export interface ChannelLinked {
  purpose: ChannelPurpose;
  /** Where the channel was linked before, when it was. */
  previous: { orgId: string; purpose: ChannelPurpose } | null;
}

/** A Slack channel's link to an org: for whoever manages the org. */
export const ChannelEvents = eventFamily({
  prefix: 'channel',
  subject: (link: { orgId: string; teamId: string; channelId: string }) => ({
    orgId: link.orgId,
    subjectType: 'channel',
    subjectId: `${link.teamId}/${link.channelId}`,
  }),
  read: mayInOrg(orgPolicy, 'org.manage'),
  events: { linked: payload<ChannelLinked>() },
});

export interface SlackWorkspaceClaimed {
  teamId: string;
}

export interface SlackWorkspaceReleased {
  teamId: string;
  claimedAt: string;
}

/** The Slack workspaces an org says are its own: `Org.slackWorkspaces` is read by whoever sees the org. */
export const SlackWorkspaceEvents = eventFamily({
  prefix: 'slack_workspace',
  subject: (workspace: { orgId: string; teamId: string }) => ({ orgId: workspace.orgId, subjectType: 'slack_workspace', subjectId: workspace.teamId }),
  read: readersOfOrg,
  events: { claimed: payload<SlackWorkspaceClaimed>(), released: payload<SlackWorkspaceReleased>() },
});

export const DIRECTORY_EVENTS = declarationsOf(OrgEvents, PersonEvents, ApiTokenEvents, WebSessionEvents, ChannelEvents, SlackWorkspaceEvents);

/** What an event changes about credentials: tokens that stopped working, people whose rights changed. */
export interface CredentialChange {
  tokenIds: string[];
  personIds: string[];
}

/** Tokens that stop authenticating. */
const TOKEN_ENDS = [ApiTokenEvents.revoked, ApiTokenEvents.expired, WebSessionEvents.ended];
/** Changes of what a person may do (a person registered from Slack has no connection to follow yet). */
const RIGHTS_CHANGES = [PersonEvents.added, PersonEvents.rolesSet, PersonEvents.removed];

export function credentialChangeOf(event: DomainEvent): CredentialChange | undefined {
  if (TOKEN_ENDS.some((type) => type.is(event))) return { tokenIds: [event.subjectId], personIds: [] };
  if (RIGHTS_CHANGES.some((type) => type.is(event))) return { tokenIds: [], personIds: [event.subjectId] };
  return undefined;
}
