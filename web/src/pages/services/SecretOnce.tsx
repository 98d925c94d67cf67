/** A heartbeat's secret, shown this once: with how to use it, a copy button and a warning that it cannot be shown again. */
import { useState } from 'react';

export function SecretOnce({ heartbeatId, secret, onClose }: { heartbeatId: string; secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState<string>();
  const url = `${window.location.origin}/hooks/heartbeat/${heartbeatId}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser did not allow copying: select the secret and copy it by hand.');
    }
  }

  return (
    <div className="stack">
      <p className="notice" role="alert">
        Copy the secret now: it is shown only this once. opsdesk keeps only its hash; if it is lost, rotate it.
      </p>
      <label htmlFor="heartbeat-secret">Secret</label>
      <input id="heartbeat-secret" className="mono" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} />
      <div className="buttons">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy secret
        </button>
      </div>
      {copied && (
        <p className="small" role="status">
          {copied}
        </p>
      )}
      <p className="small">
        The job sends <code>POST {url}</code> with <code>Authorization: Bearer &lt;secret&gt;</code>.
      </p>
      <button type="button" onClick={onClose}>
        I have stored it
      </button>
    </div>
  );
}
