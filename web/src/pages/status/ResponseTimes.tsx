/** One service's p50 and p95 response times over 24 hours, 7 days and 90 days, as a small table. */
import { msText, type PublicService } from '../../lib/status.ts';

export function ResponseTimes({ service }: { service: PublicService }) {
  const { last24Hours, last7Days, last90Days } = service.responseTimes;
  const rows = [
    { label: 'Last 24 hours', times: last24Hours },
    { label: 'Last 7 days', times: last7Days },
    { label: 'Last 90 days', times: last90Days },
  ];
  return (
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
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td>{msText(row.times.p50Ms)}</td>
            <td>{msText(row.times.p95Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
