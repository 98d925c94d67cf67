/**
 * One ticket: its facts, timeline (milestones, comments, live changes), the actions the person's
 * side may take, who is viewing and typing (socket.io), live through ticketEvents(ticketId).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import type { Severity, TicketDetailFragment, TicketStatus } from '../gql/graphql';
import { collabSocket, type Ack, type Viewer as Person } from '../lib/collab.ts';
import { SEVERITIES, errorCode, severityHelp, statusLabels, words } from '../lib/format.ts';
import { useViewer } from '../lib/me.tsx';
import { useStaff } from '../lib/people.ts';
import { Done, Empty, ErrorNote, LiveNote, Loading, Page, Relative, Time, useAction, useLive, useThrottled } from '../lib/ui.tsx';
import NotesPanel from './ticket/NotesPanel.tsx';
import { Attachments } from './ticket/Attachments.tsx';
import { SlaAndRating } from './ticket/SlaAndRating.tsx';

graphql(`
  fragment TicketDetail on Ticket {
    id
    key
    title
    description
    kind
    status
    statusLabel
    severity
    severityAgreedAt
    agreement
    proposal {
      severity
      by
      awaiting
      proposedBy {
        id
        name
      }
    }
    org {
      id
      name
    }
    initiator {
      id
      name
    }
    assignee {
      id
      name
    }
    slaDueAt
    slaWarnedAt
    slaBreachedAt
    firstResponseAt
    resolvedAt
    closedAt
    createdAt
    updatedAt
    comments {
      id
      author {
        id
        name
      }
      side
      body
      door
      createdAt
    }
  }
`);

const TicketByKeyDocument = graphql(`
  query TicketByKey($key: String!) {
    ticketByKey(key: $key) {
      ...TicketDetail
    }
  }
`);

const TicketByIdDocument = graphql(`
  query TicketById($id: ID!) {
    ticket(id: $id) {
      ...TicketDetail
    }
  }
`);

const TicketEventsDocument = graphql(`
  subscription TicketLive($ticketId: ID!) {
    ticketEvents(ticketId: $ticketId) {
      id
      type
      at
      actorId
      payload
    }
  }
`);

const ProposeSeverityDocument = graphql(`
  mutation ProposeSeverity($ticketId: ID!, $severity: Severity!) {
    proposeSeverity(ticketId: $ticketId, severity: $severity) {
      ...TicketDetail
    }
  }
`);
const AcceptSeverityDocument = graphql(`
  mutation AcceptSeverity($ticketId: ID!, $severity: Severity) {
    acceptSeverity(ticketId: $ticketId, severity: $severity) {
      ...TicketDetail
    }
  }
`);
const AssignTicketDocument = graphql(`
  mutation AssignTicket($ticketId: ID!, $assigneeId: ID) {
    assignTicket(ticketId: $ticketId, assigneeId: $assigneeId) {
      ...TicketDetail
    }
  }
`);
const ChangeStatusDocument = graphql(`
  mutation ChangeTicketStatus($ticketId: ID!, $status: TicketStatus!) {
    changeTicketStatus(ticketId: $ticketId, status: $status) {
      ...TicketDetail
    }
  }
`);
const CommentDocument = graphql(`
  mutation CommentOnTicket($ticketId: ID!, $body: String!) {
    commentOnTicket(ticketId: $ticketId, body: $body) {
      ticket {
        ...TicketDetail
      }
      comment {
        id
      }
    }
  }
`);
const ApproveClosureDocument = graphql(`
  mutation ApproveClosure($ticketId: ID!) {
    approveClosure(ticketId: $ticketId) {
      ...TicketDetail
    }
  }
`);
const ReopenDocument = graphql(`
  mutation ReopenTicket($ticketId: ID!, $reason: String) {
    reopenTicket(ticketId: $ticketId, reason: $reason) {
      ...TicketDetail
    }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function TicketPage({ ticketKey }: { ticketKey: string }) {
  const byId = UUID.test(ticketKey);
  const [keyResult, refetchKey] = useQuery({ query: TicketByKeyDocument, variables: { key: ticketKey }, pause: byId });
  const [idResult, refetchId] = useQuery({ query: TicketByIdDocument, variables: { id: ticketKey }, pause: !byId });
  const result = byId ? idResult : keyResult;
  const ticket = byId ? idResult.data?.ticket : keyResult.data?.ticketByKey;
  const refetch = byId ? refetchId : refetchKey;

  if (result.error && errorCode(result.error) !== 'NOT_FOUND') {
    return (
      <Page title={`Ticket ${ticketKey}`}>
        <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </Page>
    );
  }
  if (!ticket && (result.fetching || (!result.data && !result.error))) {
    return (
      <Page title={`Ticket ${ticketKey}`}>
        <Loading what="Loading the ticket" />
      </Page>
    );
  }
  if (!ticket) {
    return (
      <Page title="Ticket not found">
        <p>
          There is no ticket {ticketKey} that you may see. Check the key, or go back to the <Link href="/">ticket queue</Link>.
        </p>
      </Page>
    );
  }
  return <TicketView ticket={ticket} refetch={() => refetch({ requestPolicy: 'network-only' })} />;
}

interface LiveItem {
  id: string;
  type: string;
  at: string;
  payload: Record<string, unknown>;
}

function TicketView({ ticket, refetch }: { ticket: TicketDetailFragment; refetch: () => void }) {
  const viewer = useViewer();
  const [events, setEvents] = useState<LiveItem[]>([]);
  const reload = useThrottled(refetch, 250);
  const live = useLive(TicketEventsDocument, { ticketId: ticket.id }, (data) => {
    if (!data) return reload(); // back after a drop: read the ticket afresh
    const e = data.ticketEvents;
    setEvents((list) => (list.some((x) => x.id === e.id) ? list : [...list, { id: e.id, type: e.type, at: e.at, payload: (e.payload ?? {}) as Record<string, unknown> }]));
    reload();
  });
  const presence = usePresence(ticket.id);

  return (
    <Page title={`${ticket.key}: ${ticket.title}`}>
      <p className="crumbs">
        <Link href="/">Tickets</Link> › {ticket.key}
      </p>
      <LiveNote states={[live]} />
      <Presence viewers={presence.viewers} typing={presence.typing} me={viewer.id} />
      <div className="ticket-grid">
        <section aria-labelledby="facts-h" className="panel">
          <h2 id="facts-h">Details</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={`badge status-${ticket.status.toLowerCase()}`}>{ticket.statusLabel}</span>
            </dd>
            <dt>Organisation</dt>
            <dd>{ticket.org.name}</dd>
            <dt>Kind</dt>
            <dd>{words(ticket.kind)}</dd>
            <dt>Severity</dt>
            <dd>
              {ticket.severity ? <span className={`badge sev-${ticket.severity.toLowerCase()}`}>{words(ticket.severity)}</span> : 'Not agreed yet'}
              <div className="small">{ticket.agreement}</div>
            </dd>
            <dt>Opened by</dt>
            <dd>
              {ticket.initiator.name}, <Time value={ticket.createdAt} />
            </dd>
            <dt>Assignee</dt>
            <dd>{ticket.assignee?.name ?? 'Unassigned'}</dd>
            <dt>Response due</dt>
            <dd>
              {ticket.slaBreachedAt ? (
                <span className="badge breach">
                  Breached <Time value={ticket.slaBreachedAt} />
                </span>
              ) : ticket.slaDueAt ? (
                <>
                  <Time value={ticket.slaDueAt} /> (<Relative value={ticket.slaDueAt} />)
                </>
              ) : ticket.firstResponseAt ? (
                <>
                  Met: first response <Time value={ticket.firstResponseAt} />
                </>
              ) : (
                'No clock running'
              )}
            </dd>
          </dl>
          {ticket.description && (
            <>
              <h3>Description</h3>
              <p className="pre">{ticket.description}</p>
            </>
          )}
        </section>
        <Actions ticket={ticket} />
      </div>
      <SlaAndRating ticketId={ticket.id} changedAt={ticket.updatedAt} />
      <Timeline ticket={ticket} events={events} />
      <Attachments ticketId={ticket.id} closed={ticket.status === 'CLOSED'} attachedLive={events.filter((e) => e.type === 'ticket.file_attached').length} />
      <CommentForm ticket={ticket} onTyping={presence.setTyping} />
      {viewer.isStaff && <NotesPanel ticketId={ticket.id} changes={events.length} />}
    </Page>
  );
}

function usePresence(ticketId: string) {
  const viewer = useViewer();
  const [viewers, setViewers] = useState<Person[]>([]);
  const [typing, setTypingPeople] = useState<Person[]>([]);
  const socketRef = useRef<ReturnType<typeof collabSocket> | null>(null);
  const typingNow = useRef(false);
  const stopTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const socket = collabSocket(viewer.session.csrfToken);
    socketRef.current = socket;
    const join = () =>
      socket.emit('ticket:join', { ticketId }, (ack: Ack) => {
        if (ack.ok && Array.isArray(ack.viewers)) setViewers(ack.viewers as Person[]);
      });
    const onPresence = (message: { ticketId: string; viewers: Person[] }) => {
      if (message.ticketId === ticketId) setViewers(message.viewers);
    };
    const onTyping = (message: { ticketId: string; person: Person; typing: boolean }) => {
      if (message.ticketId !== ticketId || message.person.id === viewer.id) return;
      setTypingPeople((list) => {
        const others = list.filter((p) => p.id !== message.person.id);
        return message.typing ? [...others, message.person] : others;
      });
    };
    socket.on('connect', join);
    socket.on('ticket:presence', onPresence);
    socket.on('ticket:typing', onTyping);
    if (socket.connected) join();
    return () => {
      clearTimeout(stopTimer.current);
      if (typingNow.current) socket.emit('ticket:typing', { ticketId, typing: false });
      typingNow.current = false;
      socket.emit('ticket:leave', { ticketId });
      socket.off('connect', join);
      socket.off('ticket:presence', onPresence);
      socket.off('ticket:typing', onTyping);
    };
  }, [ticketId, viewer.id, viewer.session.csrfToken]);

  /** Say that I type (true on each keystroke; false after 4 s of quiet, or when sent). */
  function setTyping(on: boolean) {
    const socket = socketRef.current;
    if (!socket?.connected) return;
    clearTimeout(stopTimer.current);
    if (on) stopTimer.current = setTimeout(() => setTyping(false), 4000);
    if (on === typingNow.current) return;
    typingNow.current = on;
    socket.emit('ticket:typing', { ticketId, typing: on });
  }

  return { viewers, typing, setTyping };
}

