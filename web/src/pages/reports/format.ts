/** The report page's figures as text, and the report's types. */
import type { SlaReportQuery } from '../../gql/graphql';
import { span } from '../../lib/format.ts';

export type Report = SlaReportQuery['slaReport'];
export type Figures = Report['total'];
export type AlarmFigures = Report['alarms'];

/** The month now in Stockholm, as YYYY-MM (the report's months are counted there). */
export function thisMonth(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

export const seconds = (value: number | null | undefined) => (value === null || value === undefined ? '—' : span(value * 1000));
export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`);
export const severityLabel = (severity: string) => (severity === 'NONE' ? 'Not agreed' : severity[0] + severity.slice(1).toLowerCase());

export function targetText(target: Report['severities'][number]['target']): string {
  if (!target) return '—';
  if (target.minutes === null || target.minutes === undefined) return 'None';
  if (target.clock === 'CONTINUOUS') return `${span(target.minutes * 60_000)}, around the clock`;
  const days = target.minutes / 540;
  return Number.isInteger(days) ? `${days} working day${days === 1 ? '' : 's'}` : `${target.minutes} working minutes`;
}
