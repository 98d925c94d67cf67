/**
 * A working calendar: when the clock of a working-time SLA runs. Treated as immutable once made
 * (loadCalendar freezes it); the arithmetic caches per calendar object.
 */
export interface WorkingCalendar {
  /** Short name, e.g. 'se-stockholm'. */
  name: string;
  /** IANA time zone in which opens, closes and holidays are read, e.g. 'Europe/Stockholm'. */
  timeZone: string;
  /** ISO weekdays that are working days: 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  /** Local opening time 'HH:MM', e.g. '08:00'. */
  opens: string;
  /** Local closing time 'HH:MM', later than opens, e.g. '17:00'. The closing minute itself is not working time. */
  closes: string;
  /** Local dates 'YYYY-MM-DD' that are not working days even when their weekday is. */
  holidays: string[];
  /** Human names of the holidays by date ('2026-06-19' → 'Midsommarafton'), for help texts. */
  holidayNames?: Record<string, string>;
  /**
   * Local dates (inclusive) for which `holidays` is complete. Outside it weekdays and office hours still
   * apply but holidays are unknown; see calendarCovers. Absent: the whole years of the first and last holiday.
   */
  holidaysCover?: { from: string; to: string };
  /** Holidays computed by a holiday library for the years it names, besides the listed `holidays`. */
  publicHolidays?: PublicHolidaysRule;
}

/** Which holidays a holiday library (date-holidays) adds to a calendar: the data, not the dates. */
export interface PublicHolidaysRule {
  /** ISO 3166 country code, e.g. 'SE'. */
  country: string;
  /** The language of the holiday names, e.g. 'sv'. */
  language: string;
  /** The first and last year computed (inclusive). */
  fromYear: number;
  toYear: number;
  /** Days the office closes on besides public holidays (the eves), by the library's name in `language`. */
  officeClosingDays: string[];
}
