/** The session: who, until when; sign out here or everywhere. */
import { useState } from 'react';
import { useViewer } from '../lib/me.tsx';
import { signOut } from '../lib/session.ts';
import { ErrorNote, Page, Relative, Time } from '../lib/ui.tsx';
import { words } from '../lib/format.ts';

export default function Sessions({ onSignedOut }: { onSignedOut: () => void }) {
  const viewer = useViewer();
  const { session, me } = viewer;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function everywhere() {
    setBusy(true);
    setError(undefined);
    try {
      await signOut(session.csrfToken, true);
      onSignedOut();
    } catch (e) {
      setError(`Could not sign out everywhere: ${(e as Error).message}. Try again.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Your session">
      <section aria-labelledby="who">
        <h2 id="who">{me.name}</h2>
        <dl className="facts">
          {me.email && (
            <>
              <dt>Email</dt>
              <dd>{me.email}</dd>
            </>
          )}
          <dt>Session ends</dt>
          <dd>
            <Time value={session.expiresAt} /> (<Relative value={session.expiresAt} />)
          </dd>
          <dt>Ends if idle until</dt>
          <dd>
            <Time value={session.idleExpiresAt} />
          </dd>
          {me.slack.length > 0 && (
            <>
              <dt>Slack</dt>
              <dd>{me.slack.map((s) => `${s.userId} in ${s.teamId}`).join(', ')}</dd>
            </>
          )}
        </dl>
        <h3>Memberships</h3>
        <ul>
          {me.memberships.map((m) => (
            <li key={m.org.id}>
              {m.org.name} ({m.org.kind === 'PROVIDER' ? 'provider' : 'client'}): {m.roles.length ? m.roles.map(words).join(', ') : 'no role'}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="signout">
        <h2 id="signout">Sign out everywhere</h2>
        <p>Ends every session of yours: other tabs and browsers are signed out too. Your API tokens keep working; revoke them on the People page.</p>
        <ErrorNote error={error} />
        <button type="button" className="danger" disabled={busy} onClick={everywhere}>
          Sign out everywhere
        </button>
      </section>
    </Page>
  );
}
