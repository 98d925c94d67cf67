/** Reads shared by directory commands and queries. */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { memberships, orgs, people, type Org, type Person } from '../../db/schema.ts';
import { OpsdeskError } from '../errors.ts';
import { CLIENT_ROLES, PROVIDER_ROLES, type Role } from '../actor.ts';
import { z } from 'zod';

export const uuidSchema = z.string().uuid();
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'a slug is 3-40 lower-case letters, digits and dashes');
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
export const emailSchema = z.string().trim().toLowerCase().email().max(320);
export const roleSchema = z.enum([...PROVIDER_ROLES, ...CLIENT_ROLES]);
export const slackIdSchema = z.string().trim().regex(/^[A-Z0-9]{2,32}$/, 'not a Slack id');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot exist are not found, rather than a database error about their syntax. */
export const isUuid = (value: string) => UUID.test(value);

export async function orgById(db: Queryable, id: string): Promise<Org | undefined> {
  if (!isUuid(id)) return undefined;
  const [org] = await db.select().from(orgs).where(eq(orgs.id, id));
  return org;
}

export async function orgBySlug(db: Queryable, slug: string): Promise<Org | undefined> {
  const [org] = await db.select().from(orgs).where(eq(orgs.slug, slug.toLowerCase()));
  return org;
}

export async function requireOrg(db: Queryable, id: string): Promise<Org> {
  const org = await orgById(db, id);
  if (!org) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
  return org;
}

/**
 * The people known by an email, with the slugs of their orgs: emails are unique within an org, not
 * across orgs, so an email alone may name several people. For the operator's tools, which narrow it.
 */
export async function peopleByEmail(db: Queryable, email: string): Promise<Array<Person & { orgSlugs: string[] }>> {
  const rows = await db
    .select({ person: people, orgSlug: orgs.slug })
    .from(people)
    .leftJoin(memberships, eq(memberships.personId, people.id))
    .leftJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(people.email, email.trim().toLowerCase()))
    .orderBy(asc(people.createdAt), asc(orgs.slug));
  const byId = new Map<string, Person & { orgSlugs: string[] }>();
  for (const { person, orgSlug } of rows) {
    const entry = byId.get(person.id) ?? { ...person, orgSlugs: [] };
    if (orgSlug) entry.orgSlugs.push(orgSlug);
    byId.set(person.id, entry);
  }
  return [...byId.values()];
}

/** Whether a member of the org already has this email (the per-org rule of `addPerson`). */
export async function emailTakenInOrg(db: Queryable, orgId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: people.id })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.orgId, orgId), eq(people.email, email)))
    .limit(1);
  return Boolean(row);
}

export async function requireProviderOrg(db: Queryable): Promise<Org> {
  const [org] = await db.select().from(orgs).where(eq(orgs.kind, 'provider'));
  if (!org) throw new OpsdeskError('CONFLICT', 'opsdesk has no provider organisation yet');
  return org;
}

/** Roles belong to one side: provider roles in the provider org, client roles in client orgs. */
export function checkRolesFit(org: Org, roles: Role[]): void {
  const allowed: readonly string[] = org.kind === 'provider' ? PROVIDER_ROLES : CLIENT_ROLES;
  const wrong = roles.filter((r) => !allowed.includes(r));
  if (wrong.length > 0) {
    throw new OpsdeskError(
      'INVALID_INPUT',
      `${wrong.join(', ')} ${wrong.length === 1 ? 'is not a role' : 'are not roles'} of a ${org.kind} org; use ${allowed.join(', ')}`,
      { fields: { roles: 'role does not fit the org' } },
    );
  }
}
