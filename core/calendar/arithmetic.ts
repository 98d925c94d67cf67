/**
 * Business-time arithmetic over a WorkingCalendar. Every function steps one local working day at a
 * time (a day's working span is two UTC instants, cached per calendar), never minute by minute.
 * Working time is half-open: opening instant included, closing instant excluded.
 */
import type { WorkingCalendar } from './types.ts';
import { holidaysOfYear } from './holiday-library.ts';
import { DAY_MS, formatLocalDate, isoWeekday, localTimeOf, parseLocalDate, utcOfLocal, yearOf } from './zone.ts';

/** No real calendar goes ten years without a working day; this only stops a runaway loop. */
const MAX_DAYS_SCANNED = 3_660;
/** Spans kept per calendar before the cache starts over (a few years' worth of days). */
const MAX_CACHED_SPANS = 20_000;

interface Span {
  open: number;
  close: number;
}

interface Compiled {
  timeZone: string;
  workingDays: Set<number>;
  holidays: Set<number>;
  /** The holiday library's days by year, computed on first use of each year of its rule. */
  libraryHolidays: (year: number) => Set<number>;
  opensMs: number;
  closesMs: number;
  coverFrom: number;
  coverTo: number;
  spans: Map<number, Span | null>;
}

const compiledCalendars = new WeakMap<WorkingCalendar, Compiled>();

function clockToMs(text: string, field: string, cal: WorkingCalendar): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`calendar ${cal.name}: ${field} '${text}' is not 'HH:MM'`);
  return (Number(match[1]) * 60 + Number(match[2])) * 60_000;
}

function localDay(text: string, field: string, cal: WorkingCalendar): number {
  const day = parseLocalDate(text);
  if (day === undefined) throw new RangeError(`calendar ${cal.name}: ${field} '${text}' is not a date 'YYYY-MM-DD'`);
  return day;
}

function compile(cal: WorkingCalendar): Compiled {
  let compiled = compiledCalendars.get(cal);
  if (compiled) return compiled;
  const holidays = new Set(cal.holidays.map((date, i) => localDay(date, `holidays.${i}`, cal)));
  const opensMs = clockToMs(cal.opens, 'opens', cal);
  const closesMs = clockToMs(cal.closes, 'closes', cal);
  if (closesMs <= opensMs) throw new RangeError(`calendar ${cal.name}: closes must be later than opens`);
  if (!cal.workingDays.some((d) => d >= 1 && d <= 7)) throw new RangeError(`calendar ${cal.name}: no working days`);
  let coverFrom = -Infinity;
  let coverTo = Infinity;
  const rule = cal.publicHolidays;
  if (cal.holidaysCover) {
    coverFrom = localDay(cal.holidaysCover.from, 'holidaysCover.from', cal);
    coverTo = localDay(cal.holidaysCover.to, 'holidaysCover.to', cal);
  } else if (rule) {
    coverFrom = Math.round(Date.UTC(rule.fromYear, 0, 1) / DAY_MS);
    coverTo = Math.round(Date.UTC(rule.toYear, 11, 31) / DAY_MS);
  } else if (holidays.size > 0) {
    const years = [...holidays].map(yearOf);
    coverFrom = Math.round(Date.UTC(Math.min(...years), 0, 1) / DAY_MS);
    coverTo = Math.round(Date.UTC(Math.max(...years), 11, 31) / DAY_MS);
  }
  const byYear = new Map<number, Set<number>>();
  const none = new Set<number>();
  const libraryHolidays = (year: number): Set<number> => {
    if (!rule || year < rule.fromYear || year > rule.toYear) return none;
    let days = byYear.get(year);
    if (!days) {
      days = new Set(holidaysOfYear(rule, year).map((h, i) => localDay(h.date, `publicHolidays ${year}.${i}`, cal)));
      byYear.set(year, days);
    }
    return days;
  };
  compiled = {
    timeZone: cal.timeZone,
    workingDays: new Set(cal.workingDays),
    holidays,
    libraryHolidays,
    opensMs,
    closesMs,
    coverFrom,
    coverTo,
    spans: new Map(),
  };
  compiledCalendars.set(cal, compiled);
  return compiled;
}

/** The working span of a local day as UTC instants, or null for a non-working day. */
function spanOf(c: Compiled, day: number): Span | null {
  const cached = c.spans.get(day);
  if (cached !== undefined) return cached;
  let span: Span | null = null;
  if (c.workingDays.has(isoWeekday(day)) && !c.holidays.has(day) && !c.libraryHolidays(yearOf(day)).has(day)) {
    const open = utcOfLocal(c.timeZone, day, c.opensMs);
    const close = utcOfLocal(c.timeZone, day, c.closesMs);
    span = close > open ? { open, close } : null;
  }
  if (c.spans.size >= MAX_CACHED_SPANS) c.spans.clear();
  c.spans.set(day, span);
  return span;
}

