/** Provider staff post a public update on an open incident: its status, the message, and the impact if it changed. */
import { useRef, type FormEvent } from 'react';
import { graphql } from '../../gql';
import type { IncidentImpact, IncidentStatus } from '../../gql/graphql';
import { ErrorNote, useAction } from '../../lib/ui.tsx';
import { IMPACTS, STATUSES } from './labels.tsx';

const PostIncidentUpdateDocument = graphql(`
  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {
    postIncidentUpdate(input: $input) {
      id
      status
    }
  }
`);

export function PostUpdate({ incidentId, status, impact, onDone }: { incidentId: string; status: IncidentStatus; impact: IncidentImpact; onDone: (what: string) => void }) {
  const post = useAction(PostIncidentUpdateDocument);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const newImpact = values.get('impact') as IncidentImpact;
    const data = await post.run({
      input: {
        incidentId,
        status: values.get('status') as IncidentStatus,
        message: String(values.get('message')).trim(),
        impact: newImpact === impact ? undefined : newImpact,
      },
    });
    if (data) {
      form.current?.reset();
      onDone(data.postIncidentUpdate.status === 'RESOLVED' ? 'Update posted: the incident is resolved.' : 'Update posted.');
    }
  }

  return (
    <section aria-labelledby="inc-post">
      <h2 id="inc-post">Post an update</h2>
      <form ref={form} className="stack" onSubmit={submit} aria-busy={post.busy}>
        <p className="hint">Clients of the affected services are told at once. Resolved closes the incident: it takes no more updates.</p>
        <label htmlFor="upd-status">Status</label>
        <select id="upd-status" name="status" defaultValue={status}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <label htmlFor="upd-impact">Impact</label>
        <select id="upd-impact" name="impact" defaultValue={impact}>
          {IMPACTS.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}: {i.help}
            </option>
          ))}
        </select>
        <label htmlFor="upd-message">Message (clients read it)</label>
        <textarea id="upd-message" name="message" required maxLength={5000} rows={4} />
        <ErrorNote error={post.error} />
        <button type="submit" className="primary" disabled={post.busy}>
          {post.busy ? 'Posting…' : 'Post update'}
        </button>
      </form>
    </section>
  );
}
