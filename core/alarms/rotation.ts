/**
 * Rotation arithmetic, pure: who a rotation puts on call at an instant, and from when to when.
 * Shifts hand over at a local wall-clock time in the schedule's time zone, so a weekly 09:00
 * handoff stays at 09:00 local across daylight-saving changes (the shift is then 167 or 169 hours).
 */
import { DateTime, IANAZone } from 'luxon';

export interface Rotation {
  timeZone: string;
  /** YYYY-MM-DD: the local date of the first handoff. */
  startDate: string;
  /** HH:MM local. */
  handoffTime: string;
  shiftDays: number;
  members: string[];
}

export interface Override {
  personId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface Shift {
  personId: string;
  from: Date;
  until: Date;
  /** Whether an override put this person here. */
  override: boolean;
}

/**
 * Only IANA zone names (Europe/Stockholm, UTC, Etc/GMT-14): handoffs follow the zone's own clock
 * changes. luxon would also take made-up offsets such as "UTC+25"; a fixed offset within the real
 * range is Etc/GMT+12 to Etc/GMT-14.
 */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The first handoff, or undefined when the rotation's zone, date or time is not one (a row written by hand). */
function firstHandoff(rotation: Rotation): DateTime | undefined {
  if (!isValidTimeZone(rotation.timeZone)) return undefined;
  const start = DateTime.fromISO(`${rotation.startDate}T${rotation.handoffTime}`, { zone: rotation.timeZone });
  return start.isValid ? start : undefined;
}

/**
 * The rotation's own shift at `at` (overrides aside), or undefined before it starts, without
 * members, or when the rotation cannot be followed (an invalid zone, date, time or shift length):
 * it never yields a person who is not one of its members.
 */
export function rotationShiftAt(rotation: Rotation, at: Date): Shift | undefined {
  if (rotation.members.length === 0 || !Number.isInteger(rotation.shiftDays) || rotation.shiftDays < 1) return undefined;
  const start = firstHandoff(rotation);
  const local = DateTime.fromJSDate(at, { zone: rotation.timeZone });
  if (!start || !local.isValid || local < start) return undefined;
  // Count calendar days, not hours: a day with a DST change is 23 or 25 hours long.
  const days = Math.floor(local.startOf('day').diff(start.startOf('day'), 'days').days + 0.5);
  let index = Math.floor(days / rotation.shiftDays);
  let from = start.plus({ days: index * rotation.shiftDays });
  if (from > local) {
    index -= 1;
    from = start.plus({ days: index * rotation.shiftDays });
  }
  const until = from.plus({ days: rotation.shiftDays });
  const personId = Number.isSafeInteger(index) && index >= 0 ? rotation.members[index % rotation.members.length] : undefined;
  if (typeof personId !== 'string' || personId === '' || !from.isValid || !until.isValid) return undefined;
  return { personId, from: from.toJSDate(), until: until.toJSDate(), override: false };
}

/** Who is on call at `at`: an override covering the instant wins (the latest-starting one), else the rotation. */
export function shiftAt(rotation: Rotation, overrides: Override[], at: Date): Shift | undefined {
  const covering = overrides
    .filter((o) => o.startsAt <= at && at < o.endsAt)
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0];
  const base = rotationShiftAt(rotation, at);
  if (covering) return { personId: covering.personId, from: covering.startsAt, until: covering.endsAt, override: true };
  if (!base) return undefined;
  // An override starting during this shift cuts it short.
  const cut = overrides
    .filter((o) => o.startsAt > at && o.startsAt < base.until)
    .reduce((min, o) => (o.startsAt < min ? o.startsAt : min), base.until);
  return { ...base, until: cut };
}

/** Who is on call now and who comes next. */
export function nowAndNext(rotation: Rotation, overrides: Override[], at: Date): { now?: Shift; next?: Shift } {
  const now = shiftAt(rotation, overrides, at);
  let probe = now?.until;
  if (!probe) {
    const start = firstHandoff(rotation)?.toJSDate();
    probe = start && start > at ? start : undefined;
  }
  const next = probe ? shiftAt(rotation, overrides, probe) : undefined;
  return { now, next };
}
