/**
 * Who is on call, read from the database. `onCallNow` is the seam other capabilities page through
 * (tickets pages the on-call person for URGENT tickets).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { onCallOverrides, onCallSchedules, type OnCallScheduleRow } from '../../db/schema.ts';
import { isUuid } from '../directory/lookups.ts';
import { nowAndNext, shiftAt, type Override, type Shift } from './rotation.ts';

async function overridesOf(db: Queryable, scheduleIds: string[], after: Date): Promise<Map<string, Override[]>> {
  const bySchedule = new Map<string, Override[]>();
  if (scheduleIds.length === 0) return bySchedule;
  const rows = await db
    .select()
    .from(onCallOverrides)
    .where(inArray(onCallOverrides.scheduleId, scheduleIds));
  for (const row of rows) {
    if (row.endsAt <= after) continue;
    bySchedule.set(row.scheduleId, [...(bySchedule.get(row.scheduleId) ?? []), row]);
  }
  return bySchedule;
}

/** One schedule (or every schedule, oldest first) with its overrides that matter from `at` on. */
async function schedulesAt(db: Queryable, scheduleId: string | undefined, at: Date) {
  if (scheduleId !== undefined && !isUuid(scheduleId)) return { schedules: [], overrides: new Map<string, Override[]>() };
  const schedules = await db
    .select()
    .from(onCallSchedules)
    .where(scheduleId ? eq(onCallSchedules.id, scheduleId) : undefined)
    .orderBy(asc(onCallSchedules.createdAt));
  return { schedules, overrides: await overridesOf(db, schedules.map((s) => s.id), at) };
}

/**
 * The person ids on call at `at`: in one schedule, or, with no schedule given, in every schedule
 * (each schedule's on-call person, deduplicated, oldest schedule first). An unknown schedule has nobody.
 */
export async function onCallNow(db: Queryable, scheduleId: string | undefined, at: Date): Promise<string[]> {
  const { schedules, overrides } = await schedulesAt(db, scheduleId, at);
  const people: string[] = [];
  for (const schedule of schedules) {
    const shift = shiftAt(schedule, overrides.get(schedule.id) ?? [], at);
    if (shift && !people.includes(shift.personId)) people.push(shift.personId);
  }
  return people;
}

export interface OnCallAnswer {
  schedule: OnCallScheduleRow;
  now?: Shift;
  next?: Shift;
}

/** Now and next for one schedule (or each schedule). */
export async function onCallShifts(db: Queryable, scheduleId: string | undefined, at: Date): Promise<OnCallAnswer[]> {
  const { schedules, overrides } = await schedulesAt(db, scheduleId, at);
  return schedules.map((schedule) => ({ schedule, ...nowAndNext(schedule, overrides.get(schedule.id) ?? [], at) }));
}

/** The primary schedule: the oldest one. */
export async function primarySchedule(db: Queryable): Promise<OnCallScheduleRow | undefined> {
  const [first] = await db.select().from(onCallSchedules).orderBy(asc(onCallSchedules.createdAt)).limit(1);
  return first;
}

