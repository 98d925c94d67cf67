/**
 * Reads of the directory, run with the actor they are for (`core.read(query, actor, input)`), and
 * authorised by the same policy as the commands: an org the actor cannot see is not found.
 *
 * The read models doors need to address people live here too (names behind ids, where to reach a
 * person in Slack, which org a channel belongs to, each node's tokens or workspaces for a GraphQL
 * loader), and who a credential stands for, for the host: doors never read the directory's tables.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { apiTokens, channelLinks, memberships, orgs, people, slackIdentities, slackWorkspaces, type Org, type SlackWorkspace } from '../../db/schema.ts';
import { DOORS, type PersonActor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { memberOrgIds, seesEveryOrg } from '../policy.ts';
import { defineQuery, type Followed } from '../query.ts';
import {
  actorForPerson,
  authenticateSecret,
  authenticateSession,
  loadMemberships,
  reauthenticate,
  reauthenticatePerson,
  type Authenticated,
} from './internal/identity.ts';
import { orgById, orgBySlug as findOrgBySlug, peopleByEmail as findPeopleByEmail, requireProviderOrg } from './internal/lookups.ts';
import { CHANNEL_PURPOSES, isUuid, slackIdSchema } from './model.ts';
import { directoryPolicy, orgPolicy, tokenPolicy } from './policy.ts';
import { channelsOf, choicesOf, inSlackOf, NOTIFICATION_KINDS } from './notifications.ts';

const idInput = z.string().max(100);

/** The person acting, with every membership (also those without a role: they give nothing, but say where one stands). */
export const me = defineQuery({
  name: 'me',
  input: z.object({}),
  async run({ db, actor }) {
    if (actor.type !== 'person') throw new OpsdeskError('UNAUTHENTICATED', 'not a person');
    const [person] = await db.select().from(people).where(eq(people.id, actor.id));
    if (!person) throw new OpsdeskError('UNAUTHENTICATED', 'unknown person');
    const slack = await db.select().from(slackIdentities).where(and(eq(slackIdentities.personId, person.id), isNull(slackIdentities.unlinkedAt)));
    const memberOf = await loadMemberships(db, person.id, { withoutRoles: true });
    // Their own orgs, also those where they hold no role (which they could not otherwise see).
    const theirOrgs = memberOf.length ? await db.select().from(orgs).where(inArray(orgs.id, memberOf.map((m) => m.orgId))) : [];
    const orgOf = new Map(theirOrgs.map((org) => [org.id, org]));
    const following = await db
      .select({ orgId: memberships.orgId })
      .from(memberships)
      .where(and(eq(memberships.personId, person.id), eq(memberships.followsTickets, true)));
    const follows = new Set(following.map((r) => r.orgId));
    return { ...person, memberships: memberOf.map((m) => ({ ...m, org: orgOf.get(m.orgId)!, followsTickets: follows.has(m.orgId) })), slack };
  },
});

/** Provider staff see every org; anyone else sees only the orgs they hold a role in. */
export const listOrgs = defineQuery({
  name: 'listOrgs',
  input: z.object({ kind: z.enum(['provider', 'client']).optional() }),
  async run({ db, actor }, { kind }): Promise<Org[]> {
    const where = [kind ? eq(orgs.kind, kind) : undefined];
    if (!seesEveryOrg(actor)) {
      const ids = memberOrgIds(actor);
      if (ids.length === 0) return [];
      where.push(inArray(orgs.id, ids));
    }
    return db.select().from(orgs).where(and(...where)).orderBy(asc(orgs.name));
  },
});

export const getOrg = defineQuery({
  name: 'getOrg',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<Org> {
    return orgPolicy.visible(actor, await orgById(db, orgId));
  },
});

export const orgBySlug = defineQuery({
  name: 'orgBySlug',
  input: z.object({ slug: z.string().trim().max(100) }),
  async run({ db, actor }, { slug }): Promise<Org> {
    // The policy's words: nobody learns which slugs exist by trying them.
    return orgPolicy.visible(actor, await findOrgBySlug(db, slug));
  },
});

/** An org's events, for as long as the actor may read the org. */
export const followOrg = defineQuery({
  name: 'followOrg',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<Followed<Org>> {
    return orgPolicy.follow(actor, 'org.read', orgPolicy.visible(actor, await orgById(db, orgId)));
  },
});

/** The provider org, for whoever sees it (its staff and the system). */
export const providerOrg = defineQuery({
  name: 'providerOrg',
  input: z.object({}),
  async run({ db, actor }): Promise<Org> {
    return orgPolicy.visible(actor, await requireProviderOrg(db));
  },
});

