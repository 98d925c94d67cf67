/**
 * Who a client's URGENT proposal pages: whoever is on call now in the on-call rotations (one person
 * per schedule). Before any rotation exists, the provider's members with the `oncall` role, so a
 * fresh installation still reaches someone.
 */
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { memberships, orgs } from '../../../db/schema.ts';
import { onCallNow } from '../../alarms/oncall.ts';

export async function onCallPeople(db: Queryable, at: Date): Promise<string[]> {
  const scheduled = await onCallNow(db, undefined, at);
  if (scheduled.length > 0) return scheduled;
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(orgs.kind, 'provider'), arrayContains(memberships.roles, ['oncall'])));
  return rows.map((r) => r.personId);
}
