/**
 * Following the status page elsewhere: its Atom feed and maintenance calendar, and email
 * subscriptions (double opt-in: the server mails a link that must be confirmed). The form is there
 * only when opsdesk sends mail; the server's answer is the same whatever the address, so the page
 * says only what it was told.
 */
import { useState, type FormEvent } from 'react';
import type { PublicStatus } from '../../lib/status.ts';
import { Done } from '../../lib/ui.tsx';

export function Follow({ feeds, emailSubscriptions }: { feeds: PublicStatus['feeds'] & {}; emailSubscriptions: boolean }) {
  return (
    <section aria-labelledby="follow-h">
      <h2 id="follow-h">Follow the status</h2>
      <ul>
        <li>
          <a href={feeds.atom} type="application/atom+xml">
            Incidents and maintenance (Atom feed)
          </a>
        </li>
        <li>
          <a href={feeds.calendar} type="text/calendar">
            Maintenance calendar (iCalendar, to subscribe to in your calendar)
          </a>
        </li>
      </ul>
      {emailSubscriptions ? <Subscribe /> : <p className="muted small">Email subscriptions are not available: this opsdesk sends no email.</p>}
    </section>
  );
}

function Subscribe() {
  const [answer, setAnswer] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = String(new FormData(event.currentTarget).get('address') ?? '');
    setBusy(true);
    setAnswer(undefined);
    setProblem(undefined);
    try {
      const response = await fetch('/status/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address }) });
      const body = (await response.json().catch(() => ({}))) as { message?: string; error?: { message?: string } };
      if (response.ok) setAnswer(body.message);
      else if (response.status === 429) setProblem('Too many requests from here; try again later.');
      else setProblem(body.error?.message ?? `opsdesk answered ${response.status}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="subscribe-h">
      <h3 id="subscribe-h">Get notices by email</h3>
      <label htmlFor="subscribe-address">Email address</label>
      <input id="subscribe-address" name="address" type="email" autoComplete="email" maxLength={254} required />
      <p className="hint">We send a link to confirm first. Every message has a link to unsubscribe.</p>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          Subscribe
        </button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <Done>{answer}</Done>
    </form>
  );
}
