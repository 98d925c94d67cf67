/** The fields of a probe, for adding one and for changing one; the server checks the limits again. */
import { useState, type FormEvent } from 'react';
import type { ProbeMethod } from '../../gql/graphql';
import { ErrorNote } from '../../lib/ui.tsx';
import type { ServiceChecksData } from '../Service.tsx';

type Probe = ServiceChecksData['probes'][number];

export type ProbeFields = {
  name: string;
  method: ProbeMethod;
  url: string;
  expectedStatus: number;
  timeoutMs: number;
  bodyContains: string | null;
  intervalSeconds: number;
  failureThreshold: number;
  successThreshold: number;
};

export function ProbeForm({ id, probe, busy, error, submitLabel, onSubmit, onCancel }: {
  id: string;
  probe?: Probe;
  busy: boolean;
  error?: string;
  submitLabel: string;
  onSubmit: (fields: ProbeFields) => void;
  onCancel: () => void;
}) {
  const [method, setMethod] = useState<ProbeMethod>(probe?.method ?? 'GET');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => Number(form.get(name));
    const body = String(form.get('bodyContains') ?? '').trim();
    onSubmit({
      name: String(form.get('name')).trim(),
      method,
      url: String(form.get('url')).trim(),
      expectedStatus: number('expectedStatus'),
      timeoutMs: Math.round(number('timeoutSeconds') * 1000),
      bodyContains: method === 'GET' && body ? body : null,
      intervalSeconds: number('intervalSeconds'),
      failureThreshold: number('failureThreshold'),
      successThreshold: number('successThreshold'),
    });
  }

  return (
    <form className="stack" onSubmit={submit} aria-busy={busy}>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} name="name" required maxLength={100} defaultValue={probe?.name} />
      <label htmlFor={`${id}-url`}>URL (http:// or https://)</label>
      <input id={`${id}-url`} name="url" type="url" required pattern="https?://.+" defaultValue={probe?.url} />
      <label htmlFor={`${id}-method`}>Method</label>
      <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value as ProbeMethod)}>
        <option value="GET">GET</option>
        <option value="HEAD">HEAD</option>
      </select>
      <label htmlFor={`${id}-status`}>Expected status</label>
      <input id={`${id}-status`} name="expectedStatus" type="number" min={100} max={599} required defaultValue={probe?.expectedStatus ?? 200} />
      <label htmlFor={`${id}-interval`}>Every (seconds, at least 10)</label>
      <input id={`${id}-interval`} name="intervalSeconds" type="number" min={10} max={86400} required defaultValue={probe?.intervalSeconds ?? 60} />
      <label htmlFor={`${id}-timeout`}>Timeout (seconds, 0.1 to 60, no more than the interval)</label>
      <input id={`${id}-timeout`} name="timeoutSeconds" type="number" min={0.1} max={60} step={0.1} required defaultValue={probe ? probe.timeoutMs / 1000 : 10} />
      {method === 'GET' && (
        <>
          <label htmlFor={`${id}-body`}>The answer must contain (optional)</label>
          <input id={`${id}-body`} name="bodyContains" maxLength={1000} defaultValue={probe?.bodyContains ?? ''} />
        </>
      )}
      <label htmlFor={`${id}-failures`}>Failures in a row that open an alarm</label>
      <input id={`${id}-failures`} name="failureThreshold" type="number" min={1} max={100} required defaultValue={probe?.failureThreshold ?? 3} />
      <label htmlFor={`${id}-successes`}>Successes in a row that resolve it</label>
      <input id={`${id}-successes`} name="successThreshold" type="number" min={1} max={100} required defaultValue={probe?.successThreshold ?? 2} />
      <ErrorNote error={error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