export const listPeople = defineQuery({
  name: 'listPeople',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }) {
    const org = orgPolicy.visible(actor, await orgById(db, orgId));
    return db
      .select({ id: people.id, name: people.name, email: people.email, roles: memberships.roles, orgId: memberships.orgId })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(eq(memberships.orgId, org.id))
      .orderBy(asc(people.name));
  },
});

/** What is shown of a token: never its secret or hash. */
export interface ApiTokenView {
  id: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const tokenColumns = { id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt };

/** A person's tokens (never their secrets or hashes), for the person or whoever manages them. */
export const listTokens = defineQuery({
  name: 'listTokens',
  input: z.object({ orgId: idInput, personId: idInput }),
  async run({ db, actor }, { orgId, personId }): Promise<ApiTokenView[]> {
    const org = orgPolicy.visible(actor, await orgById(db, orgId));
    tokenPolicy.authorize(actor, 'token.list', { personId, orgs: [org], asked: 'person' });
    const [member] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.personId, personId)));
    if (!member) throw new OpsdeskError('NOT_FOUND', 'person not found in this organisation');
    return db
      .select(tokenColumns)
      .from(apiTokens)
      .where(and(eq(apiTokens.personId, personId), eq(apiTokens.kind, 'api')))
      .orderBy(asc(apiTokens.createdAt));
  },
});

/**
 * The tokens of several members of one org at once (`people(orgId) { tokens }`): for each person,
 * their tokens, or the refusal `listTokens` would give for them. For the GraphQL door's loader.
 */
export const tokensOfMembers = defineQuery({
  name: 'tokensOfMembers',
  input: z.object({ orgId: idInput, personIds: z.array(idInput).max(1000) }),
  async run({ db, actor }, { orgId, personIds }): Promise<Map<string, ApiTokenView[] | OpsdeskError>> {
    const answers = new Map<string, ApiTokenView[] | OpsdeskError>();
    const org = await orgById(db, orgId);
    const allowed: string[] = [];
    for (const personId of new Set(personIds)) {
      try {
        tokenPolicy.authorize(actor, 'token.list', { personId, orgs: [orgPolicy.visible(actor, org)], asked: 'person' });
        allowed.push(personId);
      } catch (error) {
        if (!(error instanceof OpsdeskError)) throw error;
        answers.set(personId, error);
      }
    }
    const wanted = allowed.filter(isUuid);
    const members = wanted.length
      ? await db
          .select({ personId: memberships.personId })
          .from(memberships)
          .where(and(eq(memberships.orgId, org!.id), inArray(memberships.personId, wanted)))
      : [];
    const memberIds = new Set(members.map((m) => m.personId));
    const tokens = memberIds.size
      ? await db
          .select({ ...tokenColumns, personId: apiTokens.personId })
          .from(apiTokens)
          .where(and(inArray(apiTokens.personId, [...memberIds]), eq(apiTokens.kind, 'api')))
          .orderBy(asc(apiTokens.createdAt))
      : [];
    for (const personId of allowed) {
      answers.set(personId, memberIds.has(personId) ? [] : new OpsdeskError('NOT_FOUND', 'person not found in this organisation'));
    }
    for (const { personId, ...token } of tokens) (answers.get(personId) as ApiTokenView[]).push(token);
    return answers;
  },
});

/** An org's workspaces, for whoever may see the org. */
export const listSlackWorkspaces = defineQuery({
  name: 'listSlackWorkspaces',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }) {
    const org = orgPolicy.visible(actor, await orgById(db, orgId));
    return db.select().from(slackWorkspaces).where(eq(slackWorkspaces.orgId, org.id)).orderBy(asc(slackWorkspaces.teamId));
  },
});

/** Several orgs' workspaces at once (`orgs { slackWorkspaces }`): for each org, its workspaces, or NOT_FOUND. For the GraphQL door's loader. */
export const slackWorkspacesOfOrgs = defineQuery({
  name: 'slackWorkspacesOfOrgs',
  input: z.object({ orgIds: z.array(idInput).max(1000) }),
  async run({ db, actor }, { orgIds }): Promise<Map<string, SlackWorkspace[] | OpsdeskError>> {
    const answers = new Map<string, SlackWorkspace[] | OpsdeskError>();
    const wanted = [...new Set(orgIds)];
    const found = await orgsById(db, wanted.filter(isUuid));
    for (const id of wanted) {
      const org = found.get(id);
      answers.set(id, org && orgPolicy.sees(actor, org) ? [] : orgPolicy.notFound(org));
    }
    const seen = wanted.filter((id) => Array.isArray(answers.get(id)));
    const rows = seen.length
      ? await db.select().from(slackWorkspaces).where(inArray(slackWorkspaces.orgId, seen)).orderBy(asc(slackWorkspaces.teamId))
      : [];
    for (const row of rows) (answers.get(row.orgId) as SlackWorkspace[]).push(row);
    return answers;
  },
});

