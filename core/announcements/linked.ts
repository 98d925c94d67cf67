/** What another capability (maintenance windows) reads of a release inside its own transaction. */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { releases } from '../../db/schema.ts';

export async function releaseWindow(
  db: Queryable,
  releaseId: string,
): Promise<{ id: string; version: string; title: string; downtime: boolean; windowStart: Date; windowEnd: Date; status: string } | undefined> {
  const [row] = await db
    .select({ id: releases.id, version: releases.version, title: releases.title, downtime: releases.downtime, windowStart: releases.windowStart, windowEnd: releases.windowEnd, status: releases.status })
    .from(releases)
    .where(eq(releases.id, releaseId));
  return row;
}
