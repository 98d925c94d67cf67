import type { WorkingCalendar } from './types.ts';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Runs of consecutive ISO weekdays: [1,2,3,5] → 'Mon–Wed, Fri'. */
function describeWorkingDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const first = WEEKDAY_NAMES[sorted[i]! - 1];
    const last = WEEKDAY_NAMES[sorted[j]! - 1];
    runs.push(j === i ? first! : j === i + 1 ? `${first}, ${last}` : `${first}–${last}`);
    i = j + 1;
  }
  return runs.join(', ');
}

function describeHolidayYears(cal: WorkingCalendar): string {
  const sorted = [...cal.holidays].sort();
  const rule = cal.publicHolidays;
  const from = cal.holidaysCover?.from ?? (rule ? `${rule.fromYear}` : sorted[0]);
  const to = cal.holidaysCover?.to ?? (rule ? `${rule.toYear}` : sorted[sorted.length - 1]);
  if (!from || !to) return 'no holidays';
  const [fromYear, toYear] = [from.slice(0, 4), to.slice(0, 4)];
  return fromYear === toYear ? `${fromYear} holidays` : `${fromYear}–${toYear} holidays`;
}

/** For people: '08:00–17:00 Europe/Stockholm, Mon–Fri, 2026–2030 holidays'. */
export function describeCalendar(cal: WorkingCalendar): string {
  return `${cal.opens}–${cal.closes} ${cal.timeZone}, ${describeWorkingDays(cal.workingDays)}, ${describeHolidayYears(cal)}`;
}