async function orgsById(db: Queryable, ids: string[]): Promise<Map<string, Org>> {
  const rows = ids.length ? await db.select().from(orgs).where(inArray(orgs.id, ids)) : [];
  return new Map(rows.map((org) => [org.id, org]));
}

/** Every org's workspaces with the org's slug, for those who see every org (the operator, provider staff). */
export const listAllSlackWorkspaces = defineQuery({
  name: 'listAllSlackWorkspaces',
  input: z.object({ orgSlug: z.string().optional() }),
  async run({ db, actor }, { orgSlug }) {
    directoryPolicy.authorize(actor, 'directory.read_all', null);
    return db
      .select({ teamId: slackWorkspaces.teamId, orgId: slackWorkspaces.orgId, orgSlug: orgs.slug, createdAt: slackWorkspaces.createdAt })
      .from(slackWorkspaces)
      .innerJoin(orgs, eq(orgs.id, slackWorkspaces.orgId))
      .where(orgSlug ? eq(orgs.slug, orgSlug.toLowerCase()) : undefined)
      .orderBy(asc(orgs.slug), asc(slackWorkspaces.teamId));
  },
});

/**
 * The names behind person ids (a ticket's initiator, an alarm's acknowledger): id and name only,
 * nothing more of the person. Whoever holds an id from a subject they can see may name its person;
 * ids that are unknown are left out.
 */
export const personRefs = defineQuery({
  name: 'personRefs',
  input: z.object({ ids: z.array(idInput).max(1000) }),
  async run({ db }, { ids }): Promise<Array<{ id: string; name: string }>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (wanted.length === 0) return [];
    return db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, wanted));
  },
});

/** The operator's lookup by email (emails are unique per org, so several people may share one). */
export const peopleByEmail = defineQuery({
  name: 'peopleByEmail',
  input: z.object({ email: z.string().trim().toLowerCase().max(320) }),
  async run({ db, actor }, { email }) {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    return findPeopleByEmail(db, email);
  },
});

/**
 * The org a Slack channel is linked to and what for, when the actor may see that org; null for a
 * channel linked to nothing (or to an org the actor does not see).
 */
export const channelLink = defineQuery({
  name: 'channelLink',
  input: z.object({ teamId: slackIdSchema, channelId: slackIdSchema }),
  async run({ db, actor }, { teamId, channelId }) {
    const [link] = await db
      .select({ org: orgs, purpose: channelLinks.purpose })
      .from(channelLinks)
      .innerJoin(orgs, eq(orgs.id, channelLinks.orgId))
      .where(and(eq(channelLinks.teamId, teamId), eq(channelLinks.channelId, channelId)));
    return link && orgPolicy.sees(actor, link.org) ? { org: link.org, purpose: link.purpose } : null;
  },
});

/** The channels linked to an org for one purpose (oldest link first): where a door posts the org's news. */
export const linkedChannels = defineQuery({
  name: 'linkedChannels',
  input: z.object({ teamId: slackIdSchema, orgId: idInput, purpose: z.enum(CHANNEL_PURPOSES) }),
  async run({ db, actor }, { teamId, orgId, purpose }): Promise<string[]> {
    const org = orgPolicy.visible(actor, await orgById(db, orgId));
    const rows = await db
      .select({ channelId: channelLinks.channelId })
      .from(channelLinks)
      .where(and(eq(channelLinks.teamId, teamId), eq(channelLinks.orgId, org.id), eq(channelLinks.purpose, purpose)))
      .orderBy(channelLinks.createdAt);
    return rows.map((r) => r.channelId);
  },
});

/**
 * The Slack user to reach each person at (people without one are left out); a person known in
 * several teams is reached in `teamId` (the provider's) when possible. For opsdesk's own doors.
 */
export const slackUsers = defineQuery({
  name: 'slackUsers',
  input: z.object({
    teamId: slackIdSchema,
    personIds: z.array(idInput).max(1000),
    /** Only those who are told this kind of message in Slack (their choice, or the default): someone who chose email alone is left out. */
    kind: z.enum(NOTIFICATION_KINDS).optional(),
  }),
  async run({ db, actor }, { teamId, personIds, kind }): Promise<Map<string, string>> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    const found = new Map<string, string>();
    const wanted = personIds.filter(isUuid);
    if (wanted.length === 0) return found;
    const rows = await db
      .select({ personId: slackIdentities.personId, teamId: slackIdentities.teamId, userId: slackIdentities.userId })
      .from(slackIdentities)
      .where(and(inArray(slackIdentities.personId, wanted), isNull(slackIdentities.unlinkedAt)));
    for (const row of rows) if (!found.has(row.personId) || row.teamId === teamId) found.set(row.personId, row.userId);
    if (kind) {
      const chosen = await choicesOf(db, [...found.keys()], kind);
      for (const personId of found.keys()) if (!channelsOf(kind, chosen.get(personId) ?? null, true).slack) found.delete(personId);
    }
    return found;
  },
});

