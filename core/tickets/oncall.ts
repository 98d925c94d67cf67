/**
 * Who is on call at a moment. Until the alarms capability's rotation is merged, the provider's
 * members with the `oncall` role; the lead points this at the rotation when merging.
 */
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { memberships, orgs } from '../../db/schema.ts';

export async function onCallPeople(db: Queryable, _at: Date): Promise<string[]> {
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(orgs.kind, 'provider'), arrayContains(memberships.roles, ['oncall'])));
  return rows.map((r) => r.personId);
}
