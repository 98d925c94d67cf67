/** Reads shared by alarm commands and queries. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable, Tx } from '../../db/client.ts';
import { alarms, people, type AlarmRow } from '../../db/schema.ts';
import { OpsdeskError } from '../errors.ts';
import { isUuid } from '../directory/lookups.ts';

export const rootCauseSchema = z.string().trim().min(1, 'must not be empty').max(10_000);

export async function alarmById(db: Queryable, id: string): Promise<AlarmRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [alarm] = await db.select().from(alarms).where(eq(alarms.id, id));
  return alarm;
}

export async function lockAlarm(tx: Tx, id: string): Promise<AlarmRow> {
  if (!isUuid(id)) throw new OpsdeskError('NOT_FOUND', 'alarm not found');
  const [alarm] = await tx.select().from(alarms).where(eq(alarms.id, id)).for('update');
  if (!alarm) throw new OpsdeskError('NOT_FOUND', 'alarm not found');
  return alarm;
}

export async function personName(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: people.name }).from(people).where(eq(people.id, id));
  return row?.name;
}

/** "already acknowledged by Ada at 2026-11-23 09:03 UTC": what the second person pressing is told. */
export function describeTaken(alarm: AlarmRow): string {
  if (alarm.state === 'ACKNOWLEDGED') {
    return `already acknowledged by ${alarm.acknowledgedByName ?? 'someone'} at ${formatUtc(alarm.acknowledgedAt!)}`;
  }
  if (alarm.state === 'RESOLVED') return `already resolved by ${alarm.resolvedBy ?? 'someone'} at ${formatUtc(alarm.resolvedAt!)}`;
  return 'still triggered';
}

export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
