/** Sign in with an API token (sent once to /auth/token, never stored), or with Slack when configured. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { fetchAuthConfig, signInWithToken, type Session } from '../lib/session.ts';

const SLACK_ERRORS: Record<string, string> = {
  not_linked: 'Your Slack account is not linked to a person in opsdesk; ask your admin.',
  denied: 'Slack sign-in was cancelled.',
  failed: 'Slack sign-in failed; try again.',
  slack_off: 'Sign in with Slack is not configured on this server.',
};

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const [slack, setSlack] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();

  useEffect(() => {
    document.title = 'Sign in · opsdesk';
    void fetchAuthConfig().then((config) => setSlack(config.slack));
  }, []);

  const errorParam = search.get('error');
  const notice = errorParam ? (SLACK_ERRORS[errorParam] ?? 'Sign-in failed; try again.') : search.get('ended') ? 'Your session has ended; sign in again.' : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const field = input.current;
    if (!field) return;
    const token = field.value.trim();
    // The token leaves the page with this request and is not kept anywhere.
    field.value = '';
    if (!token) {
      setError('Paste your API token (it starts with odk_).');
      field.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const session = await signInWithToken(token);
      onSignedIn(session);
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      setError((e as Error).message || 'That token was not accepted.');
      field.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="narrow signin">
      <h1>Sign in to opsdesk</h1>
      {notice && (
        <p className={errorParam ? 'error' : 'notice'} role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} className="stack" autoComplete="off">
        <label htmlFor="api-token">API token</label>
        <input
          id="api-token"
          name="token"
          ref={input}
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          aria-invalid={error ? true : undefined}
          required
        />
        <p id={hintId} className="hint">
          A personal token (odk_…) from your admin or from <code>opsdesk token create</code>. It is sent once to sign you in and is not stored in the
          browser.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      {slack && (
        <>
          <p className="or">or</p>
          <button type="button" className="slack" onClick={() => window.location.assign('/auth/slack')}>
            Sign in with Slack
          </button>
        </>
      )}
    </main>
  );
}
