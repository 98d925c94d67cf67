/** The compliance of installations as stored: what the upgradeCompliance query and the weekly digest read. */
import { asc, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { installations, orgs, releases } from '../../../db/schema.ts';
import { computeCompliance } from '../compliance.ts';

/** Compliance of one org's installations (or every org's), read from the database. */
export async function complianceFromDatabase(db: Queryable, asOf: Date, orgId?: string) {
  const list = await db
    .select()
    .from(installations)
    .where(orgId ? eq(installations.orgId, orgId) : undefined)
    .orderBy(asc(installations.name));
  const releaseRows = await db
    .select({ version: releases.version, releasedAt: releases.releasedAt, status: releases.status })
    .from(releases)
    .where(ne(releases.status, 'cancelled'));
  return computeCompliance(list, releaseRows, asOf);
}

/** Org names for a digest. */
export async function orgNames(db: Queryable): Promise<Map<string, string>> {
  return new Map((await db.select({ id: orgs.id, name: orgs.name }).from(orgs)).map((o) => [o.id, o.name]));
}
