/**
 * Turning credentials into an `Actor`: a person's memberships (with each org's kind) are loaded
 * once per request; API tokens are looked up by the SHA-256 of the presented secret, and again by
 * their id whenever a long-lived connection needs the credential's current state.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { apiTokens, memberships, orgs, people, slackIdentities } from '../../../db/schema.ts';
import type { ActorMembership, Door, PersonActor, Role } from '../../actor.ts';

export type CredentialKind = 'api' | 'session';

/** Each kind's secrets carry their own prefix, so one is never taken for the other. */
const SECRET_PREFIX: Record<CredentialKind, string> = { api: 'odk_', session: 'ods_' };

export function newTokenSecret(kind: CredentialKind = 'api'): string {
  return SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether a presented secret is the one whose hash is stored, compared in constant time (per-source webhook secrets). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A membership counts only while it holds a role: with none, its person acts and reads as a stranger. */
export const holdsARole = sql`cardinality(${memberships.roles}) > 0`;

/**
 * The memberships a person acts through: those with at least one role. `withoutRoles` adds the
 * others, for telling the person where they stand (`me`, `/opsdesk whoami`), never for deciding.
 */
export async function loadMemberships(db: Queryable, personId: string, options: { withoutRoles?: boolean } = {}): Promise<ActorMembership[]> {
  const rows = await db
    .select({ orgId: memberships.orgId, orgKind: orgs.kind, roles: memberships.roles })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(options.withoutRoles ? eq(memberships.personId, personId) : and(eq(memberships.personId, personId), holdsARole));
  return rows.map((r) => ({ orgId: r.orgId, orgKind: r.orgKind, roles: r.roles as Role[] }));
}

export async function actorForPerson(
  db: Queryable,
  personId: string,
  door: Door,
  requestId: string,
): Promise<PersonActor | undefined> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person) return undefined;
  return {
    type: 'person',
    id: person.id,
    name: person.name,
    door,
    requestId,
    memberships: await loadMemberships(db, person.id),
  };
}

/**
 * What a connection holds on to: which credential it authenticated with (an API token, or a web
 * console session: both are rows of api_tokens), and until when it is good.
 */
export interface TokenCredential {
  tokenId: string;
  personId: string;
  kind: CredentialKind;
  expiresAt: Date | null;
  /** A console session's idle deadline as last read (null for API tokens). */
  idleExpiresAt: Date | null;
}

export interface Authenticated {
  actor: PersonActor;
  credential: TokenCredential;
}

type TokenRow = typeof apiTokens.$inferSelect;

const isLive = (token: TokenRow, now: Date) =>
  !token.revokedAt && !(token.expiresAt && token.expiresAt <= now) && !(token.idleExpiresAt && token.idleExpiresAt <= now);

const credentialOf = (token: TokenRow): TokenCredential => ({
  tokenId: token.id,
  personId: token.personId,
  kind: token.kind,
  expiresAt: token.expiresAt,
  idleExpiresAt: token.idleExpiresAt,
});

async function authenticated(db: Queryable, token: TokenRow | undefined, now: Date, door: Door, requestId: string): Promise<Authenticated | undefined> {
  if (!token || !isLive(token, now)) return undefined;
  const actor = await actorForPerson(db, token.personId, door, requestId);
  // A console session ends once its person holds no role anywhere: there is nothing left to show them.
  if (actor && token.kind === 'session' && actor.memberships.length === 0) return undefined;
  return actor && { actor, credential: credentialOf(token) };
}

/** How often a session's idle deadline is moved on: at most once a minute, not on every request. */
const IDLE_SLIDE_STEP_MS = 60_000;

/**
 * The actor behind a session cookie's secret, moving the session's idle deadline on. The move is
 * the kernel's bookkeeping (like a timer's claim), not an action: no audit event, and done at most
 * once a minute per session.
 */
export async function authenticateSession(
  db: Queryable,
  secret: string,
  idleMinutes: number,
  now: Date,
  door: Door,
  requestId: string,
): Promise<Authenticated | undefined> {
  const token = await credentialRowOf(db, secret, 'session', now);
  if (!token) return undefined;
  const idleUntil = new Date(Math.min(now.getTime() + idleMinutes * 60_000, token.expiresAt?.getTime() ?? Infinity));
  if (!token.idleExpiresAt || idleUntil.getTime() - token.idleExpiresAt.getTime() >= IDLE_SLIDE_STEP_MS) {
    await db.update(apiTokens).set({ idleExpiresAt: idleUntil }).where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)));
    token.idleExpiresAt = idleUntil;
  }
  return authenticated(db, token, now, door, requestId);
}

/** The live credential row of `kind` whose secret this is, or undefined. */
export async function credentialRowOf(db: Queryable, secret: string, kind: CredentialKind, now: Date): Promise<TokenRow | undefined> {
  if (!secret.startsWith(SECRET_PREFIX[kind]) || secret.length > 200) return undefined;
  const [token] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(secret)), eq(apiTokens.kind, kind)));
  return token && isLive(token, now) ? token : undefined;
}

/**
 * The actor and credential behind a secret of `kind` (a bearer token, or a session cookie), or
 * undefined when it is unknown, of the other kind, revoked, expired or idle too long.
 */
export async function authenticateSecret(
  db: Queryable,
  secret: string,
  now: Date,
  door: Door,
  requestId: string,
  kind: CredentialKind = 'api',
): Promise<Authenticated | undefined> {
  return authenticated(db, await credentialRowOf(db, secret, kind, now), now, door, requestId);
}

/** The credential's state now, by the token's id: undefined once it is revoked or expired. */
export async function reauthenticate(db: Queryable, tokenId: string, now: Date, door: Door, requestId: string): Promise<Authenticated | undefined> {
  const [token] = await db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
  return authenticated(db, token, now, door, requestId);
}

/**
 * One person's credentials' states now, read together: one query for the tokens and one actor for
 * the person, however many tokens (and connections on them) there are. A token missing from the
 * answer no longer authenticates.
 */
export async function reauthenticatePerson(
  db: Queryable,
  personId: string,
  tokenIds: string[],
  now: Date,
  door: Door,
  requestId: string,
): Promise<Map<string, Authenticated>> {
  const found = new Map<string, Authenticated>();
  if (tokenIds.length === 0) return found;
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.personId, personId), inArray(apiTokens.id, tokenIds)));
  const live = rows.filter((token) => isLive(token, now));
  if (live.length === 0) return found;
  const actor = await actorForPerson(db, personId, door, requestId);
  if (!actor) return found;
  for (const token of live) found.set(token.id, { actor, credential: credentialOf(token) });
  return found;
}

/** The identity row of a Slack user, linked or unlinked (a removed person's), or undefined. */
export async function slackIdentityOf(db: Queryable, teamId: string, userId: string) {
  const [row] = await db
    .select()
    .from(slackIdentities)
    .where(and(eq(slackIdentities.teamId, teamId), eq(slackIdentities.userId, userId)));
  return row;
}