function instant(at: Date, what: string): number {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid date`);
  return ms;
}

function noWorkingDay(cal: WorkingCalendar): never {
  throw new RangeError(`calendar ${cal.name} has no working day within ${MAX_DAYS_SCANNED} days`);
}

export function isWorkingTime(cal: WorkingCalendar, at: Date): boolean {
  const c = compile(cal);
  const t = instant(at, 'at');
  const span = spanOf(c, localTimeOf(c.timeZone, t).day);
  return span !== null && span.open <= t && t < span.close;
}

/** `at` itself when it is working time, otherwise the next opening. */
export function nextWorkingInstant(cal: WorkingCalendar, at: Date): Date {
  const c = compile(cal);
  const t = instant(at, 'at');
  let day = localTimeOf(c.timeZone, t).day;
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day++) {
    const span = spanOf(c, day);
    if (!span || t >= span.close) continue;
    return new Date(Math.max(t, span.open));
  }
  return noWorkingDay(cal);
}

/**
 * The instant `minutes` working minutes after `start`. A start outside working time counts from the
 * next opening (so 0 minutes from Saturday is Monday's opening); a total that ends exactly at a
 * closing returns that closing instant, not the next opening. Fractions of a minute are kept to the ms.
 */
export function addWorkingMinutes(cal: WorkingCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}`);
  const c = compile(cal);
  const t = instant(start, 'start');
  let remaining = Math.round(minutes * 60_000);
  let day = localTimeOf(c.timeZone, t).day;
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; day++) {
    const span = spanOf(c, day);
    if (!span) {
      scanned++;
      continue;
    }
    scanned = 0; // the guard is against a long run of non-working days, not against long spans
    if (t >= span.close) continue;
    const from = Math.max(t, span.open);
    const available = span.close - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  return noWorkingDay(cal);
}

/** Working minutes in [from, to) (fractional when the instants are not whole minutes); 0 when to ≤ from. */
export function workingMinutesBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const c = compile(cal);
  const start = instant(from, 'from');
  const end = instant(to, 'to');
  if (end <= start) return 0;
  const lastDay = localTimeOf(c.timeZone, end).day;
  let total = 0;
  for (let day = localTimeOf(c.timeZone, start).day; day <= lastDay; day++) {
    const span = spanOf(c, day);
    if (!span) continue;
    const overlap = Math.min(end, span.close) - Math.max(start, span.open);
    if (overlap > 0) total += overlap;
  }
  return total / 60_000;
}

/**
 * The same local time of day on the `days`-th working day after start's local date, clamped into
 * working hours: before opening becomes the opening, after closing becomes the closing instant.
 * `days` = 0 keeps start's date when it is a working day, else takes the next working day.
 * Made for reminders such as "remind after 2 and 5 working days".
 */
export function addWorkingDays(cal: WorkingCalendar, start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  const c = compile(cal);
  const local = localTimeOf(c.timeZone, instant(start, 'start'));
  let day = local.day;
  let counted = 0;
  let scanned = 0;
  while (days === 0 ? !spanOf(c, day) : counted < days) {
    day++;
    if (spanOf(c, day)) {
      counted++;
      scanned = 0;
    } else if (++scanned >= MAX_DAYS_SCANNED) noWorkingDay(cal);
  }
  const msOfDay = Math.min(Math.max(local.msOfDay, c.opensMs), c.closesMs);
  return new Date(utcOfLocal(c.timeZone, day, msOfDay));
}

/** True when the calendar's holiday data covers the local date of `at` (the bundled one: its library's years). */
export function calendarCovers(cal: WorkingCalendar, at: Date): boolean {
  const c = compile(cal);
  const day = localTimeOf(c.timeZone, instant(at, 'at')).day;
  return day >= c.coverFrom && day <= c.coverTo;
}

const warnedYears = new WeakMap<WorkingCalendar, Set<number>>();

/**
 * calendarCovers, and when it is false calls `warn` once per calendar and local year, so a
 * deadline computed past the holiday data is noticed in the log without flooding it.
 */
export function warnOnceIfUncovered(cal: WorkingCalendar, at: Date, warn: (message: string) => void): boolean {
  if (calendarCovers(cal, at)) return true;
  const year = yearOf(localTimeOf(cal.timeZone, at.getTime()).day);
  let years = warnedYears.get(cal);
  if (!years) warnedYears.set(cal, (years = new Set()));
  if (!years.has(year)) {
    years.add(year);
    warn(
      `working calendar ${cal.name} has no holiday data for ${year}: weekends and office hours still apply, ` +
        'holidays do not; extend the calendar file (SLA_CALENDAR_FILE)',
    );
  }
  return false;
}

/** The holidays of a local year as the calendar counts them (its list and its library's), sorted. */
export function holidaysIn(cal: WorkingCalendar, year: number): string[] {
  const c = compile(cal);
  const from = Math.round(Date.UTC(year, 0, 1) / DAY_MS);
  const to = Math.round(Date.UTC(year, 11, 31) / DAY_MS);
  const days = [...c.holidays, ...c.libraryHolidays(year)].filter((d) => d >= from && d <= to);
  return [...new Set(days)].sort((a, b) => a - b).map(formatLocalDate);
}

/**
 * Compute the library's holidays of the year of `at` and the next one now, so the first deadline
 * after start does not pay for loading the library (about half a second) inside a request.
 */
export function warmHolidays(cal: WorkingCalendar, at: Date): void {
  const c = compile(cal);
  const year = yearOf(localTimeOf(c.timeZone, instant(at, 'at')).day);
  c.libraryHolidays(year);
  c.libraryHolidays(year + 1);
}