function Presence({ viewers, typing, me }: { viewers: Person[]; typing: Person[]; me: string }) {
  const others = viewers.filter((v) => v.id !== me);
  return (
    <div className="presence">
      <p>
        {others.length === 0 ? 'Nobody else is viewing this ticket.' : `Also viewing: ${others.map((v) => v.name).join(', ')}.`}
      </p>
      <p aria-live="polite" className="small">
        {typing.length > 0 ? `${typing.map((p) => p.name).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…` : ''}
      </p>
    </div>
  );
}

const MOVABLE: TicketStatus[] = ['IN_PROGRESS', 'AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED'];

function Actions({ ticket }: { ticket: TicketDetailFragment }) {
  const viewer = useViewer();
  const { staff } = useStaff();
  const propose = useAction(ProposeSeverityDocument);
  const accept = useAction(AcceptSeverityDocument);
  const assign = useAction(AssignTicketDocument);
  const move = useAction(ChangeStatusDocument);
  const approve = useAction(ApproveClosureDocument);
  const reopen = useAction(ReopenDocument);
  const [done, setDone] = useState<string>();
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [reason, setReason] = useState('');

  const closed = ticket.status === 'CLOSED';
  const resolved = ticket.status === 'RESOLVED';
  const side = viewer.side;
  const mayDecideClosure = ticket.initiator.id === viewer.id || viewer.isClientAdminOf(ticket.org.id);
  const awaitingMe = ticket.proposal && ticket.proposal.awaiting === side;

  const ok = (what: string) => (data: unknown) => {
    if (data) setDone(what);
  };

  if (closed) {
    return (
      <section aria-labelledby="actions-h" className="panel">
        <h2 id="actions-h">Actions</h2>
        <p>
          This ticket was closed <Time value={ticket.closedAt} />. Open a new ticket if the problem comes back.
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="actions-h" className="panel">
      <h2 id="actions-h">Actions</h2>
      <Done>{done}</Done>

      <h3>Severity</h3>
      {ticket.proposal && (
        <p>
          {ticket.proposal.by === 'CLIENT' ? 'The client' : 'The provider'}
          {ticket.proposal.proposedBy ? ` (${ticket.proposal.proposedBy.name})` : ''} proposed <strong>{words(ticket.proposal.severity)}</strong>;{' '}
          {awaitingMe ? 'your side must accept or counter-propose.' : 'waiting for the other side.'}
        </p>
      )}
      {awaitingMe && ticket.proposal && (
        <>
          <button
            type="button"
            className="primary"
            disabled={accept.busy}
            onClick={() => {
              setDone(undefined);
              void accept.run({ ticketId: ticket.id, severity: ticket.proposal!.severity }).then(ok(`Severity agreed: ${words(ticket.proposal!.severity)}.`));
            }}
          >
            Accept severity
          </button>
          <ErrorNote error={accept.error} />
        </>
      )}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (!severity) return;
          setDone(undefined);
          void propose.run({ ticketId: ticket.id, severity }).then(ok(`You proposed ${words(severity)}.`));
        }}
      >
        <div className="field">
          <label htmlFor="t-severity">{ticket.proposal && awaitingMe ? 'Counter-proposal' : 'Severity to propose'}</label>
          <select id="t-severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')} required>
            <option value="">Choose…</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s} title={severityHelp[s]}>
                {words(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={propose.busy || !severity}>
          Propose severity
        </button>
        {severity && <p className="hint">{severityHelp[severity]}</p>}
      </form>
      <ErrorNote error={propose.error} />

      {viewer.isStaff && (
        <>
          <h3>Assignment and status</h3>
          <div className="buttons">
            {ticket.assignee?.id !== viewer.id && (
              <button type="button" disabled={assign.busy} onClick={() => void assign.run({ ticketId: ticket.id }).then(ok('You took the ticket.'))}>
                Take
              </button>
            )}
          </div>
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (!assignee) return;
              void assign.run({ ticketId: ticket.id, assigneeId: assignee }).then(ok('Assigned.'));
            }}
          >
            <div className="field">
              <label htmlFor="t-assignee">Assign to</label>
              <select id="t-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                <option value="">Choose…</option>
                {staff.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={assign.busy || !assignee}>
              Assign
            </button>
          </form>
          <ErrorNote error={assign.error} />
          {!resolved && (
            <form
              className="inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (!status) return;
                void move.run({ ticketId: ticket.id, status }).then(ok(`Status: ${statusLabels[status]}.`));
              }}
            >
              <div className="field">
                <label htmlFor="t-status">New status</label>
                <select id="t-status" value={status} onChange={(e) => setStatus(e.target.value as TicketStatus | '')}>
                  <option value="">Choose…</option>
                  {MOVABLE.filter((s) => s !== ticket.status).map((s) => (
                    <option key={s} value={s}>
                      {statusLabels[s]}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={move.busy || !status}>
                Change status
              </button>
            </form>
          )}
          <ErrorNote error={move.error} />
        </>
      )}

      {resolved && mayDecideClosure && (
        <>
          <h3>Resolution</h3>
          <p>The provider has resolved this ticket. Approve the resolution to close it, or reopen it if the problem remains.</p>
          <div className="buttons">
            <button type="button" className="primary" disabled={approve.busy} onClick={() => void approve.run({ ticketId: ticket.id }).then(ok('Ticket closed.'))}>
              Approve closure
            </button>
          </div>
          <ErrorNote error={approve.error} />
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void reopen.run({ ticketId: ticket.id, reason: reason.trim() || undefined }).then((data) => {
                if (data) {
                  setReason('');
                  setDone('Ticket reopened.');
                }
              });
            }}
          >
            <label htmlFor="t-reopen">Why reopen (optional)</label>
            <input id="t-reopen" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" disabled={reopen.busy}>
              Reopen
            </button>
          </form>
          <ErrorNote error={reopen.error} />
        </>
      )}
      {resolved && !mayDecideClosure && !viewer.isStaff && <p>Resolved: waiting for the initiator, {ticket.initiator.name}, to approve the closure.</p>}
      {resolved && viewer.isStaff && <p>Resolved: waiting for the client to approve the closure or reopen.</p>}
    </section>
  );
}

