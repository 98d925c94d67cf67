/**
 * One incident: its state, the affected services, its public updates (newest first); for provider
 * staff its alarms and follow-up tickets, posting an update and linking. Client people read it only.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import { FRESH } from '../lib/fresh.ts';
import { useViewer } from '../lib/me.tsx';
import { Done, ErrorNote, LiveNote, Loading, Page, Time, useThrottled } from '../lib/ui.tsx';
import { useIncidentsLive } from './incidents/live.ts';
import { IncidentLinks } from './incidents/Links.tsx';
import { PostUpdate } from './incidents/PostUpdate.tsx';
import { ImpactBadge, IncidentStatusBadge } from './incidents/labels.tsx';

const IncidentPageDocument = graphql(`
  query IncidentPage($id: ID!) {
    incident(id: $id) {
      id
      title
      impact
      status
      origin
      openedAt
      resolvedAt
      services {
        id
        name
      }
      updates {
        id
        status
        message
        byName
        at
      }
      alarmIds
      ticketIds
    }
  }
`);

export default function IncidentPage({ incidentId }: { incidentId: string }) {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: IncidentPageDocument, variables: { id: incidentId }, requestPolicy: FRESH });
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }));
  const live = useIncidentsLive(reload);
  const [done, setDone] = useState<string>();
  const acted = (what: string) => {
    setDone(what);
    reload();
  };
  const incident = result.data?.incident;

  if (!incident) {
    return (
      <Page title="Incident">
        <p className="crumbs">
          <Link href="/incidents">Incidents</Link>
        </p>
        {result.error ? <ErrorNote error={result.error} retry={reload} /> : <Loading what="Loading the incident" />}
      </Page>
    );
  }
  const open = incident.status !== 'RESOLVED';
  return (
    <Page title={incident.title} aside={<LiveNote states={[live]} />}>
      <p className="crumbs">
        <Link href="/incidents">Incidents</Link>
      </p>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <IncidentStatusBadge status={incident.status} />
        </dd>
        <dt>Impact</dt>
        <dd>
          <ImpactBadge impact={incident.impact} />
        </dd>
        <dt>Services</dt>
        <dd>{incident.services.map((s) => s.name).join(', ')}</dd>
        <dt>Opened</dt>
        <dd>
          <Time value={incident.openedAt} /> {incident.origin === 'AUTOMATIC' ? '(automatically: a paging alarm was not acknowledged)' : ''}
        </dd>
        {incident.resolvedAt && (
          <>
            <dt>Resolved</dt>
            <dd>
              <Time value={incident.resolvedAt} />
            </dd>
          </>
        )}
      </dl>
      <Done>{done}</Done>
      <section aria-labelledby="inc-updates">
        <h2 id="inc-updates">Updates</h2>
        <ol className="timeline" aria-label="Updates, newest first">
          {incident.updates.map((u) => (
            <li key={u.id}>
              <div className="meta">
                <IncidentStatusBadge status={u.status} />
                <Time value={u.at} />
                <span>{u.byName}</span>
              </div>
              <p className="pre">{u.message}</p>
            </li>
          ))}
        </ol>
      </section>
      {viewer.managesIncidents && open && <PostUpdate key={incident.updates.length} incidentId={incident.id} status={incident.status} impact={incident.impact} onDone={acted} />}
      {viewer.isStaff && <IncidentLinks incidentId={incident.id} alarmIds={incident.alarmIds} ticketIds={incident.ticketIds} manage={viewer.managesIncidents} onDone={acted} />}
    </Page>
  );
}
