/**
 * One service, for provider staff: its state, its settings, which orgs use it, which alarms belong to
 * it, its probes (with their recent results) and heartbeats, and its availability. Provider admins
 * change each part; everyone else reads it. Each part reads afresh after its own change.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { graphql } from '../gql';
import { FRESH } from '../lib/fresh.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { Dialog, Done, Empty, ErrorNote, Loading, Page, Time, useAction } from '../lib/ui.tsx';
import { AlarmMatches } from './services/AlarmMatches.tsx';
import { AvailabilitySummary } from './services/Availability.tsx';
import { Heartbeats } from './services/Heartbeats.tsx';
import { Probes } from './services/Probes.tsx';
import { ServiceSettings } from './services/ServiceSettings.tsx';
import { ServiceStateBadge } from './services/labels.tsx';

const ServicePageDocument = graphql(`
  query ServicePage($id: ID!) {
    service(id: $id) {
      id
      name
      description
      isPublic
      allOrgs
      orgIds
      state
      createdAt
    }
  }
`);

const ServiceChecksDocument = graphql(`
  query ServiceChecks($id: ID!) {
    serviceChecks(serviceId: $id) {
      probes {
        id
        name
        method
        url
        expectedStatus
        timeoutMs
        bodyContains
        intervalSeconds
        failureThreshold
        successThreshold
        state
        lastCheckedAt
      }
      heartbeats {
        id
        name
        intervalSeconds
        graceSeconds
        state
        lastBeatAt
        dueBy
      }
      alarmMatches {
        source
        alarmService
      }
    }
  }
`);

const ArchiveServiceDocument = graphql(`
  mutation ArchiveService($id: ID!) {
    archiveService(serviceId: $id) {
      id
    }
  }
`);

export type ServiceChecksData = NonNullable<ReturnType<typeof useServiceChecks>['checks']>;

function useServiceChecks(serviceId: string, pause: boolean) {
  const [result, refetch] = useQuery({ query: ServiceChecksDocument, variables: { id: serviceId }, pause, requestPolicy: FRESH });
  return { checks: result.data?.serviceChecks, error: result.error, reload: () => refetch({ requestPolicy: 'network-only' }) };
}

export default function ServicePage({ serviceId }: { serviceId: string }) {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: ServicePageDocument, variables: { id: serviceId }, pause: !viewer.isStaff, requestPolicy: FRESH });
  const checks = useServiceChecks(serviceId, !viewer.isStaff);
  const { clientOrgs } = useOrgs(!viewer.isStaff);
  const [done, setDone] = useState<string>();
  // Each change reads the availability afresh too (its window ends "now"): a new key remounts it.
  const [version, setVersion] = useState(0);
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    checks.reload();
    setVersion((v) => v + 1);
  };
  const acted = (what: string) => {
    setDone(what);
    reload();
  };

  if (!viewer.isStaff) {
    return (
      <Page title="Service">
        <Empty>Services are managed by the provider's staff.</Empty>
      </Page>
    );
  }
  const service = result.data?.service;
  if (!service) {
    return (
      <Page title="Service">
        <p className="crumbs">
          <Link href="/services">Services</Link>
        </p>
        {result.error ? <ErrorNote error={result.error} retry={reload} /> : <Loading what="Loading the service" />}
      </Page>
    );
  }
  const manage = viewer.managesServices;
  return (
    <Page title={service.name} aside={<ServiceStateBadge state={service.state} />}>
      <p className="crumbs">
        <Link href="/services">Services</Link>
      </p>
      {service.description && <p>{service.description}</p>}
      <p className="small">
        {service.isPublic ? 'Public: on the status page for everyone.' : 'Internal: shown only to signed-in people of the orgs that use it.'} Since <Time value={service.createdAt} />.
      </p>
      <Done>{done}</Done>
      <ServiceSettings service={service} clientOrgs={clientOrgs} manage={manage} onDone={acted} />
      <AvailabilitySummary key={version} serviceId={service.id} probes={checks.checks?.probes ?? []} />
      {checks.error && <ErrorNote error={checks.error} retry={checks.reload} />}
      {!checks.checks && !checks.error && <Loading what="Loading the probes and heartbeats" />}
      {checks.checks && (
        <>
          <Probes serviceId={service.id} probes={checks.checks.probes} manage={manage} onDone={acted} />
          <Heartbeats serviceId={service.id} heartbeats={checks.checks.heartbeats} manage={manage} onDone={acted} />
          <AlarmMatches serviceId={service.id} matches={checks.checks.alarmMatches} manage={manage} onDone={acted} />
        </>
      )}
      {manage && <ArchiveService id={service.id} name={service.name} />}
    </Page>
  );
}

function ArchiveService({ id, name }: { id: string; name: string }) {
  const archive = useAction(ArchiveServiceDocument);
  const [open, setOpen] = useState(false);
  const [, navigate] = useLocation();
  return (
    <section aria-labelledby="svc-archive">
      <h2 id="svc-archive">Archive</h2>
      <p className="hint">Its probes stop and its heartbeats are no longer expected; its history stays, and its name is free again.</p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Archive {name}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Archive ${name}?`}>
        <p>Its probes stop at once and it leaves the status page. Alarms already open for it stay open for on-call.</p>
        <ErrorNote error={archive.error} />
        <div className="buttons">
          <button
            type="button"
            className="danger"
            disabled={archive.busy}
            onClick={() => void archive.run({ id }).then((data) => data && navigate('/services'))}
          >
            {archive.busy ? 'Archiving…' : 'Archive service'}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </section>
  );
}
