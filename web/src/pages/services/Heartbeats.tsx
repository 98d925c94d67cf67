/** A service's heartbeats: each one's state and when the next beat is due; provider admins add, rotate and remove them. */
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { Dialog, Empty, ErrorNote, Relative, Time, useAction } from '../../lib/ui.tsx';
import type { ServiceChecksData } from '../Service.tsx';
import { SecretOnce } from './SecretOnce.tsx';
import { CheckStateBadge } from './labels.tsx';
import { RemoveCheck } from './RemoveCheck.tsx';

type Heartbeat = ServiceChecksData['heartbeats'][number];
type Shown = { heartbeatId: string; name: string; secret: string };

const CreateHeartbeatDocument = graphql(`
  mutation CreateHeartbeat($input: CreateHeartbeatInput!) {
    createHeartbeat(input: $input) {
      heartbeat {
        id
        name
      }
      secret
    }
  }
`);

const RotateHeartbeatSecretDocument = graphql(`
  mutation RotateHeartbeatSecret($id: ID!) {
    rotateHeartbeatSecret(heartbeatId: $id) {
      heartbeat {
        id
        name
      }
      secret
    }
  }
`);

const RemoveHeartbeatDocument = graphql(`
  mutation RemoveHeartbeat($id: ID!) {
    removeHeartbeat(heartbeatId: $id)
  }
`);

export function Heartbeats({ serviceId, heartbeats, manage, onDone }: { serviceId: string; heartbeats: Heartbeat[]; manage: boolean; onDone: (what: string) => void }) {
  const create = useAction(CreateHeartbeatDocument);
  const [adding, setAdding] = useState(false);
  // The secret of the heartbeat just made or rotated: in this component's state only, gone once closed.
  const [shown, setShown] = useState<Shown>();

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const grace = String(form.get('graceSeconds') ?? '').trim();
    const data = await create.run({
      input: { serviceId, name: String(form.get('name')).trim(), intervalSeconds: Number(form.get('intervalSeconds')), graceSeconds: grace ? Number(grace) : undefined },
    });
    if (data) {
      setAdding(false);
      setShown({ heartbeatId: data.createHeartbeat.heartbeat.id, name: data.createHeartbeat.heartbeat.name, secret: data.createHeartbeat.secret });
    }
  }

  function closeSecret() {
    // The dialog's own close event calls this again once it has closed: only the first counts.
    if (!shown) return;
    const name = shown.name;
    setShown(undefined);
    onDone(`Heartbeat “${name}” is ready for its job's first beat.`);
  }

  return (
    <section aria-labelledby="svc-heartbeats">
      <h2 id="svc-heartbeats">Heartbeats</h2>
      <p className="hint">Jobs that must report in every interval plus grace: a missing beat opens an alarm, the next one resolves it.</p>
      {heartbeats.length === 0 ? (
        <Empty>No heartbeats.</Empty>
      ) : (
        <div className="scroll">
          <table className="cards">
            <caption className="sr-only">Heartbeats of the service</caption>
            <thead>
              <tr>
                <th scope="col">Heartbeat</th>
                <th scope="col">Every</th>
                <th scope="col">State</th>
                <th scope="col">Last beat</th>
                <th scope="col">Due by</th>
                {manage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {heartbeats.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{h.name}</th>
                  <td data-label="Every">
                    {h.intervalSeconds} s + {h.graceSeconds} s grace
                  </td>
                  <td data-label="State">
                    <CheckStateBadge state={h.state} />
                  </td>
                  <td data-label="Last beat">
                    <Time value={h.lastBeatAt} fallback="Never" />
                  </td>
                  <td data-label="Due by">
                    <Relative value={h.dueBy} />
                  </td>
                  {manage && (
                    <td data-label="Actions">
                      <div className="buttons">
                        <RotateSecret heartbeat={h} onRotated={setShown} />
                        <RemoveHeartbeat heartbeat={h} onDone={onDone} />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <>
          <button type="button" onClick={() => setAdding(true)}>
            Add a heartbeat
          </button>
          <Dialog open={adding} onClose={() => setAdding(false)} title="Add a heartbeat">
            <form className="stack" onSubmit={add} aria-busy={create.busy}>
              <label htmlFor="hb-name">Name</label>
              <input id="hb-name" name="name" required maxLength={100} />
              <label htmlFor="hb-interval">Every (seconds, at least 10)</label>
              <input id="hb-interval" name="intervalSeconds" type="number" min={10} required defaultValue={300} />
              <label htmlFor="hb-grace">Grace (seconds; empty: a fifth of the interval, at least 10)</label>
              <input id="hb-grace" name="graceSeconds" type="number" min={10} />
              <ErrorNote error={create.error} />
              <div className="buttons">
                <button type="submit" className="primary" disabled={create.busy}>
                  {create.busy ? 'Adding…' : 'Add heartbeat'}
                </button>
                <button type="button" onClick={() => setAdding(false)}>
                  Cancel
                </button>
              </div>
            </form>
          </Dialog>
        </>
      )}
      <Dialog open={shown !== undefined} onClose={closeSecret} title={`The secret of heartbeat ${shown?.name ?? ''}`}>
        {shown && <SecretOnce heartbeatId={shown.heartbeatId} secret={shown.secret} onClose={closeSecret} />}
      </Dialog>
    </section>
  );
}

function RotateSecret({ heartbeat, onRotated }: { heartbeat: Heartbeat; onRotated: (shown: Shown) => void }) {
  const rotate = useAction(RotateHeartbeatSecretDocument);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-label={`Rotate secret of heartbeat ${heartbeat.name}`} onClick={() => setOpen(true)}>
        Rotate secret
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Rotate the secret of ${heartbeat.name}?`}>
        <p>The current secret stops working at once: the job's beats are refused until it sends the new one.</p>
        <ErrorNote error={rotate.error} />
        <div className="buttons">
          <button
            type="button"
            className="danger"
            disabled={rotate.busy}
            onClick={() =>
              void rotate.run({ id: heartbeat.id }).then((data) => {
                if (data) {
                  setOpen(false);
                  onRotated({ heartbeatId: heartbeat.id, name: heartbeat.name, secret: data.rotateHeartbeatSecret.secret });
                }
              })
            }
          >
            {rotate.busy ? 'Rotating…' : 'Rotate secret'}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </>
  );
}

function RemoveHeartbeat({ heartbeat, onDone }: { heartbeat: Heartbeat; onDone: (what: string) => void }) {
  const remove = useAction(RemoveHeartbeatDocument);
  return <RemoveCheck kind="heartbeat" name={heartbeat.name} id={heartbeat.id} action={remove} onDone={onDone} consequence="Its beats are no longer expected, and its secret stops working. An alarm open for it stays open for on-call." />;
}
