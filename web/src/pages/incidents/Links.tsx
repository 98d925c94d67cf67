/** An incident's alarms and follow-up tickets (provider staff), and linking another one. */
import { useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../../gql';
import { errorCode, errorText, words } from '../../lib/format.ts';
import { FRESH } from '../../lib/fresh.ts';
import { ErrorNote, useAction } from '../../lib/ui.tsx';

const LinkedAlarmDocument = graphql(`
  query LinkedAlarm($id: ID!) {
    alarm(id: $id) {
      id
      summary
      state
      source
    }
  }
`);

const LinkedTicketDocument = graphql(`
  query LinkedTicket($id: ID!) {
    ticket(id: $id) {
      id
      key
      title
    }
  }
`);

const OpenAlarmChoicesDocument = graphql(`
  query OpenAlarmChoices {
    alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 50) {
      nodes {
        id
        summary
        source
      }
    }
  }
`);

const IncidentTicketByKeyDocument = graphql(`
  query IncidentTicketByKey($key: String!) {
    ticketByKey(key: $key) {
      id
    }
  }
`);

const LinkIncidentAlarmDocument = graphql(`
  mutation LinkIncidentAlarm($incidentId: ID!, $alarmId: ID!) {
    linkIncidentAlarm(incidentId: $incidentId, alarmId: $alarmId) {
      id
    }
  }
`);

const LinkIncidentTicketDocument = graphql(`
  mutation LinkIncidentTicket($incidentId: ID!, $ticketId: ID!) {
    linkIncidentTicket(incidentId: $incidentId, ticketId: $ticketId) {
      id
    }
  }
`);

function AlarmItem({ id }: { id: string }) {
  const [result] = useQuery({ query: LinkedAlarmDocument, variables: { id } });
  const alarm = result.data?.alarm;
  if (!alarm) return <li className="mono">{id}</li>;
  return (
    <li>
      <Link href="/alarms">{alarm.summary}</Link> <span className="small">({alarm.source}, {words(alarm.state)})</span>
    </li>
  );
}

function TicketItem({ id }: { id: string }) {
  const [result] = useQuery({ query: LinkedTicketDocument, variables: { id } });
  const ticket = result.data?.ticket;
  if (!ticket) return <li className="mono">{id}</li>;
  return (
    <li>
      <Link href={`/tickets/${encodeURIComponent(ticket.key)}`}>{ticket.key}</Link> {ticket.title}
    </li>
  );
}

export function IncidentLinks({ incidentId, alarmIds, ticketIds, manage, onDone }: { incidentId: string; alarmIds: string[]; ticketIds: string[]; manage: boolean; onDone: (what: string) => void }) {
  return (
    <div className="ticket-grid">
      <section aria-labelledby="inc-alarms">
        <h2 id="inc-alarms">Alarms</h2>
        {alarmIds.length === 0 ? <p className="small">No alarms linked.</p> : <ul>{alarmIds.map((id) => <AlarmItem key={id} id={id} />)}</ul>}
        {manage && <LinkAlarm incidentId={incidentId} linked={alarmIds} onDone={onDone} />}
      </section>
      <section aria-labelledby="inc-tickets">
        <h2 id="inc-tickets">Follow-up tickets</h2>
        {ticketIds.length === 0 ? <p className="small">No tickets linked.</p> : <ul>{ticketIds.map((id) => <TicketItem key={id} id={id} />)}</ul>}
        {manage && <LinkTicket incidentId={incidentId} onDone={onDone} />}
      </section>
    </div>
  );
}

function LinkAlarm({ incidentId, linked, onDone }: { incidentId: string; linked: string[]; onDone: (what: string) => void }) {
  const [result] = useQuery({ query: OpenAlarmChoicesDocument, requestPolicy: FRESH });
  const link = useAction(LinkIncidentAlarmDocument);
  const [alarmId, setAlarmId] = useState('');
  const choices = (result.data?.alarms.nodes ?? []).filter((a) => !linked.includes(a.id));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!alarmId) return;
    const data = await link.run({ incidentId, alarmId });
    if (data) {
      setAlarmId('');
      onDone('Alarm linked.');
    }
  }

  return (
    <form className="inline" onSubmit={submit} aria-busy={link.busy}>
      <div className="field">
        <label htmlFor="link-alarm">Link an open alarm</label>
        <select id="link-alarm" value={alarmId} onChange={(e) => setAlarmId(e.target.value)} required>
          <option value="">{choices.length === 0 ? 'No other open alarms' : 'Choose an alarm'}</option>
          {choices.map((a) => (
            <option key={a.id} value={a.id}>
              {a.summary} ({a.source})
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={link.busy || !alarmId}>
        Link alarm
      </button>
      <ErrorNote error={result.error ?? link.error} />
    </form>
  );
}

function LinkTicket({ incidentId, onDone }: { incidentId: string; onDone: (what: string) => void }) {
  const client = useClient();
  const link = useAction(LinkIncidentTicketDocument);
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string>();
  const [looking, setLooking] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const given = key.trim();
    setProblem(undefined);
    setLooking(true);
    const found = await client.query(IncidentTicketByKeyDocument, { key: given }, { requestPolicy: 'network-only' }).toPromise();
    setLooking(false);
    const ticketId = found.data?.ticketByKey?.id;
    if (!ticketId) {
      setProblem(!found.error || errorCode(found.error) === 'NOT_FOUND' ? `There is no ticket ${given}.` : errorText(found.error));
      return;
    }
    const data = await link.run({ incidentId, ticketId });
    if (data) {
      setKey('');
      onDone(`Ticket ${given.toUpperCase()} linked.`);
    }
  }

  return (
    <form className="inline" onSubmit={submit} aria-busy={link.busy || looking}>
      <div className="field">
        <label htmlFor="link-ticket">Link a ticket by key (such as ACME-42)</label>
        <input id="link-ticket" value={key} required onChange={(e) => setKey(e.target.value)} />
      </div>
      <button type="submit" disabled={link.busy || looking}>
        Link ticket
      </button>
      <ErrorNote error={problem ?? link.error} />
    </form>
  );
}
