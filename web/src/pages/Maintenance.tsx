/**
 * Maintenance windows: those not yet over (or, ticked, the past and cancelled ones too) that the
 * person may see, with their state. Provider staff schedule one by hand, move it or cancel it; a
 * release's window is moved through its release. Live through incidentEvents.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import { FRESH } from '../lib/fresh.ts';
import { useViewer } from '../lib/me.tsx';
import { Done, Empty, ErrorNote, LiveNote, Loading, Page, Time, useThrottled } from '../lib/ui.tsx';
import { useIncidentsLive } from './incidents/live.ts';
import { CancelMaintenance, RescheduleMaintenance, ScheduleMaintenance } from './incidents/MaintenanceActions.tsx';
import { MaintenanceStateBadge } from './incidents/labels.tsx';

const MaintenancePageDocument = graphql(`
  query MaintenancePage($all: Boolean) {
    maintenanceWindows(all: $all) {
      id
      title
      description
      startsAt
      endsAt
      state
      releaseId
      allPublic
      services {
        id
        name
      }
    }
  }
`);

export default function Maintenance() {
  const viewer = useViewer();
  const [all, setAll] = useState(false);
  const [result, refetch] = useQuery({ query: MaintenancePageDocument, variables: { all }, requestPolicy: FRESH });
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }));
  const live = useIncidentsLive(reload);
  const [done, setDone] = useState<string>();
  const acted = (what: string) => {
    setDone(what);
    reload();
  };
  const windows = result.data?.maintenanceWindows;

  return (
    <Page title="Maintenance" aside={viewer.managesIncidents && <ScheduleMaintenance onDone={acted} />}>
      <LiveNote states={[live]} />
      <p className="hint">Planned downtime: the covered services' alarms do not page while a window is in progress.</p>
      <label className="choice" htmlFor="mw-all">
        <input id="mw-all" type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show past and cancelled windows too
      </label>
      <Done>{done}</Done>
      {result.error && <ErrorNote error={result.error} retry={reload} />}
      {!windows && !result.error && <Loading what="Loading the maintenance windows" />}
      {windows &&
        (windows.length === 0 ? (
          <Empty>{all ? 'No maintenance windows.' : 'No maintenance planned.'}</Empty>
        ) : (
          <div className="scroll">
            <table className="cards">
              <caption className="sr-only">Maintenance windows, soonest first</caption>
              <thead>
                <tr>
                  <th scope="col">Window</th>
                  <th scope="col">State</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Ends</th>
                  <th scope="col">Services</th>
                  {viewer.managesIncidents && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {windows.map((w) => {
                  const changeable = w.state === 'SCHEDULED' || w.state === 'IN_PROGRESS';
                  return (
                    <tr key={w.id}>
                      <th scope="row">
                        {w.title}
                        {w.description && <div className="small pre">{w.description}</div>}
                      </th>
                      <td data-label="State">
                        <MaintenanceStateBadge state={w.state} />
                      </td>
                      <td data-label="Starts">
                        <Time value={w.startsAt} />
                      </td>
                      <td data-label="Ends">
                        <Time value={w.endsAt} />
                      </td>
                      <td data-label="Services">{w.allPublic ? 'Every public service' : w.services.map((s) => s.name).join(', ')}</td>
                      {viewer.managesIncidents && (
                        <td data-label="Actions">
                          {w.releaseId ? (
                            <span className="small">
                              From a release: move or cancel it under <Link href="/announcements">Announcements</Link>.
                            </span>
                          ) : changeable ? (
                            <div className="buttons">
                              <RescheduleMaintenance window={w} onDone={acted} />
                              <CancelMaintenance window={w} onDone={acted} />
                            </div>
                          ) : null}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </Page>
  );
}
