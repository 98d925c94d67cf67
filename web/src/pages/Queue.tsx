/** The ticket queue: filters, SLA due times, agreement state, and a form to open a ticket. Live per org. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { graphql } from '../gql';
import type { QueueQuery, Severity, TicketFilter, TicketKind, TicketStatus } from '../gql/graphql';
import { SEVERITIES, TICKET_STATUSES, newKey, severityHelp, statusLabels, words } from '../lib/format.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { useStaff } from '../lib/people.ts';
import { Dialog, Empty, ErrorNote, LiveNote, Loading, Page, Time, useAction, useLive, useThrottled } from '../lib/ui.tsx';
import { TicketSearch } from './queue/TicketSearch.tsx';

const QueueDocument = graphql(`
  query Queue($filter: TicketFilter, $first: Int, $after: String) {
    tickets(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        key
        title
        kind
        status
        statusLabel
        severity
        agreement
        proposal {
          severity
          awaiting
        }
        org {
          id
          name
        }
        assignee {
          id
          name
        }
        slaDueAt
        slaBreachedAt
        slaWarnedAt
        updatedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const QueueEventsDocument = graphql(`
  subscription QueueEvents($orgId: ID!) {
    ticketEvents(orgId: $orgId) {
      id
      type
      ticketId
    }
  }
`);

const OpenTicketDocument = graphql(`
  mutation OpenTicket($input: OpenTicketInput!) {
    openTicket(input: $input) {
      id
      key
    }
  }
`);

const OPEN_STATUSES: TicketStatus[] = ['RECEIVED', 'IN_PROGRESS', 'AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED'];
/** Tickets a request: about 25 cost each, so a page costs about 750 of the server's 2000. */
const PAGE = 30;
/** Pages "Show more" may add below the first. */
const MORE_PAGES = 9;

type QueueTicket = QueueQuery['tickets']['nodes'][number];
type PageInfo = QueueQuery['tickets']['pageInfo'];

