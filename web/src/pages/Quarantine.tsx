/**
 * The mail quarantine, for provider support staff: mail the email door held instead of putting it on
 * a ticket. Filter by status; assign a held mail to a client org (a new ticket) or to a ticket (a
 * comment), or drop it with a reason. The list reads afresh after each action.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { QuarantinePageQuery, QuarantineStatus } from '../gql/graphql';
import { useViewer } from '../lib/me.tsx';
import { Done, Empty, ErrorNote, Loading, Page, Time } from '../lib/ui.tsx';
import { AssignMail, DropMail } from './quarantine/Actions.tsx';

const QuarantinePageDocument = graphql(`
  query QuarantinePage($status: QuarantineStatus!, $first: Int!) {
    mailQuarantine(status: $status, first: $first) {
      id
      sender
      senderName
      subject
      reason
      text
      attachments {
        name
        size
      }
      receivedAt
      status
      resolvedAt
      ticketId
    }
  }
`);

export type HeldMail = QuarantinePageQuery['mailQuarantine'][number];

const STATUSES: { value: QuarantineStatus; label: string }[] = [
  { value: 'HELD', label: 'Held' },
  { value: 'ASSIGNED', label: 'Assigned' },
  { value: 'DROPPED', label: 'Dropped' },
];
/** The newest this many: with their attachments, more would go past the console's query cost budget (docs/web.md). */
const PAGE = 25;

export default function Quarantine() {
  const viewer = useViewer();
  const [status, setStatus] = useState<QuarantineStatus>('HELD');
  const [result, refetch] = useQuery({ query: QuarantinePageDocument, variables: { status, first: PAGE }, pause: !viewer.triagesMail });
  const [done, setDone] = useState<string>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const acted = (what: string) => {
    setDone(what);
    reload();
  };

  if (!viewer.triagesMail) {
    return (
      <Page title="Mail quarantine">
        <Empty>The mail quarantine is for the provider's support staff.</Empty>
      </Page>
    );
  }
  const mail = result.data?.mailQuarantine;
  const label = STATUSES.find((s) => s.value === status)!.label.toLowerCase();
  return (
    <Page title="Mail quarantine">
      <p className="hint">Mail the desk could not vouch for or could not put on a ticket. Assign it to a client (a new ticket) or to a ticket (a comment), or drop it.</p>
      <form className="filters" aria-label="Filter quarantined mail" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="q-status">Status</label>
          <select
            id="q-status"
            value={status}
            onChange={(e) => {
              setDone(undefined);
              setStatus(e.target.value as QuarantineStatus);
            }}
          >
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={reload} disabled={result.fetching}>
          {result.fetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </form>
      <Done>{done}</Done>
      {result.error && <ErrorNote error={result.error} retry={reload} />}
      {!mail && !result.error && <Loading what="Loading the quarantine" />}
      {mail &&
        (mail.length === 0 ? (
          <Empty>No {label} mail.</Empty>
        ) : (
          <div className="scroll">
            <table className="cards">
              <caption className="sr-only">Quarantined mail, {label}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Sender</th>
                  <th scope="col">Why held</th>
                  <th scope="col">Received</th>
                  <th scope="col">Attachments</th>
                  <th scope="col">{status === 'HELD' ? 'Actions' : status === 'ASSIGNED' ? 'Assigned' : 'Dropped'}</th>
                </tr>
              </thead>
              <tbody>
                {mail.map((m) => (
                  <MailRow key={m.id} mail={m} onDone={acted} />
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {mail && mail.length >= PAGE && <p className="hint">The newest {PAGE} are shown: assign or drop some to see older ones.</p>}
    </Page>
  );
}

function MailRow({ mail, onDone }: { mail: HeldMail; onDone: (what: string) => void }) {
  return (
    <tr>
      <th scope="row">
        <details>
          <summary>{mail.subject || '(no subject)'}</summary>
          <p className="pre">{mail.text || '(no text)'}</p>
          {mail.attachments.length > 0 && <p className="small">Attachments (not kept): {mail.attachments.map((a) => `${a.name} (${a.size} bytes)`).join(', ')}</p>}
        </details>
      </th>
      <td data-label="Sender">
        {mail.senderName ? (
          <>
            {mail.senderName} <span className="small">&lt;{mail.sender}&gt;</span>
          </>
        ) : (
          mail.sender
        )}
      </td>
      <td data-label="Why held">{mail.reason}</td>
      <td data-label="Received">
        <Time value={mail.receivedAt} />
      </td>
      <td data-label="Attachments">{mail.attachments.length}</td>
      <td data-label={mail.status === 'HELD' ? 'Actions' : 'When'}>
        {mail.status === 'HELD' ? (
          <div className="buttons">
            <AssignMail mail={mail} onDone={onDone} />
            <DropMail mail={mail} onDone={onDone} />
          </div>
        ) : (
          <Time value={mail.resolvedAt} />
        )}
      </td>
    </tr>
  );
}
