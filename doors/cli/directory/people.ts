/**
 * Finding what an operator names: an org by its slug, and the one person an email means. Emails
 * are unique within an org, not across orgs, so the same address may name people of several orgs:
 * `--org` (or `--from-org`) narrows it, and an email that still names several people is refused,
 * naming their orgs. Read through the directory's queries, as the operator.
 */
import { orgBySlug, peopleByEmail, type Org, type Person } from '../../../core/directory/index.ts';
import { isOpsdeskError, OpsdeskError } from '../../../core/errors.ts';
import type { CliContext } from '../kit/command.ts';

type Reader = Pick<CliContext, 'core' | 'actor'>;

/** The org with this slug, or undefined. */
export async function findOrgBySlug(ctx: Reader, slug: string): Promise<Org | undefined> {
  try {
    return await ctx.core.read(orgBySlug, ctx.actor, { slug: slug.trim() });
  } catch (error) {
    // No org has it, or nothing could (a slug longer than any): the same for the operator.
    if (isOpsdeskError(error) && (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')) return undefined;
    throw error;
  }
}

/** The org with this slug; NOT_FOUND in the operator's words when there is none. */
export async function orgForSlug(ctx: Reader, slug: string): Promise<Org> {
  const org = await findOrgBySlug(ctx, slug);
  if (!org) throw new OpsdeskError('NOT_FOUND', `no organisation with the slug "${slug}"`);
  return org;
}

export async function personForEmail(ctx: Reader, email: string, narrowing: { orgSlug?: string; flag: string }): Promise<Person> {
  const normalised = email.trim().toLowerCase();
  const slug = narrowing.orgSlug?.trim().toLowerCase();
  const known = await ctx.core.read(peopleByEmail, ctx.actor, { email: normalised }).catch((error: unknown) => {
    // Text no email could be (longer than any) names nobody.
    if (isOpsdeskError(error) && error.code === 'INVALID_INPUT') return [];
    throw error;
  });
  const candidates = known.filter((p) => !slug || p.orgSlugs.includes(slug));
  if (candidates.length === 0) {
    throw new OpsdeskError('NOT_FOUND', `no person with the email ${normalised}${slug ? ` in ${slug}` : ''}`);
  }
  if (candidates.length > 1) {
    const where = candidates.map((p) => p.orgSlugs.join('+') || 'no org').join(', ');
    throw new OpsdeskError(
      'INVALID_INPUT',
      `${candidates.length} people have the email ${normalised} (in ${where}); say which with ${narrowing.flag} SLUG`,
      { fields: { email: 'names several people' } },
    );
  }
  const { orgSlugs: _orgs, ...person } = candidates[0]!;
  return person;
}
