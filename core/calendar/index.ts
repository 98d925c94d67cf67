/**
 * The working calendar and business-time arithmetic behind working-time SLA targets
 * (DESIGN.md, Severity and SLA). Pure functions of (calendar, instants): time comes from the caller.
 */
export type { PublicHolidaysRule, WorkingCalendar } from './types.ts';
export { DEFAULT_CALENDAR, InvalidCalendarError, calendarFileSchema, loadCalendar, parseCalendar } from './load.ts';
export {
  addWorkingDays,
  addWorkingMinutes,
  calendarCovers,
  holidaysIn,
  warmHolidays,
  isWorkingTime,
  nextWorkingInstant,
  warnOnceIfUncovered,
  workingMinutesBetween,
} from './arithmetic.ts';
export { describeCalendar } from './describe.ts';
export { holidaysOfYear } from './holiday-library.ts';
