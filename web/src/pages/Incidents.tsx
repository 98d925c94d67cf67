/**
 * Incidents: the open ones and those resolved in the last 7 days that the person may see (a client
 * person: those touching their org's services). Provider staff declare one here. Live through
 * incidentEvents (staff: every event; a client person: what their org is told).
 */
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import { FRESH } from '../lib/fresh.ts';
import type { IncidentsPageQuery } from '../gql/graphql';
import { useViewer } from '../lib/me.tsx';
import { Empty, ErrorNote, LiveNote, Loading, Page, Time, useThrottled } from '../lib/ui.tsx';
import { DeclareIncident } from './incidents/DeclareIncident.tsx';
import { useIncidentsLive } from './incidents/live.ts';
import { ImpactBadge, IncidentStatusBadge } from './incidents/labels.tsx';

const IncidentsPageDocument = graphql(`
  query IncidentsPage {
    incidents {
      id
      title
      impact
      status
      origin
      openedAt
      updatedAt
      resolvedAt
      services {
        id
        name
      }
    }
  }
`);

export default function Incidents() {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: IncidentsPageDocument, requestPolicy: FRESH });
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }));
  const live = useIncidentsLive(reload);
  const incidents = result.data?.incidents;
  const open = incidents?.filter((i) => i.status !== 'RESOLVED') ?? [];
  const resolved = incidents?.filter((i) => i.status === 'RESOLVED') ?? [];

  return (
    <Page title="Incidents" aside={viewer.managesIncidents && <DeclareIncident />}>
      <LiveNote states={[live]} />
      <p className="hint">What clients are told about faults: open incidents, and those resolved in the last 7 days.</p>
      {result.error && <ErrorNote error={result.error} retry={reload} />}
      {!incidents && !result.error && <Loading what="Loading the incidents" />}
      {incidents && (
        <>
          <h2>Open</h2>
          {open.length === 0 ? <Empty>No open incidents.</Empty> : <IncidentTable caption="Open incidents, newest first" incidents={open} />}
          <h2>Resolved in the last 7 days</h2>
          {resolved.length === 0 ? <Empty>None resolved in the last 7 days.</Empty> : <IncidentTable caption="Resolved incidents, newest first" incidents={resolved} />}
        </>
      )}
    </Page>
  );
}

type Incident = IncidentsPageQuery['incidents'][number];

function IncidentTable({ caption, incidents }: { caption: string; incidents: Incident[] }) {
  return (
    <div className="scroll">
      <table className="cards">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Status</th>
            <th scope="col">Impact</th>
            <th scope="col">Services</th>
            <th scope="col">Opened</th>
            <th scope="col">Last update</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                <Link href={`/incidents/${i.id}`}>{i.title}</Link>
                {i.origin === 'AUTOMATIC' && <div className="small">Opened automatically</div>}
              </th>
              <td data-label="Status">
                <IncidentStatusBadge status={i.status} />
              </td>
              <td data-label="Impact">
                <ImpactBadge impact={i.impact} />
              </td>
              <td data-label="Services">{i.services.map((s) => s.name).join(', ')}</td>
              <td data-label="Opened">
                <Time value={i.openedAt} />
              </td>
              <td data-label="Last update">
                <Time value={i.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
