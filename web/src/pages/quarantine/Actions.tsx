/** What support staff do with a held mail: assign it (new ticket of an org, or comment on a ticket), or drop it. */
import { useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import { errorCode, errorText } from '../../lib/format.ts';
import { useOrgs } from '../../lib/orgs.ts';
import { Dialog, ErrorNote, useAction } from '../../lib/ui.tsx';
import type { HeldMail } from '../Quarantine.tsx';

const AssignQuarantinedMailDocument = graphql(`
  mutation AssignQuarantinedMail($id: ID!, $orgId: ID, $ticketId: ID) {
    assignQuarantinedMail(id: $id, orgId: $orgId, ticketId: $ticketId) {
      mail {
        id
        status
      }
      ticket {
        id
        key
      }
    }
  }
`);

const DropQuarantinedMailDocument = graphql(`
  mutation DropQuarantinedMail($id: ID!, $reason: String) {
    dropQuarantinedMail(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

const TicketIdByKeyDocument = graphql(`
  query TicketIdByKey($key: String!) {
    ticketByKey(key: $key) {
      id
      key
    }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const subjectOf = (mail: HeldMail) => mail.subject || '(no subject)';

export function AssignMail({ mail, onDone }: { mail: HeldMail; onDone: (what: string) => void }) {
  const client = useClient();
  const { clientOrgs } = useOrgs();
  const assign = useAction(AssignQuarantinedMailDocument);
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState<'org' | 'ticket'>('org');
  const [orgId, setOrgId] = useState('');
  const [ticket, setTicket] = useState('');
  const [lookup, setLookup] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const id = `assign-${mail.id}`;
  const busy = assign.busy || lookup.busy;

  /** The ticket's id: a key (ACME-42) is looked up; an id is taken as it is. */
  async function ticketId(): Promise<string | undefined> {
    const given = ticket.trim();
    if (UUID.test(given)) return given;
    setLookup({ busy: true });
    const result = await client.query(TicketIdByKeyDocument, { key: given }, { requestPolicy: 'network-only' }).toPromise();
    const found = result.data?.ticketByKey;
    const missing = !result.error || errorCode(result.error) === 'NOT_FOUND';
    setLookup({ busy: false, error: found ? undefined : missing ? `There is no ticket ${given}.` : errorText(result.error) });
    return found?.id;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLookup({ busy: false });
    const target = to === 'org' ? { orgId: orgId || clientOrgs[0]?.id } : { ticketId: await ticketId() };
    if (to === 'ticket' && !target.ticketId) return;
    const data = await assign.run({ id: mail.id, ...target });
    if (data) {
      setOpen(false);
      const key = data.assignQuarantinedMail.ticket.key;
      onDone(to === 'org' ? `“${subjectOf(mail)}” opened ticket ${key}.` : `“${subjectOf(mail)}” added to ticket ${key} as a comment.`);
    }
  }

  return (
    <>
      <button type="button" aria-label={`Assign “${subjectOf(mail)}”`} onClick={() => setOpen(true)}>
        Assign
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Assign “${subjectOf(mail)}”`}>
        <form className="stack" onSubmit={submit} aria-busy={busy}>
          <fieldset>
            <legend>Assign to</legend>
            <label className="choice" htmlFor={`${id}-to-org`}>
              <input id={`${id}-to-org`} type="radio" name={`${id}-to`} checked={to === 'org'} onChange={() => setTo('org')} /> A new ticket of a client
            </label>
            <label className="choice" htmlFor={`${id}-to-ticket`}>
              <input id={`${id}-to-ticket`} type="radio" name={`${id}-to`} checked={to === 'ticket'} onChange={() => setTo('ticket')} /> A comment on a ticket
            </label>
          </fieldset>
          {to === 'org' ? (
            <>
              <label htmlFor={`${id}-org`}>Client</label>
              <select id={`${id}-org`} value={orgId || clientOrgs[0]?.id || ''} onChange={(e) => setOrgId(e.target.value)} required>
                {clientOrgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label htmlFor={`${id}-ticket`}>Ticket key (such as ACME-42)</label>
              <input
                id={`${id}-ticket`}
                value={ticket}
                required
                aria-invalid={lookup.error ? true : undefined}
                aria-describedby={lookup.error ? `${id}-ticket-error` : undefined}
                onChange={(e) => setTicket(e.target.value)}
              />
              {lookup.error && (
                <p id={`${id}-ticket-error`} className="error" role="alert">
                  {lookup.error}
                </p>
              )}
            </>
          )}
          <p className="hint">You write the ticket or comment, saying whose mail it was and why it was held.</p>
          <ErrorNote error={assign.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Assigning…' : 'Assign mail'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function DropMail({ mail, onDone }: { mail: HeldMail; onDone: (what: string) => void }) {
  const drop = useAction(DropQuarantinedMailDocument);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const id = `drop-${mail.id}`;
  return (
    <>
      <button type="button" className="danger" aria-label={`Drop “${subjectOf(mail)}”`} onClick={() => setOpen(true)}>
        Drop
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Drop “${subjectOf(mail)}”?`}>
        <form
          className="stack"
          aria-busy={drop.busy}
          onSubmit={(e) => {
            e.preventDefault();
            void drop.run({ id: mail.id, reason: reason.trim() || undefined }).then((data) => {
              if (data) {
                setOpen(false);
                onDone(`“${subjectOf(mail)}” dropped.`);
              }
            });
          }}
        >
          <p>It stays listed as dropped; nothing reaches a ticket.</p>
          <label htmlFor={`${id}-reason`}>Reason (for the audit trail)</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <ErrorNote error={drop.error} />
          <div className="buttons">
            <button type="submit" className="danger" disabled={drop.busy}>
              {drop.busy ? 'Dropping…' : 'Drop mail'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
