/** Reads and input shapes shared by the alarm commands and queries; never used outside the capability. */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.ts';
import { alarms, memberships, orgs, type AlarmRow } from '../../../db/schema.ts';
import { OpsdeskError } from '../../errors.ts';
import { holdsARole } from '../../directory/index.ts';
import { isUuid } from '../../directory/index.ts';
import { alarmPolicy, ALARM } from '../policy.ts';

export const rootCauseSchema = z.string().trim().min(1, 'must not be empty').max(10_000);

export const sourceNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a source name is 1-63 lower-case letters, digits, dots, dashes and underscores');

/** The alarm, locked for the command's transaction; NOT_FOUND when there is none. */
export async function lockAlarm(tx: Tx, id: string): Promise<AlarmRow> {
  if (!isUuid(id)) throw alarmPolicy.notFound(ALARM);
  const [alarm] = await tx.select().from(alarms).where(eq(alarms.id, id)).for('update');
  if (!alarm) throw alarmPolicy.notFound(ALARM);
  return alarm;
}

/** People who can be put on call: members of the provider org who hold a role there. */
export async function requireProviderPeople(tx: Tx, personIds: string[], field: string): Promise<void> {
  if (personIds.length === 0) return;
  const rows = await tx
    .select({ personId: memberships.personId })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(orgs.kind, 'provider'), inArray(memberships.personId, personIds), holdsARole));
  const known = new Set(rows.map((r) => r.personId));
  const unknown = personIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new OpsdeskError('INVALID_INPUT', `${field}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not' : 'are not'} provider staff`, {
      fields: { [field]: 'not provider staff' },
    });
  }
}
