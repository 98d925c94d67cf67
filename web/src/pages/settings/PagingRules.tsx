/**
 * The person's paging rules (provider staff): the channels a page goes by and after how many minutes,
 * in order of their delay. Add, remove, change, save (sorted by delay), or go back to the default.
 */
import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { PageChannel } from '../../gql/graphql';
import { Done, ErrorNote, Loading, useAction } from '../../lib/ui.tsx';

const NotificationRulesDocument = graphql(`
  query MyNotificationRules {
    notificationRules {
      personId
      isDefault
      steps {
        channel
        delayMinutes
      }
    }
  }
`);

const SetNotificationRulesDocument = graphql(`
  mutation SetNotificationRules($input: SetNotificationRulesInput!) {
    setNotificationRules(input: $input) {
      personId
      isDefault
      steps {
        channel
        delayMinutes
      }
    }
  }
`);

type Step = { key: number; channel: PageChannel; delayMinutes: string };

const CHANNELS: { value: PageChannel; label: string }[] = [
  { value: 'SLACK', label: 'Slack' },
  { value: 'SMS', label: 'SMS' },
  { value: 'EMAIL', label: 'Email' },
];
const MAX_STEPS = 10;

let nextKey = 1;
const keyed = (steps: { channel: PageChannel; delayMinutes: number }[]): Step[] =>
  steps.map((s) => ({ key: nextKey++, channel: s.channel, delayMinutes: String(s.delayMinutes) }));

export function PagingRules() {
  const [result, refetch] = useQuery({ query: NotificationRulesDocument });
  const save = useAction(SetNotificationRulesDocument);
  const rules = result.data?.notificationRules;
  const [steps, setSteps] = useState<Step[]>([]);
  const [done, setDone] = useState<string>();
  useEffect(() => {
    if (rules) setSteps(keyed(rules.steps));
  }, [rules]);

  const update = (key: number, change: Partial<Step>) => setSteps((list) => list.map((s) => (s.key === key ? { ...s, ...change } : s)));

  async function submit(reset: boolean) {
    setDone(undefined);
    const ordered = reset
      ? null
      : [...steps].map((s) => ({ channel: s.channel, delayMinutes: Number(s.delayMinutes) })).sort((a, b) => a.delayMinutes - b.delayMinutes);
    const data = await save.run({ input: { steps: ordered } });
    if (data) {
      setSteps(keyed(data.setNotificationRules.steps));
      setDone(reset ? 'Paging rules back to the default.' : 'Paging rules saved.');
      refetch({ requestPolicy: 'network-only' });
    }
  }

  return (
    <section aria-labelledby="paging-h">
      <h2 id="paging-h">Paging rules</h2>
      <p className="hint">
        When you are paged: each step's channel is used that many minutes after the page, unless it was acknowledged. A channel that cannot reach you (no Slack, no mobile number)
        is skipped for the next step. Steps are saved in order of their delay.
      </p>
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!rules && !result.error && <Loading what="Loading your paging rules" />}
      {rules && (
        <form
          aria-busy={save.busy}
          onSubmit={(e) => {
            e.preventDefault();
            void submit(false);
          }}
        >
          <p>{rules.isDefault ? <span className="badge">Default</span> : <span className="badge">Your rules</span>}</p>
          <ol className="steps">
            {steps.map((s, i) => (
              <li key={s.key}>
                <fieldset className="inline">
                  <legend>Step {i + 1}</legend>
                  <div className="field">
                    <label htmlFor={`step-${s.key}-channel`}>Channel of step {i + 1}</label>
                    <select id={`step-${s.key}-channel`} value={s.channel} onChange={(e) => update(s.key, { channel: e.target.value as PageChannel })}>
                      {CHANNELS.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`step-${s.key}-delay`}>Minutes after the page, step {i + 1}</label>
                    <input
                      id={`step-${s.key}-delay`}
                      type="number"
                      min={0}
                      max={1440}
                      step={1}
                      required
                      inputMode="numeric"
                      value={s.delayMinutes}
                      onChange={(e) => update(s.key, { delayMinutes: e.target.value })}
                    />
                  </div>
                  <button type="button" className="danger" disabled={steps.length <= 1} onClick={() => setSteps((list) => list.filter((x) => x.key !== s.key))}>
                    Remove step {i + 1}
                  </button>
                </fieldset>
              </li>
            ))}
          </ol>
          <div className="buttons">
            <button
              type="button"
              disabled={steps.length >= MAX_STEPS}
              onClick={() => {
                const last = steps[steps.length - 1];
                setSteps((list) => [...list, { key: nextKey++, channel: 'EMAIL', delayMinutes: String(Math.min(1440, Number(last?.delayMinutes ?? 0) + 5)) }]);
              }}
            >
              Add step
            </button>
          </div>
          <ErrorNote error={save.error} />
          <Done>{done}</Done>
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.busy || steps.length === 0}>
              {save.busy ? 'Saving…' : 'Save paging rules'}
            </button>
            <button type="button" disabled={save.busy || rules.isDefault} onClick={() => void submit(true)}>
              Reset to default
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
