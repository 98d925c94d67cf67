/** Reads of orgs and people shared by the directory's commands and queries (and, through the face, other capabilities' commands). */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { memberships, orgs, people, type Org, type Person } from '../../../db/schema.ts';
import { OpsdeskError } from '../../errors.ts';
import { isUuid } from '../model.ts';

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

export async function requireProviderOrg(db: Queryable): Promise<Org> {
  const [org] = await db.select().from(orgs).where(eq(orgs.kind, 'provider'));
  if (!org) throw new OpsdeskError('CONFLICT', 'opsdesk has no provider organisation yet');
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
