/**
 * Production access: requests awaiting my decision (Approve/Deny with a comment), grants in force
 * with their time left, history, and the request form for eligible staff. Live per org through
 * accessEvents(orgId).
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AccessHistoryQuery, AccessRowFragment } from '../gql/graphql';
import { newKey, span } from '../lib/format.ts';
import { useViewer, type Viewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { Done, Empty, ErrorNote, LiveNote, Loading, Page, Time, useAction, useLive, useNow, useThrottled } from '../lib/ui.tsx';

// What the cards need; `decisions` (a list per request) stays out: it multiplied the page's cost.
graphql(`
  fragment AccessRow on AccessRequest {
    id
    org {
      id
      name
    }
    requester {
      id
      name
    }
    ticket {
      key
    }
    otherDutyJustification
    reason
    scope
    durationMinutes
    status
    statusLabel
    clientApprovalRequired
    providerApprovedBy {
      name
    }
    clientApprovedBy {
      name
    }
    pendingUntil
    startedAt
    expiresAt
    createdAt
  }
`);

/** Pending and active together: few at any time (cost about 700). */
const OPEN_LIMIT = 24;
const AccessPageDocument = graphql(`
  query AccessPage {
    open: accessRequests(filter: { status: [PENDING, ACTIVE] }, first: 24) {
      nodes {
        ...AccessRow
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

/** The closed ones, a table's worth of facts each (cost about 300). */
const HISTORY_LIMIT = 25;
const AccessHistoryDocument = graphql(`
  query AccessHistory {
    accessRequests(filter: { status: [EXPIRED, ENDED, REVOKED, DENIED, CANCELLED, TIMED_OUT] }, first: 25) {
      nodes {
        id
        createdAt
        org {
          name
        }
        requester {
          name
        }
        statusLabel
        closedAt
        closedBy {
          name
        }
        closeReason
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const EligibleDocument = graphql(`
  query AccessEligible {
    accessEligible {
      personId
    }
  }
`);

const OpenTicketsDocument = graphql(`
  query AccessTickets($orgId: ID!) {
    tickets(filter: { orgId: $orgId, status: [RECEIVED, IN_PROGRESS, AWAITING_CLIENT, BUG_LOGGED, RESOLVED] }, first: 100) {
      nodes {
        id
        key
        title
      }
    }
  }
`);

const AccessEventsDocument = graphql(`
  subscription AccessLive($orgId: ID!) {
    accessEvents(orgId: $orgId) {
      id
      type
    }
  }
`);

const DecideDocument = graphql(`
  mutation DecideAccess($requestId: ID!, $decision: AccessVerdict!, $comment: String) {
    decideAccess(requestId: $requestId, decision: $decision, comment: $comment) {
      ...AccessRow
    }
  }
`);
const RequestAccessDocument = graphql(`
  mutation RequestAccess($input: RequestAccessInput!) {
    requestAccess(input: $input) {
      ...AccessRow
    }
  }
`);
const CancelDocument = graphql(`
  mutation CancelAccessRequest($requestId: ID!) {
    cancelAccessRequest(requestId: $requestId) {
      ...AccessRow
    }
  }
`);
const EndDocument = graphql(`
  mutation EndAccess($requestId: ID!) {
    endAccess(requestId: $requestId) {
      ...AccessRow
    }
  }
`);
const RevokeDocument = graphql(`
  mutation RevokeAccess($requestId: ID!, $reason: String) {
    revokeAccess(requestId: $requestId, reason: $reason) {
      ...AccessRow
    }
  }
`);

/** Whether this person's side still has to decide (display only; the server decides). */
function awaitsMe(viewer: Viewer, r: AccessRowFragment): boolean {
  if (r.status !== 'PENDING' || r.requester.id === viewer.id) return false;
  if (viewer.hasProviderRole('ACCESS_APPROVER') && !r.providerApprovedBy) return true;
  return r.clientApprovalRequired && !r.clientApprovedBy && viewer.isClientAdminOf(r.org.id);
}

export default function Access() {
  const viewer = useViewer();
  const { clientOrgs } = useOrgs();
  const [result, refetch] = useQuery({ query: AccessPageDocument, pause: !viewer.seesAccess });
  const [history, refetchHistory] = useQuery({ query: AccessHistoryDocument, pause: !viewer.seesAccess });
  const [eligible] = useQuery({ query: EligibleDocument, pause: !viewer.isStaff });
  const reload = useThrottled(() => {
    refetch({ requestPolicy: 'network-only' });
    refetchHistory({ requestPolicy: 'network-only' });
  });
  const liveOrgs = viewer.isStaff ? clientOrgs.map((o) => o.id) : viewer.clientAdminOrgs.map((o) => o.id);
  const mayRequest = eligible.data?.accessEligible.some((p) => p.personId === viewer.id) ?? false;

  if (!viewer.seesAccess) {
    return (
      <Page title="Production access">
        <Empty>Production access is for the provider's staff and your organisation's admins.</Empty>
      </Page>
    );
  }
  const data = result.data;
  const pending = data?.open.nodes.filter((r) => r.status === 'PENDING') ?? [];
  const active = data?.open.nodes.filter((r) => r.status === 'ACTIVE') ?? [];
  const mine = pending.filter((r) => awaitsMe(viewer, r));
  const others = pending.filter((r) => !awaitsMe(viewer, r));

  return (
    <Page title="Production access">
      {liveOrgs.slice(0, 50).map((id) => (
        <OrgLive key={id} orgId={id} onEvent={reload} />
      ))}
      <LiveNote states={[{ paused: liveOrgs.length === 0 }]} />
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!data && !result.error && <Loading what="Loading access requests" />}
      {data && (
        <>
          <section aria-labelledby="mine-h">
            <h2 id="mine-h">Awaiting your decision ({mine.length})</h2>
            {mine.length === 0 ? (
              <Empty>Nothing waits for your decision.</Empty>
            ) : (
              <ul className="cards-list">
                {mine.map((r) => (
                  <Decide key={r.id} request={r} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="active-h">
            <h2 id="active-h">Active grants ({active.length})</h2>
            {active.length === 0 ? (
              <Empty>No access is in force now.</Empty>
            ) : (
              <ul className="cards-list">
                {active.map((r) => (
                  <Grant key={r.id} request={r} />
                ))}
              </ul>
            )}
          </section>
          {others.length > 0 && (
            <section aria-labelledby="others-h">
              <h2 id="others-h">Other pending requests ({others.length})</h2>
              <ul className="cards-list">
                {others.map((r) => (
                  <PendingOther key={r.id} request={r} />
                ))}
              </ul>
            </section>
          )}
          {data.open.pageInfo.hasNextPage && <p className="hint">The {OPEN_LIMIT} most recent pending requests and grants are shown.</p>}
        </>
      )}
      {mayRequest && <RequestForm />}
      <section aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        {history.error && <ErrorNote error={history.error} retry={() => refetchHistory({ requestPolicy: 'network-only' })} />}
        {!history.data && !history.error && <Loading what="Loading closed requests" />}
        {history.data &&
          (history.data.accessRequests.nodes.length === 0 ? <Empty>No closed requests yet.</Empty> : <History rows={history.data.accessRequests.nodes} />)}
        {history.data?.accessRequests.pageInfo.hasNextPage && <p className="hint">The {HISTORY_LIMIT} most recent are shown; the audit trail has every one.</p>}
      </section>
    </Page>
  );
}

function OrgLive({ orgId, onEvent }: { orgId: string; onEvent: () => void }) {
  const live = useLive(AccessEventsDocument, { orgId }, onEvent);
  return live.error ? <LiveNote states={[live]} /> : null;
}

function Summary({ request: r }: { request: AccessRowFragment }) {
  return (
    <dl className="facts">
      <dt>Organisation</dt>
      <dd>{r.org.name}</dd>
      <dt>Requester</dt>
      <dd>{r.requester.name}</dd>
      <dt>For</dt>
      <dd>{r.ticket ? `ticket ${r.ticket.key}` : (r.otherDutyJustification ?? 'another duty')}</dd>
      <dt>Reason</dt>
      <dd className="pre">{r.reason}</dd>
      <dt>Scope</dt>
      <dd className="pre">{r.scope}</dd>
      <dt>Duration</dt>
      <dd>{span(r.durationMinutes * 60_000)}</dd>
      <dt>Approvals</dt>
      <dd>
        Provider: {r.providerApprovedBy?.name ?? 'not yet'}
        {r.clientApprovalRequired ? `; client: ${r.clientApprovedBy?.name ?? 'not yet'}` : '; client approval not required'}
      </dd>
    </dl>
  );
}

function Decide({ request }: { request: AccessRowFragment }) {
  const decide = useAction(DecideDocument);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<string>();
  const id = `decide-${request.id}`;
  const run = (decision: 'APPROVE' | 'DENY') =>
    void decide.run({ requestId: request.id, decision, comment: comment.trim() || undefined }).then((d) => d && setDone(decision === 'APPROVE' ? 'Approved.' : 'Denied.'));
  return (
    <li className="card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        Access to {request.org.name} for {request.requester.name}
      </h3>
      <Summary request={request} />
      <p className="small">
        Times out <Time value={request.pendingUntil} /> if nobody answers.
      </p>
      <label htmlFor={`${id}-c`}>Comment</label>
      <textarea id={`${id}-c`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <Done>{done}</Done>
      <ErrorNote error={decide.error} />
      <div className="buttons">
        <button type="button" className="primary" disabled={decide.busy} onClick={() => run('APPROVE')}>
          Approve
        </button>
        <button type="button" className="danger" disabled={decide.busy} onClick={() => run('DENY')}>
          Deny
        </button>
      </div>
    </li>
  );
}

function PendingOther({ request }: { request: AccessRowFragment }) {
  const viewer = useViewer();
  const cancel = useAction(CancelDocument);
  return (
    <li className="card" aria-labelledby={`po-${request.id}`}>
      <h3 id={`po-${request.id}`}>
        Access to {request.org.name} for {request.requester.name}
      </h3>
      <p>
        <span className="badge">{request.statusLabel}</span> times out <Time value={request.pendingUntil} />
      </p>
      <Summary request={request} />
      {request.requester.id === viewer.id && (
        <>
          <ErrorNote error={cancel.error} />
          <button type="button" disabled={cancel.busy} onClick={() => void cancel.run({ requestId: request.id })}>
            Cancel request
          </button>
        </>
      )}
    </li>
  );
}

function Grant({ request }: { request: AccessRowFragment }) {
  const viewer = useViewer();
  const now = useNow(10_000);
  const end = useAction(EndDocument);
  const revoke = useAction(RevokeDocument);
  const left = request.expiresAt ? new Date(request.expiresAt).getTime() - now : 0;
  const mayRevoke = viewer.hasProviderRole('ACCESS_APPROVER', 'ADMIN') || viewer.isClientAdminOf(request.org.id);
  return (
    <li className="card" aria-labelledby={`g-${request.id}`}>
      <h3 id={`g-${request.id}`}>
        {request.requester.name} in {request.org.name}
      </h3>
      <p>
        <strong>{left > 0 ? `${span(left)} left` : 'Ending now'}</strong>: until <Time value={request.expiresAt} />
      </p>
      {request.expiresAt && request.startedAt && (
        <progress
          max={new Date(request.expiresAt).getTime() - new Date(request.startedAt).getTime()}
          value={Math.max(0, now - new Date(request.startedAt).getTime())}
          aria-label="Time used"
        />
      )}
      <Summary request={request} />
      <ErrorNote error={end.error ?? revoke.error} />
      <div className="buttons">
        {request.requester.id === viewer.id && (
          <button type="button" disabled={end.busy} onClick={() => void end.run({ requestId: request.id })}>
            End access
          </button>
        )}
        {mayRevoke && request.requester.id !== viewer.id && (
          <button type="button" className="danger" disabled={revoke.busy} onClick={() => void revoke.run({ requestId: request.id })}>
            Revoke
          </button>
        )}
      </div>
    </li>
  );
}

function History({ rows }: { rows: AccessHistoryQuery['accessRequests']['nodes'] }) {
  return (
    <table className="cards">
      <thead>
        <tr>
          <th scope="col">Requested</th>
          <th scope="col">Organisation</th>
          <th scope="col">Requester</th>
          <th scope="col">Outcome</th>
          <th scope="col">Closed</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td data-label="Requested">
              <Time value={r.createdAt} />
            </td>
            <td data-label="Organisation">{r.org.name}</td>
            <td data-label="Requester">{r.requester.name}</td>
            <td data-label="Outcome">{r.statusLabel}</td>
            <td data-label="Closed">
              <Time value={r.closedAt} />
              {r.closedBy ? ` by ${r.closedBy.name}` : ''}
            </td>
            <td data-label="Why">{r.closeReason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const DURATIONS = [15, 30, 60, 120, 240, 480, 720, 1440];

function RequestForm() {
  const { clientOrgs } = useOrgs();
  const request = useAction(RequestAccessDocument);
  const [orgId, setOrgId] = useState('');
  const [serves, setServes] = useState<'ticket' | 'other'>('ticket');
  const [key, setKey] = useState(newKey);
  const [done, setDone] = useState<string>();
  const org = orgId || clientOrgs[0]?.id || '';
  const [tickets] = useQuery({ query: OpenTicketsDocument, variables: { orgId: org }, pause: !org });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const data = await request.run({
      input: {
        orgId: org,
        ...(serves === 'ticket' ? { ticketId: String(f.get('ticketId')) } : { otherDutyJustification: String(f.get('justification') ?? '') }),
        reason: String(f.get('reason') ?? ''),
        scope: String(f.get('scope') ?? ''),
        durationMinutes: Number(f.get('duration')),
        idempotencyKey: key,
      },
    });
    if (data) {
      form.reset();
      setKey(newKey());
      setDone(`Requested: ${data.requestAccess.statusLabel}.`);
    }
  }

  return (
    <section aria-labelledby="request-h">
      <h2 id="request-h">Request access</h2>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="ra-org">Organisation</label>
        <select id="ra-org" value={org} onChange={(e) => setOrgId(e.target.value)} required>
          {clientOrgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>It serves</legend>
          <label className="choice">
            <input type="radio" name="serves" checked={serves === 'ticket'} onChange={() => setServes('ticket')} /> An open ticket
          </label>
          <label className="choice">
            <input type="radio" name="serves" checked={serves === 'other'} onChange={() => setServes('other')} /> Another contractual duty
          </label>
        </fieldset>
        {serves === 'ticket' ? (
          <>
            <label htmlFor="ra-ticket">Ticket</label>
            <select id="ra-ticket" name="ticketId" required>
              {(tickets.data?.tickets.nodes ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.key}: {t.title}
                </option>
              ))}
            </select>
            {tickets.data && tickets.data.tickets.nodes.length === 0 && <p className="hint">This organisation has no open ticket; choose another duty.</p>}
          </>
        ) : (
          <>
            <label htmlFor="ra-just">Justification</label>
            <textarea id="ra-just" name="justification" rows={2} minLength={20} required />
          </>
        )}
        <label htmlFor="ra-reason">Reason</label>
        <textarea id="ra-reason" name="reason" rows={2} required />
        <label htmlFor="ra-scope">Scope (systems and data)</label>
        <input id="ra-scope" name="scope" required />
        <label htmlFor="ra-duration">Duration</label>
        <select id="ra-duration" name="duration" defaultValue="60">
          {DURATIONS.map((m) => (
            <option key={m} value={m}>
              {span(m * 60_000)}
            </option>
          ))}
        </select>
        <p className="hint">The clock starts when the last approval lands; the organisation's policy caps the duration.</p>
        <ErrorNote error={request.error} />
        <Done>{done}</Done>
        <button type="submit" className="primary" disabled={request.busy}>
          Request access
        </button>
      </form>
    </section>
  );
}

