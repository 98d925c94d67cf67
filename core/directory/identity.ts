/**
 * Turning credentials into an `Actor`: a person's memberships (with each org's kind) are loaded
 * once per request; API tokens are looked up by the SHA-256 of the presented secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { apiTokens, memberships, orgs, people, slackIdentities } from '../../db/schema.ts';
import type { ActorMembership, Door, PersonActor, Role } from '../actor.ts';

const TOKEN_PREFIX = 'odk_';

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function loadMemberships(db: Queryable, personId: string): Promise<ActorMembership[]> {
  const rows = await db
    .select({ orgId: memberships.orgId, orgKind: orgs.kind, roles: memberships.roles })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(memberships.personId, personId));
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

/** The actor behind a bearer token, or undefined when it is unknown, revoked or expired. */
export async function authenticateToken(
  db: Queryable,
  secret: string,
  now: Date,
  door: Door,
  requestId: string,
): Promise<PersonActor | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return undefined;
  const [token] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(secret)));
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return undefined;
  return actorForPerson(db, token.personId, door, requestId);
}

export async function personBySlackIdentity(db: Queryable, teamId: string, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ personId: slackIdentities.personId })
    .from(slackIdentities)
    .where(and(eq(slackIdentities.teamId, teamId), eq(slackIdentities.userId, userId)));
  return row?.personId;
}
