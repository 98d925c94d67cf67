/**
 * Who is on call, read from the database: the rotations with their overrides, turned into shifts
 * by the rotation arithmetic (`../rotation.ts`).
 */
import { and, arrayContains, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { memberships, onCallOverrides, onCallSchedules, orgs, type OnCallScheduleRow } from '../../../db/schema.ts';
import { isUuid } from '../../directory/index.ts';
import type { ScheduleView } from '../model.ts';
import { nowAndNext, shiftAt, type Shift } from '../rotation.ts';

/** One schedule (or every schedule, oldest first), each with all its overrides, earliest first. */
export async function schedulesWithOverrides(db: Queryable, scheduleId?: string): Promise<ScheduleView[]> {
  if (scheduleId !== undefined && !isUuid(scheduleId)) return [];
  const schedules = await db
    .select()
    .from(onCallSchedules)
    .where(scheduleId ? eq(onCallSchedules.id, scheduleId) : undefined)
    .orderBy(asc(onCallSchedules.createdAt));
  if (schedules.length === 0) return [];
  const overrides = await db
    .select()
    .from(onCallOverrides)
    .where(inArray(onCallOverrides.scheduleId, schedules.map((s) => s.id)))
    .orderBy(asc(onCallOverrides.startsAt));
  return schedules.map((schedule) => ({ ...schedule, overrides: overrides.filter((o) => o.scheduleId === schedule.id) }));
}

/** The overrides that still matter from `at` on. */
const overridesFrom = (schedule: ScheduleView, at: Date) => schedule.overrides.filter((o) => o.endsAt > at);

/**
 * The person ids on call at `at`: in one schedule, or, with no schedule given, in every schedule
 * (each schedule's on-call person, deduplicated, oldest schedule first). An unknown schedule has nobody.
 */
export async function onCallNow(db: Queryable, scheduleId: string | undefined, at: Date): Promise<string[]> {
  const people: string[] = [];
  for (const schedule of await schedulesWithOverrides(db, scheduleId)) {
    const shift = shiftAt(schedule, overridesFrom(schedule, at), at);
    if (shift && !people.includes(shift.personId)) people.push(shift.personId);
  }
  return people;
}

export interface OnCallShifts {
  schedule: ScheduleView;
  now?: Shift;
  next?: Shift;
}

/** Now and next for one schedule (or each schedule). */
export async function onCallShifts(db: Queryable, scheduleId: string | undefined, at: Date): Promise<OnCallShifts[]> {
  const schedules = await schedulesWithOverrides(db, scheduleId);
  return schedules.map((schedule) => ({ schedule, ...nowAndNext(schedule, overridesFrom(schedule, at), at) }));
}

/** The primary schedule: the oldest one. */
export async function primarySchedule(db: Queryable): Promise<OnCallScheduleRow | undefined> {
  const [first] = await db.select().from(onCallSchedules).orderBy(asc(onCallSchedules.createdAt)).limit(1);
  return first;
}

/**
 * Who to reach when someone must be on call now: whoever the rotations have on call (one person per
 * schedule), or, before any rotation has anyone, the provider's members with the `oncall` role, so
 * that a fresh installation still reaches someone.
 */
export async function peopleOnCallNow(db: Queryable, at: Date): Promise<string[]> {
  const scheduled = await onCallNow(db, undefined, at);
  if (scheduled.length > 0) return scheduled;
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(orgs.kind, 'provider'), arrayContains(memberships.roles, ['oncall'])));
  return rows.map((r) => r.personId);
}
