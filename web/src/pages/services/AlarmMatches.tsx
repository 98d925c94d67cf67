/** Which alarms from other monitoring belong to a service (by source, by alarm `service` value, or both). */
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { Empty, ErrorNote, useAction } from '../../lib/ui.tsx';
import type { ServiceChecksData } from '../Service.tsx';

type Match = { source: string; alarmService: string };

const SetServiceAlarmMatchesDocument = graphql(`
  mutation SetServiceAlarmMatches($id: ID!, $matches: [ServiceAlarmMatchInput!]!) {
    setServiceAlarmMatches(serviceId: $id, matches: $matches) {
      source
      alarmService
    }
  }
`);

const describe = (m: ServiceChecksData['alarmMatches'][number]) =>
  [m.source && `source ${m.source}`, m.alarmService && `service ${m.alarmService}`].filter(Boolean).join(' and ');

export function AlarmMatches({ serviceId, matches, manage, onDone }: { serviceId: string; matches: ServiceChecksData['alarmMatches']; manage: boolean; onDone: (what: string) => void }) {
  const save = useAction(SetServiceAlarmMatchesDocument);
  const [rows, setRows] = useState<Match[]>(() => matches.map((m) => ({ source: m.source ?? '', alarmService: m.alarmService ?? '' })));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const filled = rows.map((r) => ({ source: r.source.trim(), alarmService: r.alarmService.trim() })).filter((r) => r.source || r.alarmService);
    const data = await save.run({ id: serviceId, matches: filled.map((r) => ({ source: r.source || null, alarmService: r.alarmService || null })) });
    if (data) onDone('Alarm matches saved.');
  }

  const change = (i: number, patch: Partial<Match>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section aria-labelledby="svc-matches">
      <h2 id="svc-matches">Alarm matches</h2>
      <p className="hint">Alarms from other monitoring that belong to this service: by their source, their service value, or both. An open one makes the service degraded.</p>
      {!manage &&
        (matches.length === 0 ? (
          <Empty>No alarm matches.</Empty>
        ) : (
          <ul>
            {matches.map((m) => (
              <li key={describe(m)}>{describe(m)}</li>
            ))}
          </ul>
        ))}
      {manage && (
        <form className="stack" onSubmit={submit} aria-busy={save.busy}>
          {rows.length === 0 && <p className="small">No alarm matches.</p>}
          {rows.map((row, i) => (
            <fieldset key={i}>
              <legend>Match {i + 1}</legend>
              <div className="inline">
                <div className="field">
                  <label htmlFor={`match-${i}-source`}>Alarm source</label>
                  <input id={`match-${i}-source`} value={row.source} maxLength={100} onChange={(e) => change(i, { source: e.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`match-${i}-service`}>Alarm service value</label>
                  <input id={`match-${i}-service`} value={row.alarmService} maxLength={200} onChange={(e) => change(i, { alarmService: e.target.value })} />
                </div>
                <button type="button" aria-label={`Remove match ${i + 1}`} onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </div>
            </fieldset>
          ))}
          <div className="buttons">
            <button type="button" onClick={() => setRows((all) => [...all, { source: '', alarmService: '' }])}>
              Add a match
            </button>
            <button type="submit" disabled={save.busy}>
              {save.busy ? 'Saving…' : 'Save alarm matches'}
            </button>
          </div>
          <ErrorNote error={save.error} />
        </form>
      )}
    </section>
  );
}
