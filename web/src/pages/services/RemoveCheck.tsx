/**
 * Removing one of a service's checks (a probe or a heartbeat): a danger button that asks first,
 * says what removing it does, and shows the server's refusal in the dialog.
 */
import { useState } from 'react';
import { Dialog, ErrorNote } from '../../lib/ui.tsx';

export interface RemoveCheckProps {
  /** `probe` or `heartbeat`. */
  kind: string;
  name: string;
  /** What removing it does, in a sentence. */
  consequence: string;
  action: { run(variables: { id: string }): Promise<unknown>; busy: boolean; error?: string };
  id: string;
  onDone: (what: string) => void;
}

export function RemoveCheck({ kind, name, consequence, action, id, onDone }: RemoveCheckProps) {
  const [open, setOpen] = useState(false);
  const label = kind.charAt(0).toUpperCase() + kind.slice(1);
  return (
    <>
      <button type="button" className="danger" aria-label={`Remove ${kind} ${name}`} onClick={() => setOpen(true)}>
        Remove
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Remove ${kind} ${name}?`}>
        <p>{consequence}</p>
        <ErrorNote error={action.error} />
        <div className="buttons">
          <button
            type="button"
            className="danger"
            disabled={action.busy}
            onClick={() =>
              void action.run({ id }).then((data) => {
                if (data) {
                  setOpen(false);
                  onDone(`${label} “${name}” removed.`);
                }
              })
            }
          >
            {action.busy ? 'Removing…' : `Remove ${kind}`}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </>
  );
}
