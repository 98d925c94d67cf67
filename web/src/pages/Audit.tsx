/**
 * The audit trail: filters (AuditFilter), pages of events, Verify (verifyAuditTrail), the export,
 * and the signed checkpoints. Live: the org's events and new checkpoints.
 *
 * The export of one org is the server's (POST /audit/export/:orgId): the whole trail, a checkpoint
 * signed for it and the verify result, checkable offline with `opsdesk audit verify-export`. Across
 * every chain (provider admins) there is no signed export; the page builds an unsigned JSON-lines
 * file of the events the filters match, and says so.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { AuditFilter, VerifyAuditTrailQuery } from '../gql/graphql';

type AuditVerification = VerifyAuditTrailQuery['verifyAuditTrail'];
import { errorText } from '../lib/format.ts';
import { sessionEnded } from '../lib/session.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { Done, Empty, ErrorNote, LiveNote, Loading, Page, Time, useAction, useLive, useThrottled } from '../lib/ui.tsx';

const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      nodes {
        chainId
        seq
        at
        actorType
        actorId
        actorName
        door
        orgId
        action
        subjectType
        subjectId
        data
        requestId
        prevHash
        hash
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const VerifyDocument = graphql(`
  query VerifyAuditTrail($orgId: ID!, $checkpoint: String) {
    verifyAuditTrail(orgId: $orgId, checkpoint: $checkpoint) {
      ok
      chainId
      events
      headHash
      brokenAtSeq
      reason
      problems {
        kind
        seq
        message
      }
      moreProblems
      checkpointSize
    }
  }
`);

const CheckpointsDocument = graphql(`
  query AuditCheckpoints($orgId: ID!) {
    auditCheckpoints(orgId: $orgId, first: 20) {
      nodes {
        orgId
        seq
        size
        headHash
        signedAt
        keyId
        reason
        note
      }
    }
  }
`);

const SignCheckpointDocument = graphql(`
  mutation SignAuditCheckpoint($orgId: ID!) {
    signAuditCheckpoint(orgId: $orgId) {
      seq
      size
    }
  }
`);

const OrgEventsDocument = graphql(`
  subscription AuditOrgLive($orgId: ID!) {
    events(orgId: $orgId) {
      id
    }
  }
`);

const CheckpointSignedDocument = graphql(`
  subscription AuditCheckpointLive($orgId: ID!) {
    auditCheckpointSigned(orgId: $orgId) {
      seq
    }
  }
`);

/** Events a request: about 19 cost each, so a page costs about 760 of the server's 2000. */
const PAGE = 40;

/** A datetime-local value (the viewer's zone) as an ISO instant. */
const instant = (local: FormDataEntryValue | null) => (local ? new Date(String(local)).toISOString() : undefined);

