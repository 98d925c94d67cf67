/**
 * The working calendar the SLA counts in: `SLA_CALENDAR_FILE` (or the built-in Swedish one).
 * The gateway sets it at start from its config, so a bad file stops the start rather than the
 * first HIGH ticket; code that runs without the gateway (CLI, tests) loads it on first use.
 */
import { loadCalendar, type WorkingCalendar } from '../../calendar/index.ts';

let current: WorkingCalendar | undefined;

export function useSlaCalendar(calendar: WorkingCalendar): void {
  current = calendar;
}

export function slaCalendar(): WorkingCalendar {
  current ??= loadCalendar(process.env.SLA_CALENDAR_FILE);
  return current;
}
