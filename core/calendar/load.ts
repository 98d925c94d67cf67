import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { WorkingCalendar } from './types.ts';
import { isKnownTimeZone, parseLocalDate } from './zone.ts';

/** A calendar file or object that cannot be used; the message names the file and the field. */
export class InvalidCalendarError extends Error {
  override readonly name = 'InvalidCalendarError';
}

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a local date 'YYYY-MM-DD'")
  .refine((text) => parseLocalDate(text) !== undefined, 'not a real calendar date');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a local time 'HH:MM' between 00:00 and 23:59");

/** A holiday is `{ date, name?, kind? }` or just its date; a bare date is read as `{ date }` so errors say `holidays.3.date`. */
const holiday = z.preprocess(
  (entry) => (typeof entry === 'string' ? { date: entry } : entry),
  z.object({ date: localDate, name: z.string().trim().min(1).optional(), kind: z.string().optional() }).strict(),
);

/** The shape of a calendar JSON file (see core/calendar/calendars/se-stockholm.json). */
export const calendarFileSchema = z
  .object({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    name: z.string().trim().min(1),
    timeZone: z.string().refine(isKnownTimeZone, 'not an IANA time zone known to this Node.js (e.g. Europe/Stockholm)'),
    workingDays: z
      .array(z.number().int().min(1, 'ISO weekdays run from 1 (Monday)').max(7, 'ISO weekdays run to 7 (Sunday)'))
      .min(1, 'at least one working day is needed')
      .refine((days) => new Set(days).size === days.length, 'a weekday is listed twice'),
    opens: clockTime,
    closes: clockTime,
    holidaysCover: z.object({ from: localDate, to: localDate }).strict().optional(),
    holidays: z.array(holiday),
    /** Public holidays from the date-holidays library, for whole years, plus the office's own closing days. */
    publicHolidays: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166 country code such as 'SE'"),
        language: z.string().regex(/^[a-z]{2}$/, "expected a language code such as 'sv'"),
        fromYear: z.number().int().min(1900).max(2999),
        toYear: z.number().int().min(1900).max(2999),
        officeClosingDays: z.array(z.string().trim().min(1)).default([]),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    if (file.closes <= file.opens) {
      ctx.addIssue({ code: 'custom', path: ['closes'], message: `must be later than opens (${file.opens})` });
    }
    if (file.publicHolidays && file.publicHolidays.toYear < file.publicHolidays.fromYear) {
      ctx.addIssue({ code: 'custom', path: ['publicHolidays', 'toYear'], message: 'must not be before fromYear' });
    }
    if (file.holidaysCover && file.holidaysCover.to < file.holidaysCover.from) {
      ctx.addIssue({ code: 'custom', path: ['holidaysCover', 'to'], message: 'must not be before holidaysCover.from' });
    }
  });

/** Validates a parsed calendar (file contents or object) and returns a frozen WorkingCalendar. */
export function parseCalendar(input: unknown, origin = 'calendar'): WorkingCalendar {
  const parsed = calendarFileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidCalendarError(`${origin} is not a usable working calendar: ${problems}`);
  }
  const file = parsed.data;
  const holidays: string[] = [];
  const holidayNames: Record<string, string> = {};
  for (const entry of file.holidays) {
    holidays.push(entry.date);
    if (entry.name) holidayNames[entry.date] = entry.name;
  }
  holidays.sort();
  const calendar: WorkingCalendar = {
    name: file.name,
    timeZone: file.timeZone,
    workingDays: [...file.workingDays].sort((a, b) => a - b),
    opens: file.opens,
    closes: file.closes,
    holidays: [...new Set(holidays)],
    holidayNames,
    ...(file.holidaysCover ? { holidaysCover: { ...file.holidaysCover } } : {}),
    ...(file.publicHolidays ? { publicHolidays: { ...file.publicHolidays } } : {}),
  };
  return deepFreeze(calendar);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner as object);
  return Object.freeze(value);
}

const BUNDLED_FILE = new URL('./calendars/se-stockholm.json', import.meta.url);

/** Swedish office hours: 08:00–17:00 Europe/Stockholm, Monday to Friday, minus Swedish public holidays and the eves. */
export const DEFAULT_CALENDAR: WorkingCalendar = parseCalendar(
  JSON.parse(readFileSync(BUNDLED_FILE, 'utf8')),
  'the bundled calendar se-stockholm.json',
);

/**
 * The working calendar for SLAs: the bundled Swedish one, or the JSON file at `source` (a path,
 * relative to the working directory; SLA_CALENDAR_FILE). Throws InvalidCalendarError naming the field.
 */
export function loadCalendar(source?: string): WorkingCalendar {
  if (source === undefined || source.trim() === '') return DEFAULT_CALENDAR;
  const path = resolve(source.trim());
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidCalendarError(`calendar file ${path} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidCalendarError(`calendar file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCalendar(json, `calendar file ${path}`);
}