export default function Audit() {
  const viewer = useViewer();
  const { orgs } = useOrgs();
  const choices = viewer.isProviderAdmin ? orgs : viewer.clientAdminOrgs;
  const [orgId, setOrgId] = useState<string>(viewer.isProviderAdmin ? '' : (viewer.clientAdminOrgs[0]?.id ?? ''));
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const fullFilter: AuditFilter = { ...filter, ...(orgId ? { orgId } : {}) };
  const [result, refetch] = useQuery({ query: AuditEventsDocument, variables: { filter: fullFilter, first: PAGE, after }, pause: !viewer.readsAudit });
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 1000);
  const live = useLive(OrgEventsDocument, { orgId }, reload, !orgId);

  if (!viewer.readsAudit) {
    return (
      <Page title="Audit trail">
        <Empty>The audit trail is for provider admins and your organisation's admins.</Empty>
      </Page>
    );
  }

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim() || undefined;
    setFilter({ action: text('action'), subjectId: text('subjectId'), actorId: text('actorId'), since: instant(f.get('since')), until: instant(f.get('until')) });
    setCursors([undefined]);
  }

  const page = result.data?.auditEvents;
  return (
    <Page title="Audit trail">
      <form className="filters" aria-label="Filter the audit trail" onSubmit={applyFilters}>
        <div className="field">
          <label htmlFor="a-org">Organisation</label>
          <select
            id="a-org"
            value={orgId}
            onChange={(e) => {
              setOrgId(e.target.value);
              setCursors([undefined]);
            }}
          >
            {viewer.isProviderAdmin && <option value="">Every chain</option>}
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-action">Action</label>
          <input id="a-action" name="action" placeholder="ticket.opened" />
        </div>
        <div className="field">
          <label htmlFor="a-subject">Subject id</label>
          <input id="a-subject" name="subjectId" />
        </div>
        <div className="field">
          <label htmlFor="a-actor">Actor id</label>
          <input id="a-actor" name="actorId" />
        </div>
        <div className="field">
          <label htmlFor="a-since">Since</label>
          <input id="a-since" name="since" type="datetime-local" />
        </div>
        <div className="field">
          <label htmlFor="a-until">Until</label>
          <input id="a-until" name="until" type="datetime-local" />
        </div>
        <button type="submit">Apply filters</button>
      </form>
      {orgId && <LiveNote states={[live]} />}

      {orgId && <VerifyAndExport orgId={orgId} />}
      {!orgId && (
        <section aria-labelledby="export-h">
          <h2 id="export-h">Unsigned export</h2>
          <UnsignedExport filter={fullFilter} />
        </section>
      )}

      <section aria-labelledby="events-h">
        <h2 id="events-h">Events</h2>
        {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
        {!page && !result.error && <Loading what="Loading the trail" />}
        {page && page.nodes.length === 0 && <Empty>No events match. Widen the filters or pick another organisation.</Empty>}
        {page && page.nodes.length > 0 && (
          <table className="cards">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Door</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((e) => (
                <tr key={`${e.chainId}-${e.seq}`}>
                  <td data-label="#">{e.seq}</td>
                  <td data-label="When">
                    <Time value={e.at} />
                  </td>
                  <td data-label="Who">
                    {e.actorName} <span className="small">({e.actorType})</span>
                  </td>
                  <td data-label="Door">{e.door}</td>
                  <td data-label="Action">
                    <code>{e.action}</code>
                  </td>
                  <td data-label="Subject">
                    {e.subjectType} <span className="small mono">{e.subjectId}</span>
                  </td>
                  <td data-label="Data">
                    <details>
                      <summary>Show</summary>
                      <pre>{JSON.stringify(e.data, null, 2)}</pre>
                      <p className="small mono">hash {e.hash}</p>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="buttons">
          {cursors.length > 1 && (
            <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous page
            </button>
          )}
          {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <button type="button" onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? undefined])}>
              Next page
            </button>
          )}
        </div>
      </section>
      {orgId && <Checkpoints orgId={orgId} />}
    </Page>
  );
}

function VerifyAndExport({ orgId }: { orgId: string }) {
  const client = useClient();
  const [verification, setVerification] = useState<AuditVerification>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [checkpoint, setCheckpoint] = useState('');
  useEffect(() => setVerification(undefined), [orgId]);

  async function verify() {
    setBusy(true);
    setError(undefined);
    const result = await client
      .query(VerifyDocument, { orgId, checkpoint: checkpoint.trim() || undefined }, { requestPolicy: 'network-only' })
      .toPromise();
    setBusy(false);
    if (result.error || !result.data) setError(errorText(result.error) || 'No answer; try again.');
    else setVerification(result.data.verifyAuditTrail);
  }

  return (
    <section aria-labelledby="verify-h">
      <h2 id="verify-h">Verify and export</h2>
      <div className="stack">
        <label htmlFor="a-checkpoint">Checkpoint to check against (optional)</label>
        <textarea id="a-checkpoint" rows={3} value={checkpoint} onChange={(e) => setCheckpoint(e.target.value)} className="mono" />
      </div>
      <div className="buttons">
        <button type="button" className="primary" disabled={busy} onClick={verify}>
          Verify
        </button>
      </div>
      <ErrorNote error={error} />
      {verification && (
        <div className={verification.ok ? 'done' : 'error'} role="status">
          <p>
            {verification.ok
              ? `The chain is intact: ${verification.events} events${verification.checkpointSize != null ? `, extending the checkpoint of ${verification.checkpointSize}` : ''}.`
              : `The chain is broken${verification.brokenAtSeq != null ? ` at event ${verification.brokenAtSeq}` : ''}: ${verification.reason ?? ''}`}
          </p>
          {verification.headHash && <p className="small mono">head {verification.headHash}</p>}
          {verification.problems.length > 0 && (
            <ul>
              {verification.problems.map((p, i) => (
                <li key={i}>
                  {p.seq != null ? `#${p.seq} ` : ''}
                  {p.kind}: {p.message}
                </li>
              ))}
              {verification.moreProblems > 0 && <li>and {verification.moreProblems} more</li>}
            </ul>
          )}
        </div>
      )}
      <SignedExport orgId={orgId} />
    </section>
  );
}

