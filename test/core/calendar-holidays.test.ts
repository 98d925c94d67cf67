/**
 * The Swedish calendar's holidays come from the date-holidays library plus the office's own closing
 * days (the eves, named in the calendar file): for 2026-2030 exactly the days of the hand-made list
 * the calendar held before, and on past 2030, where the hand-made list knew nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, addWorkingMinutes, holidaysIn, holidaysOfYear, isWorkingTime, parseCalendar } from '../../core/calendar/index.ts';

const handMadeFile = JSON.parse(readFileSync(new URL('./fixtures/se-stockholm-2026-2030.json', import.meta.url), 'utf8')) as {
  holidays: Array<{ date: string; name: string }>;
};
const rule = DEFAULT_CALENDAR.publicHolidays!;

describe('the Swedish holidays from the holiday library', () => {
  it('are the days, with the names, of the hand-made 2026–2030 list', () => {
    const fromLibrary = [2026, 2027, 2028, 2029, 2030].flatMap((year) => holidaysOfYear(rule, year));
    expect(fromLibrary.map((h) => h.date)).toEqual(handMadeFile.holidays.map((h) => h.date));
    // The library says "nationaldagen" where the law says "Sveriges nationaldag"; every other name is the same.
    const renamed = fromLibrary.filter((h, i) => h.name.toLowerCase() !== handMadeFile.holidays[i]!.name.toLowerCase()).map((h) => h.name);
    expect([...new Set(renamed)]).toEqual(['nationaldagen']);
  });

  it('keep the eves the office closes on as data in the calendar file, not in code', () => {
    expect(rule.officeClosingDays).toEqual(['midsommarafton', 'julafton', 'nyårsafton']);
    const withoutEves = { ...rule, officeClosingDays: [] };
    expect(holidaysOfYear(withoutEves, 2026).map((h) => h.date)).not.toContain('2026-12-24');
    const ownCalendar = parseCalendar({
      name: 'no-eves',
      timeZone: 'Europe/Stockholm',
      workingDays: [1, 2, 3, 4, 5],
      opens: '08:00',
      closes: '17:00',
      holidays: ['2026-12-23'],
      publicHolidays: withoutEves,
    });
    // Its own closing day by date, the library's Christmas, and no Julafton or Nyårsafton.
    expect(holidaysIn(ownCalendar, 2026).slice(-3)).toEqual(['2026-12-23', '2026-12-25', '2026-12-26']);
  });

  it('go on past 2030: the holidays and eves of 2031 and 2040 close the office', () => {
    expect(holidaysIn(DEFAULT_CALENDAR, 2031)).toEqual([
      '2031-01-01', '2031-01-06', '2031-04-11', '2031-04-13', '2031-04-14', '2031-05-01', '2031-05-22', '2031-06-01',
      '2031-06-06', '2031-06-20', '2031-06-21', '2031-11-01', '2031-12-24', '2031-12-25', '2031-12-26', '2031-12-31',
    ]);
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2031-01-01T10:00:00+01:00'))).toBe(false); // Nyårsdagen, a Wednesday
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2031-04-11T10:00:00+02:00'))).toBe(false); // Långfredagen
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2040-06-22T10:00:00+02:00'))).toBe(false); // Midsommarafton 2040
    // Tue 30 Dec 2031 16:00 + 2 working hours: 1 h that day, Nyårsafton and Nyårsdagen closed -> Thu 2 Jan 09:00.
    expect(addWorkingMinutes(DEFAULT_CALENDAR, new Date('2031-12-30T16:00:00+01:00'), 120)).toEqual(new Date('2032-01-02T09:00:00+01:00'));
  });
});
