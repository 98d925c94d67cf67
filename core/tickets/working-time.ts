/**
 * The working calendar the SLA counts in. TEMPORARY until the calendar capability is merged:
 * replaced by the calendar module's `addWorkingMinutes` / `addWorkingDays` (see core/calendar).
 */
export interface WorkingTime {
  addWorkingMinutes(start: Date, minutes: number): Date;
  addWorkingDays(start: Date, days: number): Date;
}

export function workingTime(): WorkingTime | undefined {
  return undefined;
}