/** What the server's export ends with: the verify result of the exported trail. */
interface ExportSummary {
  events: number;
  ok: boolean | undefined;
  reason?: string | null;
}

/** The org's signed export from the server, fetched with the session and offered as a download. */
function SignedExport({ orgId }: { orgId: string }) {
  const viewer = useViewer();
  const [file, setFile] = useState<{ url: string; name: string; summary: ExportSummary }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);
  useEffect(() => {
    setFile(undefined);
    setError(undefined);
  }, [orgId]);

  async function download() {
    setBusy(true);
    setError(undefined);
    setFile(undefined);
    try {
      const response = await fetch(`/audit/export/${encodeURIComponent(orgId)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-opsdesk-csrf': viewer.session.csrfToken, accept: 'application/x-ndjson' },
      });
      if (!response.ok) {
        if (response.status === 401) sessionEnded();
        let message = `opsdesk answered ${response.status}.`;
        try {
          const body = (await response.json()) as { error?: { code?: string; message?: string } };
          if (body.error?.message) message = body.error.message;
        } catch {
          // not JSON: keep the status
        }
        setError(`The export failed: ${message}`);
        return;
      }
      const blob = await response.blob();
      const lines = (await blob.text()).trimEnd().split('\n');
      const last = lines.length ? (JSON.parse(lines[lines.length - 1]!) as { type?: string; result?: { ok?: boolean; reason?: string | null } }) : {};
      if (last.type !== 'verify') {
        setError('The export broke off before its end; try again.');
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `opsdesk-audit-${orgId}.jsonl`;
      setFile({
        url: URL.createObjectURL(blob),
        name,
        summary: { events: lines.filter((l) => l.startsWith('{"type":"event"')).length, ok: last.result?.ok, reason: last.result?.reason },
      });
    } catch (e) {
      setError(`The export failed: ${(e as Error).message}. Check your connection and try again.`);
    } finally {
      setBusy(false);
    }
  }

  // Start the download as soon as the file is here; the link stays for another copy.
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  return (
    <div className="stack">
      <h3>Export</h3>
      <p className="hint">
        The organisation's whole trail (the filters above do not apply), then a checkpoint signed for the export and the verification result, as
        JSON lines: the file <code>opsdesk audit export</code> writes, checkable offline with <code>opsdesk audit verify-export</code>.
      </p>
      <div className="buttons">
        <button type="button" onClick={() => void download()} disabled={busy}>
          Download export
        </button>
      </div>
      {busy && (
        <p role="status" className="muted">
          Preparing…
        </p>
      )}
      <ErrorNote error={error} />
      {file && (
        <p role="status">
          {file.summary.events} events, {file.summary.ok ? 'the chain verified intact' : `the chain did not verify${file.summary.reason ? `: ${file.summary.reason}` : ''}`}.{' '}
          <a ref={link} href={file.url} download={file.name}>
            Save {file.name}
          </a>
        </p>
      )}
    </div>
  );
}

/** Every chain: a JSON-lines file of the events the filters match, built here; nothing signs it. */
function UnsignedExport({ filter }: { filter: AuditFilter }) {
  const client = useClient();
  const [file, setFile] = useState<{ url: string; name: string; events: number }>();
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);
  useEffect(() => setFile(undefined), [JSON.stringify(filter)]);

  async function build() {
    setError(undefined);
    setFile(undefined);
    const lines: string[] = [];
    let after: string | undefined;
    let count = 0;
    for (;;) {
      setProgress(`Preparing… ${count} events read`);
      const result = await client.query(AuditEventsDocument, { filter, first: PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) {
        setProgress(undefined);
        setError(errorText(result.error) || 'No answer; try again.');
        return;
      }
      for (const event of result.data.auditEvents.nodes) lines.push(JSON.stringify({ type: 'event', ...event }));
      count += result.data.auditEvents.nodes.length;
      const info = result.data.auditEvents.pageInfo;
      if (!info.hasNextPage || !info.endCursor) break;
      after = info.endCursor;
    }
    lines.push(JSON.stringify({ type: 'unsigned', exportedAt: new Date().toISOString(), filter, events: count }));
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    setFile({ url: URL.createObjectURL(blob), name: `opsdesk-audit-all-unsigned-${stamp}.jsonl`, events: count });
    setProgress(undefined);
  }

  return (
    <div className="stack">
      <p className="hint">
        Every chain at once has no signed export: this file lists the events the filters match, as JSON lines, but nothing signs or verifies it.
        For a file an auditor can check, pick one organisation above.
      </p>
      <div className="buttons">
        <button type="button" onClick={() => void build()} disabled={Boolean(progress)}>
          Prepare unsigned export
        </button>
      </div>
      {progress && (
        <p role="status" className="muted">
          {progress}
        </p>
      )}
      <ErrorNote error={error} />
      {file && (
        <p role="status">
          <a href={file.url} download={file.name}>
            Download unsigned export ({file.events} events)
          </a>
        </p>
      )}
    </div>
  );
}

function Checkpoints({ orgId }: { orgId: string }) {
  const [result, refetch] = useQuery({ query: CheckpointsDocument, variables: { orgId } });
  const sign = useAction(SignCheckpointDocument);
  const [done, setDone] = useState<string>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const live = useLive(CheckpointSignedDocument, { orgId }, reload);
  return (
    <section aria-labelledby="cp-h">
      <h2 id="cp-h">Signed checkpoints</h2>
      <p className="hint">
        Keep a checkpoint's note: verifying against it later proves the trail was not rewritten. The public key is at{' '}
        <a href="/.well-known/opsdesk-audit-key">/.well-known/opsdesk-audit-key</a>.
      </p>
      {live.error && <LiveNote states={[live]} />}
      <div className="buttons">
        <button type="button" disabled={sign.busy} onClick={() => void sign.run({ orgId }).then((d) => d && setDone(`Signed: ${d.signAuditCheckpoint.size} events.`))}>
          Sign a checkpoint now
        </button>
      </div>
      <Done>{done}</Done>
      <ErrorNote error={sign.error} />
      {result.error && <ErrorNote error={result.error} retry={reload} />}
      {!result.data && !result.error && <Loading what="Loading checkpoints" />}
      {result.data && result.data.auditCheckpoints.nodes.length === 0 && <Empty>No checkpoint yet: sign one now, or wait for the scheduled round.</Empty>}
      {result.data && result.data.auditCheckpoints.nodes.length > 0 && (
        <table className="cards">
          <thead>
            <tr>
              <th scope="col">Signed</th>
              <th scope="col">Size</th>
              <th scope="col">Why</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {result.data.auditCheckpoints.nodes.map((c) => (
              <tr key={c.seq}>
                <td data-label="Signed">
                  <Time value={c.signedAt} />
                </td>
                <td data-label="Size">{c.size} events</td>
                <td data-label="Why">{c.reason.toLowerCase()}</td>
                <td data-label="Note">
                  <details>
                    <summary>Note (key {c.keyId})</summary>
                    <pre>{c.note}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
