/** Reads of the directory, authorised by the same policy as the commands. */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { loadMemberships } from './identity.ts';
import type { Queryable } from '../../db/client.ts';
import { apiTokens, memberships, orgs, people, slackIdentities, slackWorkspaces, type Org, type SlackWorkspace } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { authorize, isProviderStaff, isSystem } from '../policy.ts';
import { requireOrg } from './lookups.ts';

export async function me(db: Queryable, actor: Actor) {
  if (actor.type !== 'person') throw new OpsdeskError('UNAUTHENTICATED', 'not a person');
  const [person] = await db.select().from(people).where(eq(people.id, actor.id));
  if (!person) throw new OpsdeskError('UNAUTHENTICATED', 'unknown person');
  const slack = await db.select().from(slackIdentities).where(and(eq(slackIdentities.personId, person.id), isNull(slackIdentities.unlinkedAt)));
  // Memberships without a role too: they give nothing, but the person should see where they stand.
  return { ...person, memberships: await loadMemberships(db, person.id, { withoutRoles: true }), slack };
}

/** Provider staff see every org; anyone else sees only the orgs they belong to. */
export async function listOrgs(db: Queryable, actor: Actor): Promise<Org[]> {
  if (actor.type === 'system' || isProviderStaff(actor)) return db.select().from(orgs).orderBy(asc(orgs.name));
  const ids = actor.memberships.map((m) => m.orgId);
  if (ids.length === 0) return [];
  return db.select().from(orgs).where(inArray(orgs.id, ids)).orderBy(asc(orgs.name));
}

export async function getOrg(db: Queryable, actor: Actor, orgId: string): Promise<Org> {
  const org = await requireOrg(db, orgId);
  authorize(actor, 'org.read', org);
  return org;
}

export async function listPeople(db: Queryable, actor: Actor, orgId: string) {
  const org = await getOrg(db, actor, orgId);
  return db
    .select({ id: people.id, name: people.name, email: people.email, roles: memberships.roles, orgId: memberships.orgId })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.orgId, org.id))
    .orderBy(asc(people.name));
}

/** A person's tokens (never their secrets or hashes), for the person or whoever manages them. */
export async function listTokens(db: Queryable, actor: Actor, orgId: string, personId: string) {
  const org = await getOrg(db, actor, orgId);
  if (!(actor.type === 'person' && actor.id === personId)) authorize(actor, 'org.manage', org);
  const [member] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.personId, personId)));
  if (!member) throw new OpsdeskError('NOT_FOUND', 'person not found in this organisation');
  return db
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .orderBy(asc(apiTokens.createdAt));
}

/** An org's workspaces, for whoever may see the org. */
export async function listSlackWorkspaces(db: Queryable, actor: Actor, orgId: string): Promise<SlackWorkspace[]> {
  const org = await requireOrg(db, orgId);
  authorize(actor, 'org.read', org);
  return db.select().from(slackWorkspaces).where(eq(slackWorkspaces.orgId, org.id)).orderBy(asc(slackWorkspaces.teamId));
}

/** Every org's workspaces with the org's slug, for those who see every org (the operator, provider staff). */
export async function listAllSlackWorkspaces(db: Queryable, actor: Actor) {
  if (!(isSystem(actor) || isProviderStaff(actor))) throw new OpsdeskError('FORBIDDEN', "only the provider sees every org's Slack workspaces");
  return db
    .select({ teamId: slackWorkspaces.teamId, orgId: slackWorkspaces.orgId, orgSlug: orgs.slug, createdAt: slackWorkspaces.createdAt })
    .from(slackWorkspaces)
    .innerJoin(orgs, eq(orgs.id, slackWorkspaces.orgId))
    .orderBy(asc(orgs.slug), asc(slackWorkspaces.teamId));
}