/**
 * The email address to reach each person at, with their name and whether Slack reaches them too (a
 * linked Slack identity); people without an address are left out. For opsdesk's own doors (the
 * email door), as `slackUsers` is for Slack.
 */
export const emailAddresses = defineQuery({
  name: 'emailAddresses',
  input: z.object({
    personIds: z.array(idInput).max(1000),
    /** Only those who are told this kind of message by email (their choice, or the default); without: everyone with an address. */
    kind: z.enum(NOTIFICATION_KINDS).optional(),
  }),
  async run({ db, actor }, { personIds, kind }): Promise<Map<string, { address: string; name: string; inSlack: boolean }>> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    const found = new Map<string, { address: string; name: string; inSlack: boolean }>();
    const wanted = [...new Set(personIds.filter(isUuid))];
    if (wanted.length === 0) return found;
    // An address that bounced for good gets nothing until an admin clears it (core/directory/bounces.ts).
    const rows = await db
      .select({ id: people.id, name: people.name, email: people.email })
      .from(people)
      .where(and(inArray(people.id, wanted), isNull(people.emailBouncedAt)));
    const inSlack = await inSlackOf(db, wanted);
    const chosen = kind ? await choicesOf(db, wanted, kind) : new Map();
    for (const row of rows) {
      if (!row.email || !row.email.includes('@')) continue;
      if (kind && !channelsOf(kind, chosen.get(row.id) ?? null, inSlack.has(row.id)).email) continue;
      found.set(row.id, { address: row.email, name: row.name, inSlack: inSlack.has(row.id) });
    }
    return found;
  },
});

/** The person a linked Slack identity belongs to, or null. For the Slack door's own system actor. */
export const personOfSlackUser = defineQuery({
  name: 'personOfSlackUser',
  input: z.object({ teamId: slackIdSchema, userId: slackIdSchema }),
  async run({ db, actor }, { teamId, userId }): Promise<string | null> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    const [row] = await db
      .select({ personId: slackIdentities.personId })
      .from(slackIdentities)
      .where(and(eq(slackIdentities.teamId, teamId), eq(slackIdentities.userId, userId), isNull(slackIdentities.unlinkedAt)));
    return row?.personId ?? null;
  },
});

/** The actor a person acts as through `door` now (their memberships with a role), or null. For opsdesk's own doors. */
export const actorOfPerson = defineQuery({
  name: 'actorOfPerson',
  input: z.object({ personId: idInput, door: z.enum(DOORS), requestId: z.string().max(200) }),
  async run({ db, actor }, { personId, door, requestId }): Promise<PersonActor | null> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    if (!isUuid(personId)) return null;
    return (await actorForPerson(db, personId, door, requestId)) ?? null;
  },
});

/**
 * Credentials, for the host's own system actor: who a bearer token's secret stands for now, and the
 * state now of tokens a connection authenticated with before (null, or missing from the answer,
 * once a token is unknown, revoked or expired).
 */
const credentialFor = { door: z.enum(DOORS), requestId: z.string().max(200) };

export const bearerOfToken = defineQuery({
  name: 'bearerOfToken',
  input: z.object({ secret: z.string(), ...credentialFor }),
  async run({ db, actor, now }, { secret, door, requestId }): Promise<Authenticated | null> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    return (await authenticateSecret(db, secret, now, door, requestId)) ?? null;
  },
});

/** Who a web console session's cookie stands for now (moving its idle deadline on), or null. */
export const bearerOfSession = defineQuery({
  name: 'bearerOfSession',
  input: z.object({ secret: z.string(), idleMinutes: z.number().int().min(1), ...credentialFor }),
  async run({ db, actor, now }, { secret, idleMinutes, door, requestId }): Promise<Authenticated | null> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    return (await authenticateSession(db, secret, idleMinutes, now, door, requestId)) ?? null;
  },
});

export const tokenCredential = defineQuery({
  name: 'tokenCredential',
  input: z.object({ tokenId: z.string().uuid(), ...credentialFor }),
  async run({ db, actor, now }, { tokenId, door, requestId }): Promise<Authenticated | null> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    return (await reauthenticate(db, tokenId, now, door, requestId)) ?? null;
  },
});

/** One person's tokens' states, read together for all their connections: live tokens by id. */
export const personCredentials = defineQuery({
  name: 'personCredentials',
  input: z.object({ personId: z.string().uuid(), tokenIds: z.array(z.string().uuid()), ...credentialFor }),
  async run({ db, actor, now }, { personId, tokenIds, door, requestId }): Promise<Map<string, Authenticated>> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    return reauthenticatePerson(db, personId, tokenIds, now, door, requestId);
  },
});
