/** Reads of alarms and on-call, authorised like the commands (client people: NOT_FOUND). */
import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { alarms, alarmSources, disasterRecoveryContacts, escalationPolicies, onCallOverrides, onCallSchedules, type AlarmRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import { isUuid, uuidSchema } from '../directory/lookups.ts';
import { alarmById } from './lookups.ts';
import { onCallShifts } from './oncall.ts';
import { authorizeAlarms } from './policy.ts';

export interface AlarmFilter {
  states?: AlarmRow['state'][];
  severities?: AlarmRow['severity'][];
  sourceName?: string;
  /** Resolved alarms still waiting for a root cause. */
  followUpOpen?: boolean;
}

/** Newest first: the position is the last alarm's trigger time and id. */
const alarmCursor = cursorCodec('alarms', z.object({ triggeredAt: instantSchema, id: uuidSchema }).strict());

/** A page of alarms, newest first. */
export async function listAlarms(db: Queryable, actor: Actor, filter: AlarmFilter = {}, first = 50, after?: string) {
  // Input first, as a command's schema is checked before its policy: a bad cursor is bad whoever sends it.
  const cursor = after ? alarmCursor.decode(after) : undefined;
  authorizeAlarms(actor, 'alarm.read');
  const where: SQL[] = [];
  if (filter.states?.length) where.push(inArray(alarms.state, filter.states));
  if (filter.severities?.length) where.push(inArray(alarms.severity, filter.severities));
  if (filter.followUpOpen) where.push(and(eq(alarms.state, 'RESOLVED'), isNull(alarms.rootCause))!);
  if (filter.sourceName) {
    const [source] = await db.select({ id: alarmSources.id }).from(alarmSources).where(eq(alarmSources.name, filter.sourceName));
    if (!source) return { nodes: [], hasNextPage: false, endCursor: null };
    where.push(eq(alarms.sourceId, source.id));
  }
  if (cursor) {
    where.push(or(lt(alarms.triggeredAt, cursor.triggeredAt), and(eq(alarms.triggeredAt, cursor.triggeredAt), lt(alarms.id, cursor.id)))!);
  }
  const rows = await db
    .select()
    .from(alarms)
    .where(and(...where))
    .orderBy(desc(alarms.triggeredAt), desc(alarms.id))
    .limit(first + 1);
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, hasNextPage: rows.length > first, endCursor: last ? alarmCursor.encode({ triggeredAt: last.triggeredAt, id: last.id }) : null };
}

export async function getAlarm(db: Queryable, actor: Actor, id: string): Promise<AlarmRow> {
  authorizeAlarms(actor, 'alarm.read');
  const alarm = await alarmById(db, id);
  if (!alarm) throw new OpsdeskError('NOT_FOUND', 'alarm not found');
  return alarm;
}

export async function listSchedules(db: Queryable, actor: Actor) {
  authorizeAlarms(actor, 'alarm.read', 'schedule');
  const schedules = await db.select().from(onCallSchedules).orderBy(asc(onCallSchedules.createdAt));
  const overrides = await db.select().from(onCallOverrides).orderBy(asc(onCallOverrides.startsAt));
  return schedules.map((s) => ({ ...s, overrides: overrides.filter((o) => o.scheduleId === s.id) }));
}

export async function listEscalationPolicies(db: Queryable, actor: Actor) {
  authorizeAlarms(actor, 'alarm.read', 'escalation policy');
  return db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.name));
}

export async function listAlarmSources(db: Queryable, actor: Actor) {
  authorizeAlarms(actor, 'alarm.read', 'alarm source');
  return db.select({ id: alarmSources.id, name: alarmSources.name, createdAt: alarmSources.createdAt }).from(alarmSources).orderBy(asc(alarmSources.name));
}

export async function listDisasterRecoveryContacts(db: Queryable, actor: Actor): Promise<string[]> {
  authorizeAlarms(actor, 'alarm.read', 'disaster-recovery contacts');
  return (await db.select().from(disasterRecoveryContacts)).map((r) => r.personId);
}

/** Who is on call at `at` in one schedule (or each schedule), now and next. */
export async function onCall(db: Queryable, actor: Actor, scheduleId: string | undefined, at: Date) {
  authorizeAlarms(actor, 'alarm.read', 'schedule');
  if (scheduleId !== undefined && !isUuid(scheduleId)) throw new OpsdeskError('NOT_FOUND', 'schedule not found');
  const answers = await onCallShifts(db, scheduleId, at);
  if (scheduleId && answers.length === 0) throw new OpsdeskError('NOT_FOUND', 'schedule not found');
  return answers;
}
