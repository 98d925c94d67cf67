/** How each kind of message reaches the person: Slack, email or both; whether the default applies. */
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import type { NotificationChannels, NotificationKind } from '../../gql/graphql';
import { Done, ErrorNote, useAction } from '../../lib/ui.tsx';

const SetNotificationChoiceDocument = graphql(`
  mutation SetNotificationChoice($input: SetNotificationChoiceInput!) {
    setNotificationChoice(input: $input) {
      kind
      channels
      chosen
    }
  }
`);

type Choice = { kind: NotificationKind; channels: NotificationChannels; chosen: boolean };

const KINDS: { kind: NotificationKind; label: string; help: string }[] = [
  { kind: 'TICKET', label: 'Ticket updates', help: 'Received, awaiting your reply, resolved, closure reminders, severity proposals awaiting you.' },
  { kind: 'ACCESS', label: 'Production access', help: 'Requests awaiting your decision, and the decisions on your own requests.' },
  { kind: 'AUDIT', label: 'Audit checkpoints', help: 'The weekly signed audit checkpoint of your organisation (its admins).' },
];
const CHANNELS: { value: NotificationChannels; label: string }[] = [
  { value: 'SLACK', label: 'Slack' },
  { value: 'EMAIL', label: 'Email' },
  { value: 'BOTH', label: 'Both' },
];

export function NotificationChoices({ personId, choices, onSaved }: { personId: string; choices: Choice[]; onSaved: () => void }) {
  return (
    <section aria-labelledby="notify-h">
      <h2 id="notify-h">Notifications</h2>
      <p className="hint">How each kind of message reaches you. If Slack does not reach you, Slack messages come by email. Announcements always come by email.</p>
      {KINDS.map((k) => {
        const choice = choices.find((c) => c.kind === k.kind);
        return choice ? <KindChoice key={k.kind} personId={personId} label={k.label} help={k.help} choice={choice} onSaved={onSaved} /> : null;
      })}
    </section>
  );
}

function KindChoice({ personId, label, help, choice, onSaved }: { personId: string; label: string; help: string; choice: Choice; onSaved: () => void }) {
  const save = useAction(SetNotificationChoiceDocument);
  const [picked, setPicked] = useState<NotificationChannels>(choice.channels);
  const [done, setDone] = useState<string>();
  useEffect(() => setPicked(choice.channels), [choice.channels]);
  const id = `notify-${choice.kind.toLowerCase()}`;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setDone(undefined);
        void save.run({ input: { personId, kind: choice.kind, channels: picked } }).then((data) => {
          if (data) {
            setDone(`${label}: saved.`);
            onSaved();
          }
        });
      }}
      aria-busy={save.busy}
    >
      <fieldset aria-describedby={`${id}-help`}>
        <legend>{label}</legend>
        <p id={`${id}-help`} className="hint">
          {help}{' '}
          {choice.chosen ? <span className="badge">Your choice</span> : <span className="badge">Default</span>}
        </p>
        {CHANNELS.map((c) => (
          <label key={c.value} className="choice" htmlFor={`${id}-${c.value}`}>
            <input id={`${id}-${c.value}`} type="radio" name={id} value={c.value} checked={picked === c.value} onChange={() => setPicked(c.value)} /> {c.label}
          </label>
        ))}
        <div className="buttons">
          <button type="submit" disabled={save.busy || (choice.chosen && picked === choice.channels)}>
            {save.busy ? 'Saving…' : `Save ${label.toLowerCase()}`}
          </button>
        </div>
      </fieldset>
      <ErrorNote error={save.error} />
      <Done>{done}</Done>
    </form>
  );
}
