/** A service's probes: each one's check and state, its latest results; provider admins add, change and remove them. */
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Dialog, Empty, ErrorNote, Loading, Time, useAction } from '../../lib/ui.tsx';
import type { ServiceChecksData } from '../Service.tsx';
import { ProbeForm, type ProbeFields } from './ProbeForm.tsx';
import { CheckStateBadge } from './labels.tsx';
import { RemoveCheck } from './RemoveCheck.tsx';

type Probe = ServiceChecksData['probes'][number];

const CreateProbeDocument = graphql(`
  mutation CreateProbe($input: CreateProbeInput!) {
    createProbe(input: $input) {
      id
    }
  }
`);

const UpdateProbeDocument = graphql(`
  mutation UpdateProbe($input: UpdateProbeInput!) {
    updateProbe(input: $input) {
      id
    }
  }
`);

const RemoveProbeDocument = graphql(`
  mutation RemoveProbe($id: ID!) {
    removeProbe(probeId: $id)
  }
`);

const ProbeResultsDocument = graphql(`
  query ProbeResults($id: ID!, $first: Int!) {
    probeResults(probeId: $id, first: $first) {
      at
      up
      latencyMs
      statusCode
      error
    }
  }
`);

/** The latest results shown per probe: enough to see a flap, few enough to read. */
const RECENT = 20;

export function Probes({ serviceId, probes, manage, onDone }: { serviceId: string; probes: Probe[]; manage: boolean; onDone: (what: string) => void }) {
  const create = useAction(CreateProbeDocument);
  const [adding, setAdding] = useState(false);

  async function add(fields: ProbeFields) {
    const data = await create.run({ input: { serviceId, ...fields } });
    if (data) {
      setAdding(false);
      onDone(`Probe “${fields.name}” added; its first check runs now.`);
    }
  }

  return (
    <section aria-labelledby="svc-probes">
      <h2 id="svc-probes">Probes</h2>
      <p className="hint">HTTP(S) checks: failures in a row open an alarm, successes in a row resolve it.</p>
      {probes.length === 0 ? (
        <Empty>No probes.</Empty>
      ) : (
        <div className="scroll">
          <table className="cards">
            <caption className="sr-only">Probes of the service</caption>
            <thead>
              <tr>
                <th scope="col">Probe</th>
                <th scope="col">Check</th>
                <th scope="col">State</th>
                <th scope="col">Last checked</th>
                {manage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {probes.map((p) => (
                <ProbeRow key={p.id} probe={p} manage={manage} onDone={onDone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <>
          <button type="button" onClick={() => setAdding(true)}>
            Add a probe
          </button>
          <Dialog open={adding} onClose={() => setAdding(false)} title="Add a probe">
            <ProbeForm id="probe-new" busy={create.busy} error={create.error} submitLabel="Add probe" onSubmit={add} onCancel={() => setAdding(false)} />
          </Dialog>
        </>
      )}
    </section>
  );
}

function ProbeRow({ probe, manage, onDone }: { probe: Probe; manage: boolean; onDone: (what: string) => void }) {
  const [showResults, setShowResults] = useState(false);
  return (
    <tr>
      <th scope="row">
        {probe.name}
        <details onToggle={(e) => setShowResults(e.currentTarget.open)}>
          <summary>Latest results</summary>
          {showResults && <ProbeResults probeId={probe.id} />}
        </details>
      </th>
      <td data-label="Check">
        <span className="mono">
          {probe.method} {probe.url}
        </span>
        <div className="small">
          expects {probe.expectedStatus}
          {probe.bodyContains ? ` containing “${probe.bodyContains}”` : ''}, every {probe.intervalSeconds} s, timeout {probe.timeoutMs / 1000} s; alarm after {probe.failureThreshold} failures, resolved
          after {probe.successThreshold} successes
        </div>
      </td>
      <td data-label="State">
        <CheckStateBadge state={probe.state} />
      </td>
      <td data-label="Last checked">
        <Time value={probe.lastCheckedAt} fallback="Not yet" />
      </td>
      {manage && (
        <td data-label="Actions">
          <div className="buttons">
            <EditProbe probe={probe} onDone={onDone} />
            <RemoveProbe probe={probe} onDone={onDone} />
          </div>
        </td>
      )}
    </tr>
  );
}

function ProbeResults({ probeId }: { probeId: string }) {
  const [result, refetch] = useQuery({ query: ProbeResultsDocument, variables: { id: probeId, first: RECENT }, requestPolicy: 'network-only' });
  const samples = result.data?.probeResults;
  if (result.error) return <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!samples) return <Loading what="Loading the results" />;
  if (samples.length === 0) return <p className="small">No results yet.</p>;
  return (
    <ol className="timeline">
      {samples.map((s) => (
        <li key={s.at}>
          <span className={`badge ${s.up ? 'service-operational' : 'service-down'}`}>{s.up ? 'Up' : 'Down'}</span> <Time value={s.at} />, {s.latencyMs} ms
          {s.statusCode !== null && s.statusCode !== undefined ? `, status ${s.statusCode}` : ''}
          {s.error ? `: ${s.error}` : ''}
        </li>
      ))}
    </ol>
  );
}

function EditProbe({ probe, onDone }: { probe: Probe; onDone: (what: string) => void }) {
  const update = useAction(UpdateProbeDocument);
  const [open, setOpen] = useState(false);
  async function save(fields: ProbeFields) {
    const data = await update.run({ input: { probeId: probe.id, ...fields } });
    if (data) {
      setOpen(false);
      onDone(`Probe “${fields.name}” saved; it checks again now.`);
    }
  }
  return (
    <>
      <button type="button" aria-label={`Edit probe ${probe.name}`} onClick={() => setOpen(true)}>
        Edit
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Edit probe ${probe.name}`}>
        <ProbeForm id={`probe-${probe.id}`} probe={probe} busy={update.busy} error={update.error} submitLabel="Save probe" onSubmit={save} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function RemoveProbe({ probe, onDone }: { probe: Probe; onDone: (what: string) => void }) {
  const remove = useAction(RemoveProbeDocument);
  return <RemoveCheck kind="probe" name={probe.name} id={probe.id} action={remove} onDone={onDone} consequence="It stops checking. Its history stays in the service's availability; an alarm open for it stays open for on-call." />;
}
