/**
 * Rotation arithmetic, pure: who a rotation puts on call at an instant, and from when to when.
 * Shifts hand over at a local wall-clock time in the schedule's time zone, so a weekly 09:00
 * handoff stays at 09:00 local across daylight-saving changes (the shift is then 167 or 169 hours).
 */
import { DateTime } from 'luxon';

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

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

function firstHandoff(rotation: Rotation): DateTime {
  return DateTime.fromISO(`${rotation.startDate}T${rotation.handoffTime}`, { zone: rotation.timeZone });
}

/** The rotation's own shift at `at` (overrides aside), or undefined before it starts or without members. */
export function rotationShiftAt(rotation: Rotation, at: Date): Shift | undefined {
  if (rotation.members.length === 0) return undefined;
  const start = firstHandoff(rotation);
  const local = DateTime.fromJSDate(at, { zone: rotation.timeZone });
  if (local < start) return undefined;
  // Count calendar days, not hours: a day with a DST change is 23 or 25 hours long.
  const days = Math.floor(local.startOf('day').diff(start.startOf('day'), 'days').days + 0.5);
  let index = Math.floor(days / rotation.shiftDays);
  let from = start.plus({ days: index * rotation.shiftDays });
  if (from > local) {
    index -= 1;
    from = start.plus({ days: index * rotation.shiftDays });
  }
  const until = from.plus({ days: rotation.shiftDays });
  return {
    personId: rotation.members[index % rotation.members.length]!,
    from: from.toJSDate(),
    until: until.toJSDate(),
    override: false,
  };
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
    const start = firstHandoff(rotation).toJSDate();
    probe = start > at ? start : undefined;
  }
  const next = probe ? shiftAt(rotation, overrides, probe) : undefined;
  return { now, next };
}
