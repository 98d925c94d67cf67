/**
 * A ticket's files: the list (who attached what, from where, when), each with a download link made
 * for the person viewing and good for a few minutes (read again every few minutes, so a link on the
 * page still works, and again when the ticket's live events say a file was attached), and an upload,
 * posted as the raw file with the session's CSRF token.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { sessionEnded } from '../../lib/session.ts';
import { useViewer } from '../../lib/me.tsx';
import { Done, Empty, ErrorNote, Time } from '../../lib/ui.tsx';

const TicketAttachmentsDocument = graphql(`
  query TicketAttachments($id: ID!) {
    ticket(id: $id) {
      id
      attachments {
        id
        fileName
        contentType
        size
        source
        uploadedBy {
          id
          name
        }
        uploadedAt
        downloadUrl
      }
    }
  }
`);

/** Links live five minutes; the list is read again before they run out. */
const REFRESH_MS = 4 * 60_000;

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** `attachedLive`: how many files the ticket's live events have announced since the page opened (each one reads the list again). */
export function Attachments({ ticketId, closed, attachedLive }: { ticketId: string; closed: boolean; attachedLive: number }) {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: TicketAttachmentsDocument, variables: { id: ticketId }, requestPolicy: 'network-only' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (attachedLive > 0) refetch({ requestPolicy: 'network-only' });
  }, [attachedLive, refetch]);

  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  async function upload(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setError('Choose a file first.');
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const response = await fetch(`/tickets/${encodeURIComponent(ticketId)}/attachments?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-opsdesk-csrf': viewer.session.csrfToken, 'content-type': 'application/octet-stream' },
        body: file,
      });
      if (!response.ok) {
        if (response.status === 401) sessionEnded();
        let message = `opsdesk answered ${response.status}.`;
        try {
          const body = (await response.json()) as { error?: { message?: string } };
          if (body.error?.message) message = body.error.message;
        } catch {
          // not JSON: keep the status
        }
        setError(message);
        return;
      }
      setDone(`${file.name} is attached.`);
      if (input.current) input.current.value = '';
      refetch({ requestPolicy: 'network-only' });
    } catch (e) {
      setError(`The upload failed: ${(e as Error).message}. Check your connection and try again.`);
    } finally {
      setBusy(false);
    }
  }

  const files = result.data?.ticket?.attachments ?? [];
  return (
    <section aria-labelledby="files-h" className="panel">
      <h2 id="files-h">Files</h2>
      <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      {files.length === 0 && !result.fetching ? (
        <Empty>No files yet.</Empty>
      ) : (
        <ul className="files">
          {files.map((file) => (
            <li key={file.id}>
              <a href={file.downloadUrl} download={file.fileName}>
                {file.fileName}
              </a>{' '}
              <span className="small">
                {sizeText(file.size)}, {file.contentType}; {file.uploadedBy.name} from {file.source}, <Time value={file.uploadedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {!closed && (
        <form onSubmit={upload} className="stack">
          <label htmlFor="attach-file">Attach a file (logs, screenshots, PDF, office documents)</label>
          <input id="attach-file" type="file" ref={input} />
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {busy ? 'Attaching…' : 'Attach'}
            </button>
          </div>
          <ErrorNote error={error} />
          <Done>{done}</Done>
        </form>
      )}
    </section>
  );
}