export function Queue() {
  const viewer = useViewer();
  const { orgs, clientOrgs } = useOrgs();
  const { staff } = useStaff();
  const [orgId, setOrgId] = useState('');
  const [status, setStatus] = useState('OPEN');
  const [severity, setSeverity] = useState('');
  const [assignee, setAssignee] = useState('');
  const [breached, setBreached] = useState('');
  // Cursors of the pages "Show more" added, each its own request (one big `first` would cost too much).
  const [more, setMore] = useState<string[]>([]);
  const [lastInfo, setLastInfo] = useState<PageInfo>();
  const [round, setRound] = useState(0);
  const [opening, setOpening] = useState(false);

  const filter: TicketFilter = {
    ...(orgId ? { orgId } : {}),
    ...(status === 'OPEN' ? { status: OPEN_STATUSES } : status ? { status: [status as TicketStatus] } : {}),
    ...(severity ? { severity: [severity as Severity] } : {}),
    ...(assignee ? { assigneeId: assignee === 'me' ? viewer.id : assignee } : {}),
    ...(breached ? { slaBreached: breached === 'yes' } : {}),
  };
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    setMore([]);
    setLastInfo(undefined);
  }, [filterKey]);
  const [result, refetch] = useQuery({ query: QueueDocument, variables: { filter, first: PAGE } });
  const reload = useThrottled(() => {
    refetch({ requestPolicy: 'network-only' });
    setRound((n) => n + 1);
  });
  const info = more.length > 0 ? lastInfo : result.data?.tickets.pageInfo;
  const showOrg = viewer.isStaff || viewer.clientMemberships.length > 1;

  // Live: one stream per client org in view (the filter's, or each the person sees).
  const liveOrgs = orgId ? [orgId] : viewer.isStaff ? clientOrgs.map((o) => o.id) : viewer.clientMemberships.map((m) => m.org.id);
  const canOpen = viewer.isStaff || viewer.clientMemberships.length > 0;
  const tickets = result.data?.tickets.nodes ?? [];
  const filtered = Boolean(orgId || status !== 'OPEN' || severity || assignee || breached);

  return (
    <Page
      title="Tickets"
      aside={
        canOpen && (
          <button type="button" className="primary" onClick={() => setOpening(true)}>
            New ticket
          </button>
        )
      }
    >
      <form className="filters" aria-label="Filter tickets" onSubmit={(e) => e.preventDefault()}>
        {(viewer.isStaff || orgs.filter((o) => o.kind === 'CLIENT').length > 1) && (
          <div className="field">
            <label htmlFor="f-org">Organisation</label>
            <select id="f-org" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              <option value="">All organisations</option>
              {clientOrgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="OPEN">Not closed</option>
            <option value="">Any status</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-severity">Severity</label>
          <select id="f-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">Any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </div>
        {viewer.isStaff && (
          <div className="field">
            <label htmlFor="f-assignee">Assignee</label>
            <select id="f-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              {staff
                .filter((p) => p.id !== viewer.id)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="f-breached">Response target</label>
          <select id="f-breached" value={breached} onChange={(e) => setBreached(e.target.value)}>
            <option value="">Breached or not</option>
            <option value="yes">Breached</option>
            <option value="no">Not breached</option>
          </select>
        </div>
      </form>
      <TicketSearch filter={filter} showOrg={showOrg} />

      {liveOrgs.slice(0, 50).map((id) => (
        <OrgLive key={id} orgId={id} onEvent={reload} />
      ))}
      {liveOrgs.length > 0 && <LiveNote states={[{ paused: false }]} />}

      {result.error ? (
        <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !result.data ? (
        <Loading what="Loading tickets" />
      ) : tickets.length === 0 ? (
        <Empty>
          {filtered
            ? 'No tickets match these filters. Change or clear the filters above.'
            : canOpen
              ? 'No open tickets. Open one with "New ticket" when something needs the desk.'
              : 'No tickets to show: you have no role in an organisation with tickets. Ask your admin.'}
        </Empty>
      ) : (
        <>
          <table className="cards">
            <caption className="sr-only">Tickets, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Title</th>
                {showOrg && <th scope="col">Organisation</th>}
                <th scope="col">Status</th>
                <th scope="col">Severity</th>
                <th scope="col">Assignee</th>
                <th scope="col">Response due</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((t) => (
                <TicketRow key={t.id} ticket={t} showOrg={showOrg} />
              ))}
            </tbody>
            {more.map((after, i) => (
              <MoreTickets key={after} filter={filter} after={after} showOrg={showOrg} round={round} onInfo={i === more.length - 1 ? setLastInfo : undefined} />
            ))}
          </table>
          {info?.hasNextPage && info.endCursor && more.length < MORE_PAGES && (
            <button
              type="button"
              onClick={() => {
                const cursor = info.endCursor!;
                setLastInfo(undefined);
                setMore((m) => (m.includes(cursor) ? m : [...m, cursor]));
              }}
            >
              Show more tickets
            </button>
          )}
          {info?.hasNextPage && more.length >= MORE_PAGES && <p className="hint">Narrow the filters to see older tickets.</p>}
        </>
      )}

      {canOpen && <OpenTicketDialog open={opening} onClose={() => setOpening(false)} />}
    </Page>
  );
}

/** One more page of the queue, its own <tbody>; refetched when `round` moves (a live event). */
function MoreTickets({
  filter,
  after,
  showOrg,
  round,
  onInfo,
}: {
  filter: TicketFilter;
  after: string;
  showOrg: boolean;
  round: number;
  onInfo?: (info: PageInfo) => void;
}) {
  const [result, refetch] = useQuery({ query: QueueDocument, variables: { filter, first: PAGE, after } });
  const first = useRef(round);
  useEffect(() => {
    if (round !== first.current) refetch({ requestPolicy: 'network-only' });
  }, [round, refetch]);
  const info = result.data?.tickets.pageInfo;
  useEffect(() => {
    if (info && onInfo) onInfo(info);
  }, [info, onInfo]);
  if (result.error) {
    return (
      <tbody>
        <tr>
          <td colSpan={8}>
            <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
          </td>
        </tr>
      </tbody>
    );
  }
  if (!result.data) {
    return (
      <tbody>
        <tr>
          <td colSpan={8}>
            <Loading what="Loading more tickets" />
          </td>
        </tr>
      </tbody>
    );
  }
  return (
    <tbody>
      {result.data.tickets.nodes.map((t) => (
        <TicketRow key={t.id} ticket={t} showOrg={showOrg} />
      ))}
    </tbody>
  );
}

function TicketRow({ ticket: t, showOrg }: { ticket: QueueTicket; showOrg: boolean }) {
  const viewer = useViewer();
  return (
    <tr className={t.slaBreachedAt ? 'breached' : undefined}>
      <td data-label="Ticket">
        <Link href={`/tickets/${encodeURIComponent(t.key)}`}>{t.key}</Link>
      </td>
      <td data-label="Title">{t.title}</td>
      {showOrg && <td data-label="Organisation">{t.org.name}</td>}
      <td data-label="Status">
        <span className={`badge status-${t.status.toLowerCase()}`}>{t.statusLabel}</span>
      </td>
      <td data-label="Severity">
        {t.severity ? <span className={`badge sev-${t.severity.toLowerCase()}`}>{words(t.severity)}</span> : null}
        <span className="small">{t.severity ? '' : t.agreement}</span>
        {t.proposal && t.proposal.awaiting === viewer.side && <span className="badge attention">Your answer needed</span>}
      </td>
      <td data-label="Assignee">{t.assignee?.name ?? <span className="muted">Unassigned</span>}</td>
      <td data-label="Response due">
        {t.slaBreachedAt ? (
          <span className="badge breach">
            Breached <Time value={t.slaBreachedAt} />
          </span>
        ) : t.slaDueAt ? (
          <>
            <Time value={t.slaDueAt} />
            {t.slaWarnedAt && <span className="badge warn">Due soon</span>}
          </>
        ) : (
          <span className="muted">No clock</span>
        )}
      </td>
      <td data-label="Updated">
        <Time value={t.updatedAt} />
      </td>
    </tr>
  );
}

function OrgLive({ orgId, onEvent }: { orgId: string; onEvent: () => void }) {
  const live = useLive(QueueEventsDocument, { orgId }, onEvent);
  return live.error ? <LiveNote states={[live]} /> : null;
}

const KINDS: TicketKind[] = ['INCIDENT', 'QUESTION', 'FEATURE_REQUEST', 'SERVICE_ORDER'];

function OpenTicketDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="New ticket">
      <OpenTicketForm onCancel={onClose} />
    </Dialog>
  );
}

function OpenTicketForm({ onCancel }: { onCancel: () => void }) {
  const viewer = useViewer();
  const { clientOrgs } = useOrgs();
  const [, navigate] = useLocation();
  const open = useAction(OpenTicketDocument);
  const [idempotencyKey] = useState(newKey);
  const choices = viewer.isStaff ? clientOrgs : viewer.clientMemberships.map((m) => m.org);
  const [orgId, setOrgId] = useState('');
  const [proposed, setProposed] = useState('');
  const org = orgId || choices[0]?.id || '';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const data = await open.run({
      input: {
        orgId: org,
        title: String(form.get('title') ?? '').trim(),
        description: String(form.get('description') ?? '').trim() || undefined,
        kind: form.get('kind') as TicketKind,
        proposedSeverity: (proposed || undefined) as Severity | undefined,
        idempotencyKey,
      },
    });
    if (data) navigate(`/tickets/${encodeURIComponent(data.openTicket.key)}`);
  }

  if (choices.length === 0) return <Empty>There is no client organisation to open a ticket in.</Empty>;
  return (
    <form className="stack" onSubmit={submit}>
      {choices.length > 1 && (
        <>
          <label htmlFor="nt-org">Organisation</label>
          <select id="nt-org" value={org} onChange={(e) => setOrgId(e.target.value)} required>
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="nt-title">Title</label>
      <input id="nt-title" name="title" required maxLength={200} />
      <label htmlFor="nt-description">Description</label>
      <textarea id="nt-description" name="description" rows={5} />
      <label htmlFor="nt-kind">Kind</label>
      <select id="nt-kind" name="kind" defaultValue="INCIDENT">
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {words(k)}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Proposed severity</legend>
        <label className="choice">
          <input type="radio" name="severity" value="" checked={proposed === ''} onChange={() => setProposed('')} /> None yet
        </label>
        {SEVERITIES.map((s) => (
          <label key={s} className="choice">
            <input type="radio" name="severity" value={s} checked={proposed === s} onChange={() => setProposed(s)} /> <strong>{words(s)}</strong>:{' '}
            {severityHelp[s]}
          </label>
        ))}
        {proposed === 'URGENT' && viewer.side === 'CLIENT' && <p className="notice">An urgent proposal pages the on-call engineer at once.</p>}
      </fieldset>
      <ErrorNote error={open.error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={open.busy}>
          Open ticket
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
