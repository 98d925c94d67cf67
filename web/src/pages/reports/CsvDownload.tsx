import { useEffect, useRef, useState } from 'react';
import { useViewer } from '../../lib/me.tsx';
import { sessionEnded } from '../../lib/session.ts';
import { ErrorNote } from '../../lib/ui.tsx';

/** The server's CSV of the report, fetched with the session and offered as a download. */
export function CsvDownload({ orgId, month }: { orgId: string; month: string }) {
  const viewer = useViewer();
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);
  useEffect(() => {
    setFile(undefined);
    setError(undefined);
  }, [orgId, month]);
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const response = await fetch(`/reports/sla/${encodeURIComponent(orgId)}/${encodeURIComponent(month)}`, {
        credentials: 'same-origin',
        headers: { 'x-opsdesk-csrf': viewer.session.csrfToken, accept: 'text/csv' },
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
        setError(`The download failed: ${message}`);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `opsdesk-sla-${month}.csv`;
      setFile({ url: URL.createObjectURL(await response.blob()), name });
    } catch (e) {
      setError(`The download failed: ${(e as Error).message}. Check your connection and try again.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field">
      <button type="button" onClick={() => void download()} disabled={busy}>
        Download CSV
      </button>
      <ErrorNote error={error} />
      {file && (
        <a ref={link} href={file.url} download={file.name} className="small">
          Save {file.name}
        </a>
      )}
    </div>
  );
}
