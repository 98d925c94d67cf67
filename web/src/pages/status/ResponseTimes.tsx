/**
 * One service's p50 and p95 response times over 24 hours, 7 days and 90 days: a small table (the
 * figures as text), and the chart of the period the reader picks (24 hours at first).
 */
import { useState } from 'react';
import { msText, type PublicService } from '../../lib/status.ts';
import { ResponseTimeChart } from './ResponseTimeChart.tsx';

const hourFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

type Period = 'last24Hours' | 'last7Days' | 'last90Days';
const PERIODS: { key: Period; label: string; when: (start: string) => string }[] = [
  { key: 'last24Hours', label: 'Last 24 hours', when: (start) => hourFormat.format(new Date(start)) },
  { key: 'last7Days', label: 'Last 7 days', when: (start) => hourFormat.format(new Date(start)) },
  { key: 'last90Days', label: 'Last 90 days', when: (start) => dayFormat.format(new Date(start)) },
];

export function ResponseTimes({ service }: { service: PublicService }) {
  const [period, setPeriod] = useState<Period>('last24Hours');
  const shown = PERIODS.find((p) => p.key === period)!;
  return (
    <div className="response">
      <table className="response-times">
        <caption>{service.name}: response times of successful checks</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">
              <abbr title="median: half of the checks answered faster">p50</abbr>
            </th>
            <th scope="col">
              <abbr title="95th percentile: 95 of 100 checks answered faster">p95</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {PERIODS.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{msText(service.responseTimes[row.key].p50Ms)}</td>
              <td>{msText(service.responseTimes[row.key].p95Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="chart-periods" role="group" aria-label={`${service.name}: chart period`}>
        {PERIODS.map((p) => (
          <button key={p.key} type="button" className="quiet" aria-pressed={p.key === period} onClick={() => setPeriod(p.key)}>
            {p.label}
          </button>
        ))}
      </div>
      <ResponseTimeChart title={`${service.name}, response times, ${shown.label.toLowerCase()}`} points={service.responseTimes[period].points} when={shown.when} />
    </div>
  );
}
