/**
 * Alarms: open ones with Acknowledge, Escalate and Resolve (asking for the root cause), follow-ups
 * still without a root cause, who is on call now and next. Live through alarmEvents.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AlarmsPageQuery } from '../gql/graphql';
import { span, words } from '../lib/format.ts';
import { useViewer } from '../lib/me.tsx';
import { useStaff } from '../lib/people.ts';
import { Dialog, Done, Empty, ErrorNote, LiveNote, Loading, Page, Time, useAction, useLive, useNow, useThrottled } from '../lib/ui.tsx';

graphql(`
  fragment AlarmRow on Alarm {
    id
    source
    summary
    severity
    service
    state
    count
    triggeredAt
    lastSeenAt
    escalationStep
    escalationPolicy {
      name
    }
    acknowledgedBy
    acknowledgedAt
    resolvedBy
    resolvedAt
    rootCause
    followUpOpen
    disasterRecoveryAt
  }
`);

const AlarmsPageDocument = graphql(`
  query AlarmsPage {
    open: alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 20) {
      nodes {
        ...AlarmRow
      }
      pageInfo {
        hasNextPage
      }
    }
    followUps: alarms(filter: { followUpOpen: true }, first: 20) {
      nodes {
        id
        summary
        source
        resolvedBy
        resolvedAt
      }
      pageInfo {
        hasNextPage
      }
    }
    onCall {
      schedule {
        id
        name
        timeZone
      }
      now {
        personId
        from
        until
        override
      }
      next {
        personId
        from
        until
        override
      }
    }
  }
`);

const AlarmEventsDocument = graphql(`
  subscription AlarmsLive {
    alarmEvents {
      id
      type
    }
  }
`);

const AcknowledgeAlarmDocument = graphql(`
  mutation AcknowledgeAlarm($id: ID!) {
    acknowledgeAlarm(id: $id) {
      ...AlarmRow
    }
  }
`);
const EscalateAlarmDocument = graphql(`
  mutation EscalateAlarm($id: ID!) {
    escalateAlarm(id: $id) {
      ...AlarmRow
    }
  }
`);
const ResolveAlarmDocument = graphql(`
  mutation ResolveAlarm($id: ID!, $rootCause: String) {
    resolveAlarm(id: $id, rootCause: $rootCause) {
      ...AlarmRow
    }
  }
`);
const WriteRootCauseDocument = graphql(`
  mutation WriteRootCause($id: ID!, $rootCause: String!) {
    writeRootCause(id: $id, rootCause: $rootCause) {
      ...AlarmRow
    }
  }
`);

type Alarm = AlarmsPageQuery['open']['nodes'][number];
type FollowUpAlarm = AlarmsPageQuery['followUps']['nodes'][number];

export default function Alarms() {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: AlarmsPageDocument, pause: !viewer.isStaff });
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }));
  const live = useLive(AlarmEventsDocument, {}, reload, !viewer.isStaff);
  const [resolving, setResolving] = useState<Alarm | null>(null);

  if (!viewer.isStaff) {
    return (
      <Page title="Alarms">
        <Empty>Alarms and on-call are for the provider's staff.</Empty>
      </Page>
    );
  }
  const data = result.data;
  return (
    <Page title="Alarms">
      <LiveNote states={[live]} />
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!data && !result.error && <Loading what="Loading alarms" />}
      {data && (
        <>
          <OnCallPanel onCall={data.onCall} />
          <section aria-labelledby="open-h">
            <h2 id="open-h">Open alarms ({data.open.nodes.length})</h2>
            {data.open.nodes.length === 0 ? (
              <Empty>No open alarms. New ones appear here as monitoring sends them.</Empty>
            ) : (
              <ul className="cards-list">
                {data.open.nodes.map((alarm) => (
                  <AlarmCard key={alarm.id} alarm={alarm} onResolve={() => setResolving(alarm)} />
                ))}
              </ul>
            )}
            {data.open.pageInfo.hasNextPage && <p className="hint">The 20 most recent open alarms are shown; resolve some to see the rest.</p>}
          </section>
          <section aria-labelledby="follow-h">
            <h2 id="follow-h">Follow-ups awaiting analysis ({data.followUps.nodes.length})</h2>
            {data.followUps.nodes.length === 0 ? (
              <Empty>Every resolved alarm has its root cause written.</Empty>
            ) : (
              <ul className="cards-list">
                {data.followUps.nodes.map((alarm) => (
                  <FollowUp key={alarm.id} alarm={alarm} />
                ))}
              </ul>
            )}
            {data.followUps.pageInfo.hasNextPage && <p className="hint">The 20 most recent are shown; more wait behind them.</p>}
          </section>
        </>
      )}
      <ResolveDialog alarm={resolving} onClose={() => setResolving(null)} />
    </Page>
  );
}

function OnCallPanel({ onCall }: { onCall: AlarmsPageQuery['onCall'] }) {
  const { nameOf } = useStaff();
  return (
    <section aria-labelledby="oncall-h" className="panel">
      <h2 id="oncall-h">On call</h2>
      {onCall.length === 0 ? (
        <p>No on-call schedule is set up; alarms go to the on-call channel. A provider admin creates schedules.</p>
      ) : (
        <div className="scroll">
          <table className="cards">
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Now</th>
                <th scope="col">Next</th>
              </tr>
            </thead>
            <tbody>
              {onCall.map((o) => (
                <tr key={o.schedule.id}>
                  <th scope="row">
                    {o.schedule.name} <span className="small">({o.schedule.timeZone})</span>
                  </th>
                  <td data-label="Now">
                    {o.now ? (
                      <>
                        <strong>{nameOf(o.now.personId)}</strong>
                        {o.now.override && ' (override)'} until <Time value={o.now.until} />
                      </>
                    ) : (
                      'Nobody yet'
                    )}
                  </td>
                  <td data-label="Next">
                    {o.next ? (
                      <>
                        {nameOf(o.next.personId)}
                        {o.next.override && ' (override)'} from <Time value={o.next.from} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AlarmCard({ alarm, onResolve }: { alarm: Alarm; onResolve: () => void }) {
  const now = useNow();
  const acknowledge = useAction(AcknowledgeAlarmDocument);
  const escalate = useAction(EscalateAlarmDocument);
  const [done, setDone] = useState<string>();
  const headingId = `alarm-${alarm.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{alarm.summary}</h3>
      <p>
        <span className={`badge state-${alarm.state.toLowerCase()}`}>{words(alarm.state)}</span>
        <span className={`badge sev-${alarm.severity.toLowerCase()}`}>{words(alarm.severity)}</span>
        {alarm.disasterRecoveryAt && <span className="badge breach">Disaster recovery invoked</span>}
      </p>
      <dl className="facts">
        <dt>Source</dt>
        <dd>
          {alarm.source}
          {alarm.service ? ` / ${alarm.service}` : ''}
        </dd>
        <dt>Triggered</dt>
        <dd>
          <Time value={alarm.triggeredAt} /> ({span(now - new Date(alarm.triggeredAt).getTime())} ago)
        </dd>
        {alarm.count > 1 && (
          <>
            <dt>Repeats</dt>
            <dd>
              {alarm.count} times, last <Time value={alarm.lastSeenAt} />
            </dd>
          </>
        )}
        <dt>Escalation</dt>
        <dd>
          {alarm.escalationPolicy.name}, step {alarm.escalationStep + 1}
        </dd>
        {alarm.acknowledgedBy && (
          <>
            <dt>Acknowledged</dt>
            <dd>
              {alarm.acknowledgedBy}, <Time value={alarm.acknowledgedAt} />
            </dd>
          </>
        )}
      </dl>
      <Done>{done}</Done>
      <div className="buttons">
        {alarm.state === 'TRIGGERED' && (
          <button type="button" className="primary" disabled={acknowledge.busy} onClick={() => void acknowledge.run({ id: alarm.id }).then((d) => d && setDone('Acknowledged by you.'))}>
            Acknowledge
          </button>
        )}
        <button type="button" disabled={escalate.busy} onClick={() => void escalate.run({ id: alarm.id }).then((d) => d && setDone('Escalated to the next step.'))}>
          Escalate
        </button>
        <button type="button" onClick={onResolve}>
          Resolve
        </button>
      </div>
      <ErrorNote error={acknowledge.error ?? escalate.error} />
    </li>
  );
}

function ResolveDialog({ alarm, onClose }: { alarm: Alarm | null; onClose: () => void }) {
  const resolve = useAction(ResolveAlarmDocument);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!alarm) return;
    const rootCause = String(new FormData(event.currentTarget).get('rootCause') ?? '').trim();
    const data = await resolve.run({ id: alarm.id, rootCause: rootCause || undefined });
    if (data) onClose();
  }
  return (
    <Dialog open={alarm !== null} onClose={onClose} title="Resolve alarm">
      {alarm && (
        <form className="stack" onSubmit={submit}>
          <p>{alarm.summary}</p>
          <label htmlFor="resolve-root-cause">Root cause</label>
          <textarea id="resolve-root-cause" name="rootCause" rows={4} aria-describedby="resolve-hint" />
          <p id="resolve-hint" className="hint">
            What caused it. Without a root cause the alarm stays on the follow-up list until one is written.
          </p>
          <ErrorNote error={resolve.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={resolve.busy}>
              Resolve
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function FollowUp({ alarm }: { alarm: FollowUpAlarm }) {
  const write = useAction(WriteRootCauseDocument);
  const [text, setText] = useState('');
  const headingId = `follow-${alarm.id}`;
  const inputId = `rc-${alarm.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{alarm.summary}</h3>
      <p className="small">
        {alarm.source}: resolved by {alarm.resolvedBy ?? 'the source'} <Time value={alarm.resolvedAt} />
      </p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void write.run({ id: alarm.id, rootCause: text.trim() }).then((d) => d && setText(''));
        }}
      >
        <label htmlFor={inputId}>Root cause</label>
        <textarea id={inputId} rows={3} value={text} onChange={(e) => setText(e.target.value)} required />
        <ErrorNote error={write.error} />
        <button type="submit" disabled={write.busy || !text.trim()}>
          Write root cause
        </button>
      </form>
    </li>
  );
}
