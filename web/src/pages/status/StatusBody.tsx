/**
 * What a status page shows, public or an org's: the overall state, incidents, maintenance, each
 * service's state, 90 days of daily availability with the percentage, its response times with a
 * chart, and the rule by which availability is counted. A failed refresh keeps the last figures on
 * screen under a note saying when it failed and from when the figures are.
 */
import { Incidents, Maintenance } from './Notices.tsx';
import { Time, Loading, ErrorNote, Empty } from '../../lib/ui.tsx';
import { percentText, RETRY_MS, type PublicService, type ServiceState, type StatusFeed } from '../../lib/status.ts';
import { AvailabilityBars } from './AvailabilityBars.tsx';
import { ResponseTimes } from './ResponseTimes.tsx';

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

export function StatusBody({ feed, noServices }: { feed: StatusFeed; noServices: string }) {
  const { status, error, failedAt, refresh } = feed;
  return (
    <>
      {error && (
        <ErrorNote retry={refresh}>
          {status ? (
            <>
              Could not refresh the status at <Time value={failedAt?.toISOString()} /> ({error.message}); the figures below are from{' '}
              <Time value={status.generatedAt} />. Trying again in {RETRY_MS / 1000} seconds.
            </>
          ) : (
            <>Could not load the status ({error.message}). Trying again in {RETRY_MS / 1000} seconds.</>
          )}
        </ErrorNote>
      )}
      {!status ? (
        !error && <Loading what="Loading the status" />
      ) : (
        <>
          <p className={`overall service-${status.overall}`} role="status">
            {OVERALL[status.overall]}
          </p>
          <p className="muted small">
            Last updated <Time value={status.generatedAt} />; this page updates by itself when something changes.
          </p>
          <Incidents incidents={status.incidents} />
          <Maintenance windows={status.maintenance} />
          <h2>Services</h2>
          {status.services.length === 0 ? <Empty>{noServices}</Empty> : status.services.map((service) => <ServiceStatus key={service.id} service={service} />)}
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
        </>
      )}
    </>
  );
}
