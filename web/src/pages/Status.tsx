/**
 * The public status page (`/status`): for anyone, signed in or not. The state of each public service,
 * its daily availability over 90 days with the overall percentage, its response times, the rule by
 * which availability is counted, when the figures were made, and how to follow it (feeds, email). It reads `/status.json` again every
 * 30 seconds and says when it could not.
 */
import { Incidents, Maintenance } from './status/Notices.tsx';
import { Time, Page, Loading, ErrorNote, Empty } from '../lib/ui.tsx';
import { percentText, REFRESH_MS, useStatusFeed, type PublicService, type ServiceState } from '../lib/status.ts';
import { AvailabilityBars } from './status/AvailabilityBars.tsx';
import { ResponseTimes } from './status/ResponseTimes.tsx';
import { Follow } from './status/Follow.tsx';

const OVERALL: Record<ServiceState, string> = {
  operational: 'All services are operational',
  degraded: 'Some services are degraded',
  down: 'Some services are down',
  unknown: 'No service has reported yet',
};

function ServiceStatus({ service }: { service: PublicService }) {
  const headingId = `service-${service.id}`;
  return (
    <section className="service card" aria-labelledby={headingId}>
      <div className="service-head">
        <h2 id={headingId}>{service.name}</h2>
        <span className={`badge service-${service.state}`}>{service.stateLabel}</span>
      </div>
      {service.description && <p className="muted">{service.description}</p>}
      <p className="uptime">
        {service.availability.percent === null ? (
          <>No availability data for the last {service.availability.days.length} days</>
        ) : (
          <>
            <strong>{percentText(service.availability.percent)}</strong> available over the last {service.availability.days.length} days
          </>
        )}
      </p>
      <AvailabilityBars service={service} />
      <ResponseTimes service={service} />
    </section>
  );
}

export default function Status() {
  const { status, error, failedAt, refresh } = useStatusFeed();
  return (
    <Page title="Service status">
      {error && (
        <ErrorNote retry={refresh}>
          {status ? (
            <>
              Could not refresh the status at <Time value={failedAt?.toISOString()} /> ({error.message}); the figures below are from{' '}
              <Time value={status.generatedAt} />. Trying again every {REFRESH_MS / 1000} seconds.
            </>
          ) : (
            <>Could not load the status ({error.message}). Trying again every {REFRESH_MS / 1000} seconds.</>
          )}
        </ErrorNote>
      )}
      {!status ? (
        !error && <Loading what="Loading the status" />
      ) : (
        <>
          <p className={`overall service-${status.overall}`}>{OVERALL[status.overall]}</p>
          <p className="muted small">
            Last updated <Time value={status.generatedAt} />; this page refreshes every {REFRESH_MS / 1000} seconds.
          </p>
          <Incidents incidents={status.incidents} />
          <Maintenance windows={status.maintenance} />
          <h2>Services</h2>
          {status.services.length === 0 ? (
            <Empty>No public services are listed yet.</Empty>
          ) : (
            status.services.map((service) => <ServiceStatus key={service.id} service={service} />)
          )}
          <h2>How availability is counted</h2>
          <p className="availability-rule">{status.availabilityRule}</p>
          <ul className="legend small" aria-label="Colours of the daily bars">
            <li>
              <span className="day day-ok" aria-hidden="true" /> 99.9% or more
            </li>
            <li>
              <span className="day day-warn" aria-hidden="true" /> 99% to 99.9%
            </li>
            <li>
              <span className="day day-bad" aria-hidden="true" /> below 99%
            </li>
            <li>
              <span className="day day-none" aria-hidden="true" /> no data
            </li>
          </ul>
          <Follow status={status} />
        </>
      )}
    </Page>
  );
}