interface Entry {
  key: string;
  at: string;
  kind: 'milestone' | 'comment' | 'live';
  who?: string;
  side?: string;
  text: string;
  door?: string;
}

function describe(e: LiveItem): string | undefined {
  const p = e.payload;
  const s = (v: unknown) => (typeof v === 'string' ? words(v) : '');
  switch (e.type) {
    case 'ticket.severity_proposed':
      return `${p.side === 'CLIENT' ? 'The client' : 'The provider'} proposed severity ${s(p.proposedSeverity)}`;
    case 'ticket.severity_agreed':
      return `Severity agreed: ${s(p.severity)}`;
    case 'ticket.assigned':
      return 'Assignee changed';
    case 'ticket.status_changed':
      return `Status: ${statusLabels[String(p.from)] ?? s(p.from)} → ${statusLabels[String(p.to)] ?? s(p.to)}${p.byReply ? ' (client replied)' : ''}`;
    case 'ticket.closed':
      return 'Closure approved: ticket closed';
    case 'ticket.reopened':
      return `Reopened${typeof p.reason === 'string' && p.reason ? `: ${p.reason}` : ''}`;
    case 'ticket.sla_warned':
      return 'Response target: 75% of the time used';
    case 'ticket.sla_breached':
      return 'Response target breached';
    case 'ticket.sla_paused':
      return 'SLA clock paused: awaiting the client';
    case 'ticket.sla_resumed':
      return `SLA clock running again after ${String(p.pausedMinutes)} minutes paused`;
    case 'ticket.resolution_warned':
      return 'Resolution target: 75% of the time used';
    case 'ticket.resolution_breached':
      return 'Resolution target breached';
    case 'ticket.rated':
      return `The initiator rated the support ${String(p.score)}/5`;
    case 'ticket.closure_reminded':
      return `The initiator was reminded to approve the closure (${String(p.days)} days)`;
    default:
      return undefined; // opened and commented show from the ticket itself
  }
}

