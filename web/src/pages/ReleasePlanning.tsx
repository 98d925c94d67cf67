/**
 * The product owner's part of Announcements: plan a release (version, change log, service window),
 * then announce it to every client org, or cancel it. The server decides who may (the product
 * owner and the provider's admins); the page only offers it to them.
 */
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ReleaseKind } from '../gql/graphql';
import { Done, ErrorNote, useAction } from '../lib/ui.tsx';

const CreateReleaseDocument = graphql(`
  mutation CreateRelease($input: CreateReleaseInput!) {
    createRelease(input: $input) {
      id
      version
    }
  }
`);

const AnnounceReleaseDocument = graphql(`
  mutation AnnounceRelease($input: AnnounceReleaseInput!) {
    announceRelease(input: $input) {
      orgs
      recipients
    }
  }
`);

const CancelReleaseDocument = graphql(`
  mutation CancelRelease($releaseId: ID!, $reason: String) {
    cancelRelease(releaseId: $releaseId, reason: $reason) {
      id
      status
    }
  }
`);

/** A `datetime-local` value (the viewer's zone) as an instant. */
const instant = (local: string) => new Date(local).toISOString();

export function PlanRelease({ onDone }: { onDone: () => void }) {
  const id = useId();
  const create = useAction(CreateReleaseDocument);
  const [kind, setKind] = useState<ReleaseKind>('REGULAR');
  const [done, setDone] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const data = await create.run({
      input: {
        version: text('version'),
        title: text('title'),
        changeLog: text('changeLog'),
        downtime: form.get('downtime') === 'on',
        windowStart: instant(text('windowStart')),
        windowEnd: instant(text('windowEnd')),
        kind,
        urgentReason: kind === 'URGENT_MAINTENANCE' ? text('urgentReason') : undefined,
      },
    });
    if (data) {
      setDone(`Release ${data.createRelease.version} is planned: announce it below when it is ready.`);
      (event.target as HTMLFormElement).reset();
      onDone();
    }
  }

  return (
    <details className="panel">
      <summary>Plan a release</summary>
      <form className="stack" onSubmit={submit}>
        <label htmlFor={`${id}-version`}>Version</label>
        <input id={`${id}-version`} name="version" required maxLength={50} placeholder="5.2.0" />
        <label htmlFor={`${id}-title`}>Release title</label>
        <input id={`${id}-title`} name="title" required maxLength={200} />
        <label htmlFor={`${id}-log`}>Change log</label>
        <textarea id={`${id}-log`} name="changeLog" rows={5} required />
        <label htmlFor={`${id}-start`}>Service window starts (your time)</label>
        <input id={`${id}-start`} name="windowStart" type="datetime-local" required />
        <label htmlFor={`${id}-end`}>Service window ends (your time)</label>
        <input id={`${id}-end`} name="windowEnd" type="datetime-local" required />
        <label className="choice">
          <input type="checkbox" name="downtime" /> The service is offline during the window
        </label>
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ReleaseKind)}>
          <option value="REGULAR">Regular (announced at least 14 days ahead)</option>
          <option value="URGENT_MAINTENANCE">Urgent maintenance (short notice, with a reason)</option>
        </select>
        {kind === 'URGENT_MAINTENANCE' && (
          <>
            <label htmlFor={`${id}-reason`}>Why at short notice</label>
            <textarea id={`${id}-reason`} name="urgentReason" rows={2} required />
          </>
        )}
        <ErrorNote error={create.error} />
        {done && <Done>{done}</Done>}
        <button type="submit" className="primary" disabled={create.busy}>
          Plan release
        </button>
      </form>
    </details>
  );
}

export function ReleaseActions({ releaseId, onDone }: { releaseId: string; onDone: () => void }) {
  const announce = useAction(AnnounceReleaseDocument);
  const cancel = useAction(CancelReleaseDocument);
  const busy = announce.busy || cancel.busy;
  return (
    <>
      <ErrorNote error={announce.error ?? cancel.error} />
      <div className="buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void announce.run({ input: { releaseId } }).then((d) => d && onDone())}>
          Announce to every client
        </button>
        <button type="button" disabled={busy} onClick={() => void cancel.run({ releaseId }).then((d) => d && onDone())}>
          Cancel release
        </button>
      </div>
    </>
  );
}
