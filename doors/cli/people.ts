/**
 * Finding the one person an operator means by an email. Emails are unique within an org, not
 * across orgs, so the same address may name people of several orgs: `--org` (or `--from-org`)
 * narrows it, and an email that still names several people is refused, naming their orgs.
 */
import type { Person } from '../../db/schema.ts';
import { peopleByEmail } from '../../core/directory/lookups.ts';
import { OpsdeskError } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';

export async function personForEmail(
  db: Queryable,
  email: string,
  narrowing: { orgSlug?: string; flag: string },
): Promise<Person> {
  const normalised = email.trim().toLowerCase();
  const slug = narrowing.orgSlug?.trim().toLowerCase();
  const candidates = (await peopleByEmail(db, normalised)).filter((p) => !slug || p.orgSlugs.includes(slug));
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
