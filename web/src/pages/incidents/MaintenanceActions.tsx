/** Provider staff schedule a maintenance window by hand, move it, or cancel it (a release's window moves with its release). */
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import type { MaintenancePageQuery } from '../../gql/graphql';
import { Dialog, ErrorNote, useAction } from '../../lib/ui.tsx';
import { ServicePicker } from './ServicePicker.tsx';

type Window = MaintenancePageQuery['maintenanceWindows'][number];

const ScheduleMaintenanceDocument = graphql(`
  mutation ScheduleMaintenance($input: ScheduleMaintenanceInput!) {
    scheduleMaintenance(input: $input) {
      id
      title
    }
  }
`);

const RescheduleMaintenanceDocument = graphql(`
  mutation RescheduleMaintenance($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!, $reason: String) {
    rescheduleMaintenance(windowId: $id, startsAt: $startsAt, endsAt: $endsAt, reason: $reason) {
      id
    }
  }
`);

const CancelMaintenanceDocument = graphql(`
  mutation CancelMaintenance($id: ID!, $reason: String) {
    cancelMaintenance(windowId: $id, reason: $reason) {
      id
    }
  }
`);

/** A `datetime-local` value (the viewer's zone) as an instant, and an instant as one. */
const instant = (local: FormDataEntryValue | null) => new Date(String(local)).toISOString();
const localValue = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** The start and end fields, checked in the browser before the server checks them again. */
function WindowTimes({ id, start, end }: { id: string; start?: string; end?: string }) {
  return (
    <>
      <label htmlFor={`${id}-start`}>Starts (your local time)</label>
      <input id={`${id}-start`} name="startsAt" type="datetime-local" required defaultValue={start && localValue(start)} />
      <label htmlFor={`${id}-end`}>Ends (your local time)</label>
      <input id={`${id}-end`} name="endsAt" type="datetime-local" required defaultValue={end && localValue(end)} />
    </>
  );
}

function timesOf(form: FormData): { startsAt: string; endsAt: string } | string {
  const startsAt = instant(form.get('startsAt'));
  const endsAt = instant(form.get('endsAt'));
  return endsAt > startsAt ? { startsAt, endsAt } : 'The end must come after the start.';
}

export function ScheduleMaintenance({ onDone }: { onDone: (what: string) => void }) {
  const schedule = useAction(ScheduleMaintenanceDocument);
  const [open, setOpen] = useState(false);
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const times = timesOf(form);
    if (typeof times === 'string') return setProblem(times);
    if (serviceIds.length === 0) return setProblem('Tick at least one service.');
    setProblem(undefined);
    const data = await schedule.run({ input: { title: String(form.get('title')).trim(), description: String(form.get('description')).trim(), serviceIds, ...times } });
    if (data) {
      setOpen(false);
      setServiceIds([]);
      onDone(`“${data.scheduleMaintenance.title}” scheduled; the orgs that use its services are told.`);
    }
  }

  return (
    <>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Schedule maintenance
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Schedule maintenance">
        <form className="stack" onSubmit={submit} aria-busy={schedule.busy}>
          <p className="hint">During the window the services' alarms are recorded but do not page; those still open page when it ends.</p>
          <label htmlFor="mw-title">Title</label>
          <input id="mw-title" name="title" required maxLength={200} />
          <label htmlFor="mw-description">Description (optional)</label>
          <textarea id="mw-description" name="description" maxLength={5000} rows={3} />
          <WindowTimes id="mw" />
          <ServicePicker id="mw-services" value={serviceIds} onChange={setServiceIds} />
          <ErrorNote error={problem ?? schedule.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={schedule.busy}>
              {schedule.busy ? 'Scheduling…' : 'Schedule window'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function RescheduleMaintenance({ window: w, onDone }: { window: Window; onDone: (what: string) => void }) {
  const reschedule = useAction(RescheduleMaintenanceDocument);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string>();
  const id = `mw-${w.id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const times = timesOf(form);
    if (typeof times === 'string') return setProblem(times);
    setProblem(undefined);
    const reason = String(form.get('reason')).trim();
    const data = await reschedule.run({ id: w.id, ...times, reason: reason || undefined });
    if (data) {
      setOpen(false);
      onDone(`“${w.title}” moved; the orgs told are told again.`);
    }
  }

  return (
    <>
      <button type="button" aria-label={`Reschedule ${w.title}`} onClick={() => setOpen(true)}>
        Reschedule
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Reschedule ${w.title}`}>
        <form className="stack" onSubmit={submit} aria-busy={reschedule.busy}>
          <WindowTimes id={id} start={w.startsAt} end={w.endsAt} />
          <label htmlFor={`${id}-reason`}>Reason (told to the clients; optional)</label>
          <input id={`${id}-reason`} name="reason" maxLength={1000} />
          <ErrorNote error={problem ?? reschedule.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={reschedule.busy}>
              {reschedule.busy ? 'Saving…' : 'Move window'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function CancelMaintenance({ window: w, onDone }: { window: Window; onDone: (what: string) => void }) {
  const cancel = useAction(CancelMaintenanceDocument);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const id = `mw-cancel-${w.id}`;
  return (
    <>
      <button type="button" className="danger" aria-label={`Cancel window ${w.title}`} onClick={() => setOpen(true)}>
        Cancel window
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Cancel ${w.title}?`}>
        <form
          className="stack"
          aria-busy={cancel.busy}
          onSubmit={(e) => {
            e.preventDefault();
            void cancel.run({ id: w.id, reason: reason.trim() || undefined }).then((data) => {
              if (data) {
                setOpen(false);
                onDone(`“${w.title}” cancelled; alarms it held page now.`);
              }
            });
          }}
        >
          <p>The orgs told are told it is cancelled, and alarms it holds page at once.</p>
          <label htmlFor={`${id}-reason`}>Reason (told to the clients; optional)</label>
          <input id={`${id}-reason`} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          <ErrorNote error={cancel.error} />
          <div className="buttons">
            <button type="submit" className="danger" disabled={cancel.busy}>
              {cancel.busy ? 'Cancelling…' : 'Cancel the window'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Keep it
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
