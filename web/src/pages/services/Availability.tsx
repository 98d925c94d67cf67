/** A service's availability and response times over the last 24 hours, 7 days and 90 days, from its probes' rollups. */
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorNote, Loading } from '../../lib/ui.tsx';
import type { ServiceChecksData } from '../Service.tsx';
import { percent } from './labels.tsx';

const ServiceAvailabilityDocument = graphql(`
  query ServiceAvailability($id: ID!, $probeId: ID, $day: DateTime!, $week: DateTime!, $quarter: DateTime!, $until: DateTime!) {
    day: serviceAvailability(serviceId: $id, probeId: $probeId, since: $day, until: $until) {
      count
      availability
      p50Ms
      p95Ms
    }
    week: serviceAvailability(serviceId: $id, probeId: $probeId, since: $week, until: $until) {
      count
      availability
      p50Ms
      p95Ms
    }
    quarter: serviceAvailability(serviceId: $id, probeId: $probeId, since: $quarter, until: $until) {
      count
      availability
      p50Ms
      p95Ms
    }
  }
`);

const DAY = 86_400_000;
const RANGES = [
  { key: 'day', label: 'Last 24 hours' },
  { key: 'week', label: 'Last 7 days' },
  { key: 'quarter', label: 'Last 90 days' },
] as const;

export function AvailabilitySummary({ serviceId, probes }: { serviceId: string; probes: ServiceChecksData['probes'] }) {
  const [probeId, setProbeId] = useState('');
  // One "now" per page view and choice: a new one would be a new query on every render.
  const variables = useMemo(() => {
    const now = Date.now();
    const at = (ms: number) => new Date(now - ms).toISOString();
    return { id: serviceId, probeId: probeId || null, day: at(DAY), week: at(7 * DAY), quarter: at(90 * DAY), until: new Date(now + 60_000).toISOString() };
  }, [serviceId, probeId]);
  const [result, refetch] = useQuery({ query: ServiceAvailabilityDocument, variables });
  const data = result.data;
  const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value} ms`);

  return (
    <section aria-labelledby="svc-availability">
      <h2 id="svc-availability">Availability</h2>
      <p className="hint">Up results ÷ results of the probes, with p50 and p95 of the successful ones' latency.</p>
      {probes.length > 1 && (
        <div className="field">
          <label htmlFor="avail-probe">Probes</label>
          <select id="avail-probe" value={probeId} onChange={(e) => setProbeId(e.target.value)}>
            <option value="">All of the service's probes</option>
            {probes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!data && !result.error && <Loading what="Loading the availability" />}
      {data && (
        <table className="cards response-times">
          <caption className="sr-only">Availability and response times</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Availability</th>
              <th scope="col">Results</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {RANGES.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td data-label="Availability">{percent(data[key].availability)}</td>
                <td data-label="Results">{data[key].count}</td>
                <td data-label="p50">{ms(data[key].p50Ms)}</td>
                <td data-label="p95">{ms(data[key].p95Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
