/** Membership rules shared by the commands that change or end a membership (setRoles, removePerson). */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { memberships, type Membership, type Org } from '../../../db/schema.ts';
import type { Role } from '../../actor.ts';
import { OpsdeskError } from '../../errors.ts';

/** The person's membership of the org, locked for the command's transaction; NOT_FOUND when there is none. */
export async function lockMembership(tx: Tx, orgId: string, personId: string): Promise<Membership> {
  const [member] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.orgId, orgId)))
    .for('update');
  if (!member) throw new OpsdeskError('NOT_FOUND', 'person not found in this organisation');
  return member;
}

/**
 * Refuse a change that would leave the provider without an admin (`rolesAfter` empty: the member
 * leaves). The provider's memberships are locked, so two admins demoting each other at once cannot
 * both pass the count.
 */
export async function keepAProviderAdmin(tx: Tx, org: Org, member: Membership, rolesAfter: readonly Role[]): Promise<void> {
  if (org.kind !== 'provider' || !member.roles.includes('admin') || rolesAfter.includes('admin')) return;
  const members = await tx.select().from(memberships).where(eq(memberships.orgId, org.id)).for('update');
  if (members.filter((m) => m.roles.includes('admin')).length <= 1) {
    throw new OpsdeskError('CONFLICT', 'this is the last provider admin; make someone else admin first');
  }
}
