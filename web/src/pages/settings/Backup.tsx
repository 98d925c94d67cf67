/**
 * A back-up of an organisation (docs/exports.md): start the export job, watch its progress, and save
 * the archive once it is written. Shown to those who may take one (the server decides: its refusal
 * is shown as is); the archive is fetched with the session and offered as a file.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import type { OrgExportState } from '../../gql/graphql';
import { useViewer } from '../../lib/me.tsx';
import { useOrgs } from '../../lib/orgs.ts';
import { sessionEnded } from '../../lib/session.ts';
import { ErrorNote, Time, useAction } from '../../lib/ui.tsx';


const StartOrgExportDocument = graphql(`
  mutation StartOrgExport($orgId: ID!) {
    startOrgExport(orgId: $orgId) {
      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl
    }
  }
`);

const OrgExportDocument = graphql(`
  query OrgExport($id: ID!) {
    orgExport(id: $id) {
      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl
    }
  }
`);

interface Job {
  id: string;
  state: OrgExportState;
  kindsTotal: number;
  kindsDone: number;
  rowsDone: number;
  sizeBytes?: number | null;
  failure?: string | null;
  expiresAt?: string | null;
  downloadUrl?: string | null;
}

const UNDER_WAY: OrgExportState[] = ['QUEUED', 'RUNNING'];
/** How often a running export is asked about: progress is not pushed (it is not an event). */
const FOLLOW_MS = 2000;

export function Backup() {
  const viewer = useViewer();
  const { clientOrgs } = useOrgs(!viewer.isProviderAdmin);
  const orgs = viewer.isProviderAdmin ? clientOrgs : viewer.clientAdminOrgs;
  const [orgId, setOrgId] = useState('');
  const chosen = orgId || orgs[0]?.id || '';
  const start = useAction(StartOrgExportDocument);
  const client = useClient();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!job || !UNDER_WAY.includes(job.state)) return;
    const timer = setTimeout(async () => {
      const result = await client.query(OrgExportDocument, { id: job.id }, { requestPolicy: 'network-only' }).toPromise();
      if (result.data) setJob(result.data.orgExport);
      else setError(result.error?.message ?? 'The export could not be followed; reload the page.');
    }, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [job, client]);

  if (orgs.length === 0) return null;
  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Back-up</h2>
      <p className="hint">
        Everything opsdesk holds of the organisation (tickets and comments, production access, announcements, installations, and the audit trail with a
        signed checkpoint) as one zip of JSON lines with a manifest. It is kept for 24 hours; each export and download is on the organisation’s audit trail.
      </p>
      <div className="buttons">
        {orgs.length > 1 && (
          <label>
            Organisation{' '}
            <select value={chosen} onChange={(e) => setOrgId(e.target.value)}>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          disabled={start.busy || (job !== undefined && UNDER_WAY.includes(job.state))}
          onClick={async () => {
            setError(undefined);
            const data = await start.run({ orgId: chosen });
            if (data) setJob(data.startOrgExport);
          }}
        >
          Start a back-up
        </button>
      </div>
      <ErrorNote error={start.error ?? error} />
      {job && <Progress job={job} />}
    </section>
  );
}

function Progress({ job }: { job: Job }) {
  if (UNDER_WAY.includes(job.state)) {
    return (
      <p role="status">
        {job.state === 'QUEUED' ? 'Waiting to start…' : `Writing: ${job.kindsDone} of ${job.kindsTotal} files, ${job.rowsDone.toLocaleString()} rows so far…`}
      </p>
    );
  }
  if (job.state === 'FAILED') return <ErrorNote error={`The back-up failed: ${job.failure ?? 'no reason was given'}.`} />;
  if (job.state === 'EXPIRED' || !job.downloadUrl) return <p role="status">This back-up has expired; start a new one.</p>;
  return <Download job={job} url={job.downloadUrl} />;
}

function Download({ job, url }: { job: Job; url: string }) {
  const viewer = useViewer();
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  async function fetchArchive() {
    setBusy(true);
    setError(undefined);
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { 'x-opsdesk-csrf': viewer.session.csrfToken } });
      if (!response.ok) {
        if (response.status === 401) sessionEnded();
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(`The download failed: ${body.error?.message ?? `opsdesk answered ${response.status}`}.`);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `opsdesk-export-${job.id}.zip`;
      setFile({ url: URL.createObjectURL(await response.blob()), name });
    } catch (e) {
      setError(`The download failed: ${(e as Error).message}. Check your connection and try again.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <p role="status">
        Written: {job.kindsTotal} files, {job.rowsDone.toLocaleString()} rows, {(job.sizeBytes ?? 0).toLocaleString()} bytes. Kept until <Time value={job.expiresAt} />.
      </p>
      <div className="buttons">
        <button type="button" onClick={() => void fetchArchive()} disabled={busy}>
          Download the back-up
        </button>
        {file && (
          <a ref={link} href={file.url} download={file.name}>
            Save {file.name}
          </a>
        )}
      </div>
      <ErrorNote error={error} />
    </div>
  );
}
