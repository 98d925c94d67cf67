/**
 * A ticket's internal notes, for provider staff: a panel of its own, styled and labelled apart from
 * the client's conversation, with its own form (never the reply box with a toggle), so that a note
 * is not sent to the client, nor a reply kept from them, by accident. The server decides who reads
 * notes (a client gets none); the page shows this panel to staff only because nobody else could
 * use it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Empty, ErrorNote, Time, useAction } from '../../lib/ui.tsx';

const TicketNotesDocument = graphql(`
  query TicketNotes($id: ID!) {
    ticket(id: $id) {
      id
      notes {
        id
        author {
          id
          name
        }
        body
        door
        createdAt
      }
    }
  }
`);

const AddTicketNoteDocument = graphql(`
  mutation AddTicketNote($ticketId: ID!, $body: String!) {
    addTicketNote(ticketId: $ticketId, body: $body) {
      note {
        id
      }
    }
  }
`);

/** `changes` counts the ticket's live events: a new one (a colleague's note among them) reads the notes afresh. */
export default function NotesPanel({ ticketId, changes }: { ticketId: string; changes: number }) {
  const [result, refetch] = useQuery({ query: TicketNotesDocument, variables: { id: ticketId } });
  const add = useAction(AddTicketNoteDocument);
  const [body, setBody] = useState('');
  useEffect(() => {
    if (changes > 0) refetch({ requestPolicy: 'network-only' });
  }, [changes, refetch]);
  const notes = result.data?.ticket?.notes ?? [];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    const data = await add.run({ ticketId, body: text });
    if (data) {
      setBody('');
      refetch({ requestPolicy: 'network-only' });
    }
  }

  return (
    <section aria-labelledby="notes-h" className="panel internal-notes">
      <h2 id="notes-h">
        <span className="badge internal">Internal</span> Notes (internal)
      </h2>
      <p className="small">Only provider staff see these notes: never the client, in no channel, email or export.</p>
      <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      {!result.fetching && notes.length === 0 && <Empty>No internal notes yet.</Empty>}
      <ol className="notes">
        {notes.map((note) => (
          <li key={note.id}>
            <div className="meta">
              <strong>{note.author.name}</strong> <Time value={note.createdAt} />
              {note.door !== 'graphql' && <span className="small"> via {note.door}</span>}
            </div>
            <p className="pre">{note.body}</p>
          </li>
        ))}
      </ol>
      <form className="stack" onSubmit={submit} aria-label="Add an internal note">
        <label htmlFor="t-note">Internal note (not sent to the client)</label>
        <textarea id="t-note" rows={3} value={body} onChange={(e) => setBody(e.target.value)} required />
        <ErrorNote error={add.error} />
        <button type="submit" disabled={add.busy || !body.trim()}>
          Add internal note
        </button>
      </form>
    </section>
  );
}
