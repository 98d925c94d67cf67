/** Test-only database changes the product has no command for yet (people leaving an org). */
import { and, eq } from 'drizzle-orm';
import type { Core } from '../../core/core.ts';
import { memberships } from '../../db/schema.ts';

export async function removePersonFromOrgForTest(core: Core, personId: string, orgId: string): Promise<void> {
  await core.database.db.delete(memberships).where(and(eq(memberships.personId, personId), eq(memberships.orgId, orgId)));
}
