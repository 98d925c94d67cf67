/** A calendar month in the SLA calendar's time zone (Europe/Stockholm by default), as UTC instants. */
import { dayNumber, utcOfLocal } from '../../calendar/zone.ts';

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthRange {
  readonly month: string;
  readonly from: Date;
  readonly to: Date;
  readonly timeZone: string;
}

export function monthRange(month: string, timeZone: string): MonthRange {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  const from = new Date(utcOfLocal(timeZone, dayNumber(year, m, 1), 0));
  const to = new Date(utcOfLocal(timeZone, m === 12 ? dayNumber(year + 1, 1, 1) : dayNumber(year, m + 1, 1), 0));
  return { month, from, to, timeZone };
}

/** The month (YYYY-MM) an instant falls in, in `timeZone`. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')!.value;
  const month = parts.find((p) => p.type === 'month')!.value;
  return `${year}-${month}`;
}
