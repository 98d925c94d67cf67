import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR,
  InvalidCalendarError,
  addWorkingDays,
  addWorkingMinutes,
  calendarCovers,
  describeCalendar,
  holidaysIn,
  isWorkingTime,
  loadCalendar,
  nextWorkingInstant,
  parseCalendar,
  warnOnceIfUncovered,
  workingMinutesBetween,
  type WorkingCalendar,
} from '../../core/calendar/index.ts';
import { loadConfig } from '../../server/config.ts';

const cal = DEFAULT_CALENDAR;
/** The same office hours without the holiday library, for calendars of other places. */
const { publicHolidays: _swedishLibrary, ...officeHours } = cal;
/** The hand-made list the bundled calendar held until the holiday library replaced it: ends in 2030. */
const handMade = parseCalendar(
  JSON.parse(readFileSync(new URL('./fixtures/se-stockholm-2026-2030.json', import.meta.url), 'utf8')),
  'the hand-made 2026-2030 calendar',
);
/** Instants are written with their explicit UTC offset so the tests do not lean on the code's zone arithmetic. */
const at = (isoWithOffset: string) => new Date(isoWithOffset);
const iso = (date: Date) => date.toISOString();
const DAY = 540; // working minutes in a Swedish office day

/** Swedish holidays computed from first principles, independent of the JSON file. */
function expectedSwedishHolidays(year: number): Array<{ date: string; name: string; kind: string }> {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const easterMonth = Math.floor((h + l - 7 * m + 114) / 31);
  const easterDay = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = Date.UTC(year, easterMonth - 1, easterDay);
  const dayMs = 86_400_000;
  const saturdayFrom = (month: number, firstDay: number) => {
    const first = Date.UTC(year, month - 1, firstDay);
    return first + ((6 - new Date(first).getUTCDay() + 7) % 7) * dayMs;
  };
  const midsummerDay = saturdayFrom(6, 20); // Saturday 20–26 June
  const allSaints = saturdayFrom(10, 31); // Saturday 31 October – 6 November
  const entries: Array<[number, string, string]> = [
    [Date.UTC(year, 0, 1), 'Nyårsdagen', 'helgdag'],
    [Date.UTC(year, 0, 6), 'Trettondedag jul', 'helgdag'],
    [easter - 2 * dayMs, 'Långfredagen', 'helgdag'],
    [easter, 'Påskdagen', 'helgdag'],
    [easter + dayMs, 'Annandag påsk', 'helgdag'],
    [Date.UTC(year, 4, 1), 'Första maj', 'helgdag'],
    [easter + 39 * dayMs, 'Kristi himmelsfärdsdag', 'helgdag'],
    [easter + 49 * dayMs, 'Pingstdagen', 'helgdag'],
    [Date.UTC(year, 5, 6), 'Sveriges nationaldag', 'helgdag'],
    [midsummerDay - dayMs, 'Midsommarafton', 'afton'],
    [midsummerDay, 'Midsommardagen', 'helgdag'],
    [allSaints, 'Alla helgons dag', 'helgdag'],
    [Date.UTC(year, 11, 24), 'Julafton', 'afton'],
    [Date.UTC(year, 11, 25), 'Juldagen', 'helgdag'],
    [Date.UTC(year, 11, 26), 'Annandag jul', 'helgdag'],
    [Date.UTC(year, 11, 31), 'Nyårsafton', 'afton'],
  ];
  return entries
    .sort((x, y) => x[0] - y[0])
    .map(([ms, name, kind]) => ({ date: new Date(ms).toISOString().slice(0, 10), name, kind }));
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const tempDir = mkdtempSync(join(tmpdir(), 'opsdesk-calendar-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
function calendarFile(name: string, content: unknown): string {
  const path = join(tempDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const validFile = {
  name: 'uk-london',
  timeZone: 'Europe/London',
  workingDays: [1, 2, 3, 4, 5],
  opens: '09:00',
  closes: '17:30',
  holidays: ['2026-12-25', { date: '2026-12-28', name: 'Boxing Day (substitute)' }],
};

describe('the bundled Swedish calendar', () => {
  it('is 08:00–17:00 in Europe/Stockholm, Monday to Friday, and says so to people', () => {
    expect(cal).toMatchObject({ name: 'se-stockholm', timeZone: 'Europe/Stockholm', workingDays: [1, 2, 3, 4, 5], opens: '08:00', closes: '17:00' });
    expect(describeCalendar(cal)).toBe('08:00–17:00 Europe/Stockholm, Mon–Fri, 2026–2099 holidays');
    expect(loadCalendar()).toBe(cal);
  });

  it('lists exactly the Swedish helgdagar and the three non-working eves of 2026–2030, as an independent computation finds them', () => {
    const expected = [2026, 2027, 2028, 2029, 2030].flatMap(expectedSwedishHolidays);
    expect([2026, 2027, 2028, 2029, 2030].flatMap((year) => holidaysIn(cal, year))).toEqual(expected.map((h) => h.date));
    expect(handMade.holidays).toEqual(expected.map((h) => h.date));
    expect(handMade.holidayNames?.['2026-06-19']).toBe('Midsommarafton');
  });

  it('cannot be changed by a caller, so the cached arithmetic stays true to it', () => {
    expect(Object.isFrozen(cal)).toBe(true);
    expect(() => (cal.holidays as string[]).push('2026-07-01')).toThrow(TypeError);
  });
});

describe('what counts as working time', () => {
  it('runs from the opening minute up to, but not including, the closing minute on a weekday', () => {
    expect(isWorkingTime(cal, at('2026-11-23T07:59:59+01:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-11-23T08:00:00+01:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-11-23T16:59:59+01:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-11-23T17:00:00+01:00'))).toBe(false);
  });

  it('leaves out Saturdays and Sundays', () => {
    expect(isWorkingTime(cal, at('2026-11-21T10:00:00+01:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-11-22T10:00:00+01:00'))).toBe(false);
    expect(nextWorkingInstant(cal, at('2026-11-21T10:00:00+01:00'))).toEqual(at('2026-11-23T08:00:00+01:00'));
  });

  it.each([
    ['a fixed-date helgdag on a weekday (Trettondedag jul)', '2026-01-06', '2026-01-07'],
    ['Easter-based Långfredagen and Annandag påsk around a weekend', '2026-04-03', '2026-04-07'],
    ['Kristi himmelsfärdsdag, Easter + 39', '2026-05-14', '2026-05-15'],
    ['Första maj on a Monday', '2028-05-01', '2028-05-02'],
    ['Sveriges nationaldag on a weekday', '2028-06-06', '2028-06-07'],
    ['the Midsommarafton eve', '2026-06-19', '2026-06-22'],
    ['Julafton, Juldagen and Annandag jul in a row', '2029-12-24', '2029-12-27'],
    ['the Nyårsafton eve before Nyårsdagen', '2026-12-31', '2027-01-04'],
  ])('skips %s', (_kind, holiday, nextWorkingDay) => {
    const offset = holiday.slice(5, 7) >= '04' && holiday.slice(5, 7) <= '10' ? '+02:00' : '+01:00';
    const nextOffset = nextWorkingDay.slice(5, 7) >= '04' && nextWorkingDay.slice(5, 7) <= '10' ? '+02:00' : '+01:00';
    expect(isWorkingTime(cal, at(`${holiday}T12:00:00${offset}`))).toBe(false);
    expect(nextWorkingInstant(cal, at(`${holiday}T12:00:00${offset}`))).toEqual(at(`${nextWorkingDay}T08:00:00${nextOffset}`));
  });

  it('gives the instant itself as the next working instant during working time', () => {
    const instant = at('2026-11-24T13:37:12.345+01:00');
    expect(nextWorkingInstant(cal, instant)).toEqual(instant);
  });
});

describe('adding working minutes', () => {
  it('adds within one day', () => {
    expect(addWorkingMinutes(cal, at('2026-11-24T09:15:00+01:00'), 90)).toEqual(at('2026-11-24T10:45:00+01:00'));
  });

  it('returns the closing instant when the minutes end exactly at closing, not the next opening', () => {
    expect(addWorkingMinutes(cal, at('2026-11-24T08:00:00+01:00'), DAY)).toEqual(at('2026-11-24T17:00:00+01:00'));
  });

  it('carries the rest of the minutes over a weekend to Monday', () => {
    expect(addWorkingMinutes(cal, at('2026-11-27T16:00:00+01:00'), 120)).toEqual(at('2026-11-30T09:00:00+01:00'));
  });

  it('counts from the next opening when starting before opening, after closing or on a holiday', () => {
    expect(addWorkingMinutes(cal, at('2026-11-24T06:30:00+01:00'), 30)).toEqual(at('2026-11-24T08:30:00+01:00'));
    expect(addWorkingMinutes(cal, at('2026-11-24T19:00:00+01:00'), 30)).toEqual(at('2026-11-25T08:30:00+01:00'));
    expect(addWorkingMinutes(cal, at('2026-05-14T10:00:00+02:00'), 30)).toEqual(at('2026-05-15T08:30:00+02:00'));
  });

  it('with zero minutes gives the start during working time and the next opening outside it', () => {
    expect(addWorkingMinutes(cal, at('2026-11-24T11:00:00+01:00'), 0)).toEqual(at('2026-11-24T11:00:00+01:00'));
    expect(addWorkingMinutes(cal, at('2026-11-28T11:00:00+01:00'), 0)).toEqual(at('2026-11-30T08:00:00+01:00'));
    expect(addWorkingMinutes(cal, at('2026-11-24T17:00:00+01:00'), 0)).toEqual(at('2026-11-25T08:00:00+01:00'));
  });

  it('refuses negative or non-finite minutes instead of guessing', () => {
    expect(() => addWorkingMinutes(cal, at('2026-11-24T11:00:00+01:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal, at('2026-11-24T11:00:00+01:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal, new Date(Number.NaN), 10)).toThrow(/start is not a valid date/);
  });

  it('crosses the year end past Nyårsafton, Nyårsdagen and Trettondedag jul', () => {
    // 2026-12-30 Wed 15:00: 2 h left that day; Dec 31 eve, Jan 1 holiday, weekend; Jan 4 and 5 full; Jan 6 holiday.
    expect(addWorkingMinutes(cal, at('2026-12-30T15:00:00+01:00'), 3 * DAY)).toEqual(at('2027-01-07T15:00:00+01:00'));
  });

  it('keeps nine working hours per day across the spring-forward weekend and lands on the right UTC instant', () => {
    // Clocks go from 02:00 CET to 03:00 CEST on Sunday 2026-03-29.
    const end = addWorkingMinutes(cal, at('2026-03-27T08:00:00+01:00'), 2 * DAY);
    expect(iso(end)).toBe('2026-03-30T15:00:00.000Z'); // 17:00 CEST
    expect(workingMinutesBetween(cal, at('2026-03-30T00:00:00+02:00'), at('2026-03-31T00:00:00+02:00'))).toBe(DAY);
    expect(iso(addWorkingMinutes(cal, at('2026-03-27T16:00:00+01:00'), 120))).toBe('2026-03-30T07:00:00.000Z'); // Mon 09:00 CEST
  });

  it('keeps nine working hours per day across the fall-back weekend and lands on the right UTC instant', () => {
    // Clocks go from 03:00 CEST back to 02:00 CET on Sunday 2026-10-25.
    const end = addWorkingMinutes(cal, at('2026-10-23T08:00:00+02:00'), 2 * DAY);
    expect(iso(end)).toBe('2026-10-26T16:00:00.000Z'); // 17:00 CET
    expect(workingMinutesBetween(cal, at('2026-10-26T00:00:00+01:00'), at('2026-10-27T00:00:00+01:00'))).toBe(DAY);
    expect(iso(addWorkingMinutes(cal, at('2026-10-23T16:00:00+02:00'), 120))).toBe('2026-10-26T08:00:00.000Z'); // Mon 09:00 CET
  });

  it('counts the real length of a working day that contains a clock change', () => {
    // A 7-day calendar open 01:00–05:00: the spring-forward night has 3 real hours, the fall-back night 5.
    const night: WorkingCalendar = { ...officeHours, name: 'night', workingDays: [1, 2, 3, 4, 5, 6, 7], opens: '01:00', closes: '05:00', holidays: [] };
    expect(workingMinutesBetween(night, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(180);
    expect(workingMinutesBetween(night, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(300);
    expect(iso(nextWorkingInstant(night, at('2026-10-25T00:30:00+02:00')))).toBe('2026-10-24T23:00:00.000Z'); // 01:00 CEST, first occurrence
    const gap: WorkingCalendar = { ...night, name: 'gap', opens: '02:30', closes: '06:00' };
    expect(iso(nextWorkingInstant(gap, at('2026-03-29T00:00:00+01:00')))).toBe('2026-03-29T01:30:00.000Z'); // 02:30 does not exist: 03:30 CEST
  });
});

describe('calendars in zones far from UTC', () => {
  it('opens at the right instant around the clock changes of New York and Auckland', () => {
    const newYork: WorkingCalendar = { ...officeHours, name: 'ny', timeZone: 'America/New_York', opens: '09:00', closes: '17:00', holidays: [] };
    // US clocks spring forward on Sunday 2026-03-08.
    expect(nextWorkingInstant(newYork, at('2026-03-06T18:00:00-05:00'))).toEqual(at('2026-03-09T09:00:00-04:00'));
    expect(workingMinutesBetween(newYork, at('2026-03-06T09:00:00-05:00'), at('2026-03-09T17:00:00-04:00'))).toBe(2 * 480);
    const auckland: WorkingCalendar = { ...officeHours, name: 'akl', timeZone: 'Pacific/Auckland', holidays: [] };
    // New Zealand daylight time (+13) ends on Sunday 2026-04-05; Monday is +12.
    expect(addWorkingMinutes(auckland, at('2026-04-03T16:00:00+13:00'), 120)).toEqual(at('2026-04-06T09:00:00+12:00'));
    expect(isWorkingTime(auckland, at('2026-04-05T23:30:00Z'))).toBe(true); // Monday 11:30 local
  });
});

describe('working minutes between two instants', () => {
  it('is zero when the end is not after the start', () => {
    expect(workingMinutesBetween(cal, at('2026-11-24T12:00:00+01:00'), at('2026-11-24T12:00:00+01:00'))).toBe(0);
    expect(workingMinutesBetween(cal, at('2026-11-24T12:00:00+01:00'), at('2026-11-24T10:00:00+01:00'))).toBe(0);
  });

  it('counts only office hours of working days over a week with a holiday', () => {
    // Mon 2026-05-11 12:00 to Mon 2026-05-18 12:00: Kristi himmelsfärdsdag on Thursday 14 May.
    expect(workingMinutesBetween(cal, at('2026-05-11T12:00:00+02:00'), at('2026-05-18T12:00:00+02:00'))).toBe(5 * 60 + 3 * DAY + 4 * 60);
  });

  it('keeps fractions of a minute rather than rounding deadlines', () => {
    expect(workingMinutesBetween(cal, at('2026-11-24T10:00:00+01:00'), at('2026-11-24T10:00:30+01:00'))).toBe(0.5);
  });
});

describe('adding working days', () => {
  it('keeps the local time of day on the n-th following working day across the year end', () => {
    // Wed 2026-12-30 15:00 → Nyårsafton and Nyårsdagen, weekend → Mon 4 Jan (1), Tue 5 Jan (2), Trettondedag jul, Thu 7 Jan (3).
    expect(addWorkingDays(cal, at('2026-12-30T15:00:00+01:00'), 1)).toEqual(at('2027-01-04T15:00:00+01:00'));
    expect(addWorkingDays(cal, at('2026-12-30T15:00:00+01:00'), 2)).toEqual(at('2027-01-05T15:00:00+01:00'));
    expect(addWorkingDays(cal, at('2026-12-30T15:00:00+01:00'), 3)).toEqual(at('2027-01-07T15:00:00+01:00'));
  });

  it('reminds after 2 and 5 working days at the same wall-clock time across the fall-back change', () => {
    const asked = at('2026-10-22T10:30:00+02:00'); // Thursday, summer time
    expect(addWorkingDays(cal, asked, 2)).toEqual(at('2026-10-26T10:30:00+01:00'));
    expect(addWorkingDays(cal, asked, 5)).toEqual(at('2026-10-29T10:30:00+01:00'));
  });

  it('clamps a time before opening to the opening and after closing to the closing', () => {
    expect(addWorkingDays(cal, at('2026-11-24T06:10:00+01:00'), 1)).toEqual(at('2026-11-25T08:00:00+01:00'));
    expect(addWorkingDays(cal, at('2026-11-24T22:45:00+01:00'), 1)).toEqual(at('2026-11-25T17:00:00+01:00'));
  });

  it('counts from a weekend start as from any other day, and zero days stays on the first working day', () => {
    expect(addWorkingDays(cal, at('2026-11-28T11:00:00+01:00'), 1)).toEqual(at('2026-11-30T11:00:00+01:00'));
    expect(addWorkingDays(cal, at('2026-11-28T11:00:00+01:00'), 0)).toEqual(at('2026-11-30T11:00:00+01:00'));
    expect(addWorkingDays(cal, at('2026-11-24T11:00:00+01:00'), 0)).toEqual(at('2026-11-24T11:00:00+01:00'));
    expect(() => addWorkingDays(cal, at('2026-11-24T11:00:00+01:00'), 1.5)).toThrow(RangeError);
  });
});

describe('round trips over random inputs', () => {
  const random = seededRandom(20_261_123);
  const from2026 = Date.parse('2026-01-01T00:00:00Z');
  const span2026to2030 = Date.parse('2030-12-20T00:00:00Z') - from2026;
  const randomInstant = () => new Date(from2026 + Math.floor(random() * span2026to2030 / 60_000) * 60_000);

  it('finds again the minutes it added, for 3 000 random starts and spans up to 20 working days', () => {
    for (let n = 0; n < 3_000; n++) {
      const start = randomInstant();
      const minutes = Math.floor(random() * 20 * DAY);
      const end = addWorkingMinutes(cal, start, minutes);
      expect(workingMinutesBetween(cal, start, end), `${iso(start)} + ${minutes}`).toBe(minutes);
      expect(end.getTime()).toBeGreaterThanOrEqual(nextWorkingInstant(cal, start).getTime());
    }
  });

  it('agrees with a minute-by-minute count that reads the wall clock through toLocaleString', () => {
    const holidays = new Set([2026, 2027, 2028, 2029, 2030, 2031].flatMap((year) => holidaysIn(cal, year)));
    const wallClock = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    const isOfficeMinute = (ms: number) => {
      const parts = Object.fromEntries(wallClock.formatToParts(ms).map((p) => [p.type, p.value]));
      const date = `${parts.year}-${parts.month}-${parts.day}`;
      const hour = Number(parts.hour);
      return !['lör', 'sön'].includes(parts.weekday!) && !holidays.has(date) && hour >= 8 && hour < 17;
    };
    // Starts near both 2026 clock changes, Easter and the year end, and some random ones.
    const starts = ['2026-03-26T15:17:00Z', '2026-10-22T12:00:00Z', '2026-04-02T09:59:00Z', '2026-12-23T16:01:00Z', '2026-06-18T05:00:00Z'].map(at);
    for (let n = 0; n < 15; n++) starts.push(randomInstant());
    for (const start of starts) {
      const minutes = Math.floor(random() * 3 * DAY);
      let ms = start.getTime();
      let expected: number;
      if (minutes === 0) {
        while (!isOfficeMinute(ms)) ms += 60_000;
        expected = ms;
      } else {
        // The deadline is the end of the minutes-th office minute counted from the start.
        for (let counted = 0; ; ms += 60_000) if (isOfficeMinute(ms) && ++counted === minutes) break;
        expected = ms + 60_000;
      }
      expect(iso(addWorkingMinutes(cal, start, minutes)), `${iso(start)} + ${minutes}`).toBe(iso(new Date(expected)));
    }
  });
});

describe('a calendar file that overrides the bundled one', () => {
  it('is loaded from a path and used for the arithmetic', () => {
    const london = loadCalendar(calendarFile('london.json', validFile));
    expect(describeCalendar(london)).toBe('09:00–17:30 Europe/London, Mon–Fri, 2026 holidays');
    expect(london.holidayNames).toEqual({ '2026-12-28': 'Boxing Day (substitute)' });
    // Thu 24 Dec 17:00 GMT + 60 min: Christmas Day, the weekend and the substitute day are closed.
    expect(iso(addWorkingMinutes(london, at('2026-12-24T17:00:00Z'), 60))).toBe('2026-12-29T09:30:00.000Z');
  });

  it.each([
    ['a weekday number out of range', { ...validFile, workingDays: [1, 8] }, /workingDays\.1: ISO weekdays run to 7/],
    ['an impossible holiday date', { ...validFile, holidays: ['2026-02-30'] }, /holidays\.0\.date: not a real calendar date/],
    ['a misspelt time zone', { ...validFile, timeZone: 'Europe/Stokholm' }, /timeZone: not an IANA time zone/],
    ['closing before opening', { ...validFile, opens: '17:00', closes: '08:00' }, /closes: must be later than opens/],
    ['a clock time without a leading zero', { ...validFile, opens: '8:00' }, /opens: expected a local time 'HH:MM'/],
    ['a misspelt field', { ...validFile, workingDays: undefined, workingdays: [1] }, /(?=.*workingDays: Required)(?=.*'workingdays')/],
  ])('is refused with a message naming the field when it has %s', (_problem, content, message) => {
    const path = calendarFile('bad.json', content);
    expect(() => loadCalendar(path)).toThrow(InvalidCalendarError);
    expect(() => loadCalendar(path)).toThrow(message);
    expect(() => loadCalendar(path)).toThrow(path);
  });

  it('is refused when it is not JSON or not there', () => {
    expect(() => loadCalendar(calendarFile('broken.json', '{ "name": '))).toThrow(/is not valid JSON/);
    expect(() => loadCalendar(join(tempDir, 'missing.json'))).toThrow(/cannot be read/);
  });

  it('comes from SLA_CALENDAR_FILE, an optional path in the configuration', () => {
    const path = calendarFile('configured.json', validFile);
    const config = loadConfig({ SLA_CALENDAR_FILE: ` ${path} ` });
    expect(config.SLA_CALENDAR_FILE).toBe(path);
    expect(loadCalendar(config.SLA_CALENDAR_FILE).name).toBe('uk-london');
    expect(loadCalendar(loadConfig({}).SLA_CALENDAR_FILE)).toBe(DEFAULT_CALENDAR);
  });

  it('can be given as an object too, validated the same way', () => {
    expect(() => parseCalendar({ ...validFile, holidaysCover: { from: '2026-01-01', to: '2025-12-31' } })).toThrow(/holidaysCover\.to/);
  });
});

describe('dates beyond the holiday data', () => {
  it('are reported as not covered after the data ends (2030 for a hand-made list), while its years are', () => {
    expect(calendarCovers(handMade, at('2026-01-01T00:00:00+01:00'))).toBe(true);
    expect(calendarCovers(handMade, at('2030-12-31T23:59:00+01:00'))).toBe(true);
    expect(calendarCovers(handMade, at('2031-01-01T00:00:00+01:00'))).toBe(false);
    expect(calendarCovers(handMade, at('2025-12-31T12:00:00+01:00'))).toBe(false);
    // The bundled calendar takes its holidays from the library, for the years its file names.
    expect(calendarCovers(cal, at('2031-01-01T00:00:00+01:00'))).toBe(true);
    expect(calendarCovers(cal, at('2099-12-31T12:00:00+01:00'))).toBe(true);
    expect(calendarCovers(cal, at('2100-01-01T12:00:00+01:00'))).toBe(false);
  });

  it('still respect weekends and office hours but treat unknown holidays as working days', () => {
    expect(isWorkingTime(handMade, at('2031-01-04T10:00:00+01:00'))).toBe(false); // Saturday
    expect(isWorkingTime(handMade, at('2031-01-01T10:00:00+01:00'))).toBe(true); // Nyårsdagen, not in the data
    expect(isWorkingTime(handMade, at('2031-01-02T18:00:00+01:00'))).toBe(false);
    expect(addWorkingMinutes(handMade, at('2030-12-30T16:00:00+01:00'), 2 * 60)).toEqual(at('2031-01-01T09:00:00+01:00'));
  });

  it('warn once per calendar and year, so a log notices without flooding', () => {
    const warnings: string[] = [];
    const own = parseCalendar({ ...validFile, name: 'warn-test' });
    expect(warnOnceIfUncovered(own, at('2026-06-01T12:00:00Z'), (m) => warnings.push(m))).toBe(true);
    expect(warnOnceIfUncovered(own, at('2027-03-01T12:00:00Z'), (m) => warnings.push(m))).toBe(false);
    expect(warnOnceIfUncovered(own, at('2027-09-01T12:00:00Z'), (m) => warnings.push(m))).toBe(false);
    expect(warnOnceIfUncovered(own, at('2028-01-10T12:00:00Z'), (m) => warnings.push(m))).toBe(false);
    expect(warnings).toEqual([
      expect.stringMatching(/^working calendar warn-test has no holiday data for 2027: weekends and office hours still apply/),
      expect.stringMatching(/no holiday data for 2028/),
    ]);
  });
});
