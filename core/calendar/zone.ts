/**
 * Wall-clock arithmetic in an IANA time zone with nothing but `Intl.DateTimeFormat`.
 *
 * Local dates are handled as "day numbers" (days since 1970-01-01 of the local calendar date),
 * so stepping a day is `+ 1` and never meets a DST change; only turning a local date and time
 * into a UTC instant consults the time zone.
 */

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when this Node.js knows the IANA zone (a typo such as 'Europe/Stokholm' is false). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  /** Local calendar date as days since 1970-01-01. */
  day: number;
  /** Milliseconds since local midnight as shown on the wall clock. */
  msOfDay: number;
}

/** The local date and wall-clock time of a UTC instant. */
export function localTimeOf(timeZone: string, utcMs: number): LocalTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const day = dayNumber(fields.year!, fields.month!, fields.day!);
  const subSecond = ((utcMs % 1000) + 1000) % 1000;
  const msOfDay = ((fields.hour! * 60 + fields.minute!) * 60 + fields.second!) * 1000 + subSecond;
  return { day, msOfDay };
}

/** Local time minus UTC at an instant, in milliseconds (+3 600 000 for CET). */
function offsetAt(timeZone: string, utcMs: number): number {
  const { day, msOfDay } = localTimeOf(timeZone, utcMs);
  return day * DAY_MS + msOfDay - utcMs;
}

/** Offsets at UTC midnights, per zone: neighbouring days share them, so a new day costs one Intl call. */
const midnightOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_OFFSETS = 50_000;

function offsetAtUtcMidnight(timeZone: string, day: number): number {
  let offsets = midnightOffsets.get(timeZone);
  if (!offsets) midnightOffsets.set(timeZone, (offsets = new Map()));
  let offset = offsets.get(day);
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offset = offsetAt(timeZone, day * DAY_MS);
    offsets.set(day, offset);
  }
  return offset;
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `msOfDay` on local `day`.
 * A wall time skipped by spring-forward resolves to the same distance after the gap (02:30 → 03:30),
 * a wall time repeated by fall-back to its first occurrence: the "compatible" rule of Temporal.
 */
export function utcOfLocal(timeZone: string, day: number, msOfDay: number): number {
  const wall = day * DAY_MS + msOfDay;
  // Offsets lie within ±14 h, so the instant falls between the UTC midnights of day-1 and day+2;
  // real zones change offset at most once in such three days.
  const before = offsetAtUtcMidnight(timeZone, day - 1);
  const after = offsetAtUtcMidnight(timeZone, day + 2);
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].filter((utc) => offsetAt(timeZone, utc) === wall - utc);
  if (candidates.length === 0) return wall - before; // in the gap
  return Math.min(...candidates);
}

export function dayNumber(year: number, month: number, dayOfMonth: number): number {
  return Math.round(Date.UTC(year, month - 1, dayOfMonth) / DAY_MS);
}

/** 'YYYY-MM-DD' → day number, or undefined when it is not a real date (2026-02-30). */
export function parseLocalDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = dayNumber(year, month, dayOfMonth);
  return formatLocalDate(day) === text ? day : undefined;
}

export function formatLocalDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
