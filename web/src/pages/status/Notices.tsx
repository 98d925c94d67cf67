/**
 * Incidents and maintenance on the public status page: what is happening now (open incidents and
 * their updates, newest first), what is planned (maintenance windows not over, soonest first), and
 * what was resolved in the last days.
 */
import type { PublicIncident, PublicMaintenance } from '../../lib/status.ts';
import { Time } from '../../lib/ui.tsx';

export function Incidents({ incidents }: { incidents: PublicIncident[] }) {
  const open = incidents.filter((i) => i.resolvedAt === null);
  const past = incidents.filter((i) => i.resolvedAt !== null);
  return (
    <section aria-labelledby="incidents-h">
      <h2 id="incidents-h">Incidents</h2>
      {open.length === 0 && <p>No open incidents.</p>}
      {open.map((incident) => (
        <Incident key={incident.id} incident={incident} />
      ))}
      {past.length > 0 && (
        <>
          <h3>Resolved recently</h3>
          {past.map((incident) => (
            <Incident key={incident.id} incident={incident} />
          ))}
        </>
      )}
    </section>
  );
}

function Incident({ incident }: { incident: PublicIncident }) {
  const id = `incident-${incident.id}`;
  return (
    <article className={`incident impact-${incident.impact}`} aria-labelledby={id}>
      <h4 id={id}>{incident.title}</h4>
      <p className="small">
        <strong>{incident.statusLabel}</strong> · {incident.impactLabel} · affects {incident.services.join(', ')} · opened{' '}
        <Time value={incident.openedAt} />
        {incident.resolvedAt && (
          <>
            {' '}
            · resolved <Time value={incident.resolvedAt} />
          </>
        )}
      </p>
      <ol className="updates">
        {incident.updates.map((update) => (
          <li key={`${update.at}-${update.status}`}>
            <strong>{update.statusLabel}</strong> (<Time value={update.at} />): {update.message}
          </li>
        ))}
      </ol>
    </article>
  );
}

export function Maintenance({ windows }: { windows: PublicMaintenance[] }) {
  return (
    <section aria-labelledby="maintenance-h">
      <h2 id="maintenance-h">Scheduled maintenance</h2>
      {windows.length === 0 && <p>No maintenance is scheduled.</p>}
      {windows.map((window) => (
        <article key={window.id} className="maintenance" aria-labelledby={`maintenance-${window.id}`}>
          <h3 id={`maintenance-${window.id}`}>
            {window.title}
            {window.state === 'in_progress' && <span className="badge"> In progress</span>}
          </h3>
          <p className="small">
            <Time value={window.startsAt} /> to <Time value={window.endsAt} /> · {window.services.join(', ')}
          </p>
          {window.description && <p>{window.description}</p>}
        </article>
      ))}
    </section>
  );
}