function Timeline({ ticket, events }: { ticket: TicketDetailFragment; events: LiveItem[] }) {
  const entries: Entry[] = [{ key: 'opened', at: ticket.createdAt, kind: 'milestone', text: `Opened by ${ticket.initiator.name}` }];
  const milestone = (key: string, at: string | null | undefined, text: string) => {
    if (at) entries.push({ key, at, kind: 'milestone', text });
  };
  milestone('agreed', ticket.severityAgreedAt, `Severity agreed: ${ticket.severity ? words(ticket.severity) : ''}`);
  milestone('first', ticket.firstResponseAt, 'First response from the provider');
  milestone('warned', ticket.slaWarnedAt, 'Response target: 75% of the time used');
  milestone('breached', ticket.slaBreachedAt, 'Response target breached');
  milestone('resolved', ticket.resolvedAt, 'Resolved');
  milestone('closed', ticket.closedAt, 'Closed');
  for (const c of ticket.comments) entries.push({ key: c.id, at: c.createdAt, kind: 'comment', who: c.author.name, side: c.side, text: c.body, door: c.door });
  for (const e of events) {
    const text = describe(e);
    if (text && !['ticket.severity_agreed', 'ticket.sla_warned', 'ticket.sla_breached'].includes(e.type)) entries.push({ key: e.id, at: e.at, kind: 'live', text });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));

  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      {ticket.comments.length === 0 && <Empty>No comments yet. Write the first one below.</Empty>}
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.key} className={e.kind === 'comment' ? `comment side-${e.side?.toLowerCase()}` : 'event'}>
            <div className="meta">
              {e.who && <strong>{e.who}</strong>}
              {e.side && <span className="small">{e.side === 'CLIENT' ? 'client' : 'provider'}</span>}
              <Time value={e.at} />
              {e.door && e.door !== 'graphql' && <span className="small">via {e.door}</span>}
            </div>
            <p className={e.kind === 'comment' ? 'pre' : undefined}>{e.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function CommentForm({ ticket, onTyping }: { ticket: TicketDetailFragment; onTyping: (on: boolean) => void }) {
  const comment = useAction(CommentDocument);
  const [body, setBody] = useState('');
  if (ticket.status === 'CLOSED') return <p className="muted">The ticket is closed: no more comments.</p>;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    onTyping(false);
    const data = await comment.run({ ticketId: ticket.id, body: text });
    if (data) setBody('');
  }

  return (
    <form className="stack comment-form" onSubmit={submit} aria-labelledby="comment-h">
      <h2 id="comment-h">Reply</h2>
      <label htmlFor="t-comment">Comment</label>
      <textarea
        id="t-comment"
        rows={4}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          onTyping(e.target.value.length > 0);
        }}
        onBlur={() => onTyping(false)}
        required
      />
      <p className="hint">The client sees every reply; replies also appear in the ticket's Slack thread.</p>
      <ErrorNote error={comment.error} />
      <button type="submit" className="primary" disabled={comment.busy || !body.trim()}>
        Send
      </button>
    </form>
  );
}
