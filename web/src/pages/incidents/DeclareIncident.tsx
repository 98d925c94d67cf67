/** Provider staff declare an incident: title, affected services, impact, and the first public update. */
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { graphql } from '../../gql';
import type { IncidentImpact, IncidentStatus } from '../../gql/graphql';
import { Dialog, ErrorNote, useAction } from '../../lib/ui.tsx';
import { ServicePicker } from './ServicePicker.tsx';
import { IMPACTS, STATUSES } from './labels.tsx';

const DeclareIncidentDocument = graphql(`
  mutation DeclareIncident($input: DeclareIncidentInput!) {
    declareIncident(input: $input) {
      id
    }
  }
`);

export function DeclareIncident() {
  const declare = useAction(DeclareIncidentDocument);
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (serviceIds.length === 0) {
      setProblem('Tick at least one affected service.');
      return;
    }
    setProblem(undefined);
    const form = new FormData(event.currentTarget);
    const data = await declare.run({
      input: {
        title: String(form.get('title')).trim(),
        impact: form.get('impact') as IncidentImpact,
        status: form.get('status') as IncidentStatus,
        message: String(form.get('message')).trim(),
        serviceIds,
      },
    });
    if (data) navigate(`/incidents/${data.declareIncident.id}`);
  }

  return (
    <>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Declare an incident
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Declare an incident">
        <form className="stack" onSubmit={submit} aria-busy={declare.busy}>
          <p className="hint">The orgs that use an affected service are told at once, in Slack and by email.</p>
          <label htmlFor="inc-title">Title</label>
          <input id="inc-title" name="title" required maxLength={200} />
          <ServicePicker id="inc-services" value={serviceIds} onChange={setServiceIds} />
          <label htmlFor="inc-impact">Impact</label>
          <select id="inc-impact" name="impact" defaultValue="MINOR">
            {IMPACTS.map((i) => (
              <option key={i.value} value={i.value}>
                {i.label}: {i.help}
              </option>
            ))}
          </select>
          <label htmlFor="inc-status">Status</label>
          <select id="inc-status" name="status" defaultValue="INVESTIGATING">
            {STATUSES.filter((s) => s.value !== 'RESOLVED').map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <label htmlFor="inc-message">First update (clients read it)</label>
          <textarea id="inc-message" name="message" required maxLength={5000} rows={4} />
          <ErrorNote error={problem ?? declare.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={declare.busy}>
              {declare.busy ? 'Declaring…' : 'Declare incident'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
