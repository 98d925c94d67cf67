/** Small shared pieces: times, page frame, states, dialogs, live subscriptions, actions. */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useMutation, useSubscription, type AnyVariables, type CombinedError, type DocumentInput } from 'urql';
import { useConnection } from './connection.tsx';
import { errorText, localTime, span, utcTime } from './format.ts';

/** A time in the viewer's zone, the UTC time on hover. */
export function Time({ value, fallback = '—' }: { value: string | null | undefined; fallback?: string }) {
  if (!value) return <span>{fallback}</span>;
  return (
    <time dateTime={value} title={utcTime(value)}>
      {localTime(value)}
    </time>
  );
}

/** The current time, ticking every `everyMs`. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "in 1 h 5 min" / "3 min ago", with the exact time on hover. */
export function Relative({ value }: { value: string }) {
  const now = useNow();
  const ms = new Date(value).getTime() - now;
  return (
    <time dateTime={value} title={`${localTime(value)} (${utcTime(value)})`}>
      {ms >= 0 ? `in ${span(ms)}` : `${span(-ms)} ago`}
    </time>
  );
}

/** A page: its document title and one h1, which takes focus when the page opens (for screen readers). */
export function Page({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · opsdesk`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {aside}
      </div>
      {children}
    </>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}…
    </p>
  );
}

export function ErrorNote({ error, retry, children }: { error?: CombinedError | Error | string | null; retry?: () => void; children?: ReactNode }) {
  if (!error && !children) return null;
  return (
    <div className="error" role="alert">
      <p>{children ?? (typeof error === 'string' ? error : errorText(error))}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A success note that screen readers announce. */
export function Done({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className="done" role="status">
      {children}
    </p>
  );
}

/**
 * A modal <dialog>: the browser traps focus and Escape closes it; focus goes back to where it was.
 * Its content is rendered only while open.
 */
export function Dialog({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={id}
      onClose={() => {
        onClose();
        returnTo.current?.focus();
      }}
    >
      {open && (
        <>
          <h2 id={id}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/**
 * Follow a subscription and call `onEvent` for each message (usually: refetch with network-only).
 * When the socket comes up (at first, or back after a drop), events sent while it was down are lost:
 * `onEvent(undefined)` then says "you may have missed some", and the page reads afresh. Returns whether it runs and why it
 * stopped, for <LiveNote>.
 */
export function useLive<Data, Variables extends AnyVariables>(
  query: DocumentInput<Data, Variables>,
  variables: Variables,
  onEvent: (data: Data | undefined) => void,
  pause = false,
): { error?: CombinedError; paused: boolean } {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [result] = useSubscription<Data, Data, Variables>({ query, variables, pause } as never, (_previous, data) => {
    handler.current(data);
    return data;
  });
  // Events committed while the socket was not up (before it first connected, after the page's
  // first read; or during a drop) never arrive: each time it comes up, the page reads afresh.
  const connection = useConnection();
  const up = useRef(connection === 'connected');
  useEffect(() => {
    if (connection !== 'connected') up.current = false;
    else if (!up.current) {
      up.current = true;
      if (!pause) handler.current(undefined);
    }
  }, [connection, pause]);
  return { error: result.error, paused: pause };
}

/**
 * Coalesce bursts of events into few refetches: the first runs at once (a single change shows
 * without delay), and whatever arrives within `ms` after it is read by one more run at the end.
 */
export function useThrottled(fn: () => void, ms = 400): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef(false);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current) {
      pending.current = true;
      return;
    }
    // After the current turn: urql calls a subscription's handler while React renders, and a
    // refetch then would update another component mid-render.
    queueMicrotask(() => latest.current());
    const settle = () => {
      if (!pending.current) {
        timer.current = undefined;
        return;
      }
      pending.current = false;
      latest.current();
      timer.current = setTimeout(settle, ms);
    };
    timer.current = setTimeout(settle, ms);
  }, [ms]);
}

/**
 * Whether the page's live updates run: from the graphql-ws connection's state (connected,
 * reconnecting, offline) and the page's subscriptions (a refused one stops them).
 */
export function LiveNote({ states }: { states: { error?: CombinedError; paused: boolean }[] }) {
  const connection = useConnection();
  const failed = states.find((s) => s.error);
  if (failed) {
    return (
      <p className="live off" role="status">
        Live updates stopped: {errorText(failed.error)} Reload the page to try again.
      </p>
    );
  }
  if (states.every((s) => s.paused)) return null;
  if (connection === 'connected') {
    return (
      <p className="live on" role="status">
        <span aria-hidden="true">●</span> Live
      </p>
    );
  }
  if (connection === 'offline') {
    return (
      <p className="live off" role="status">
        <span aria-hidden="true">○</span> Offline: live updates wait for the connection to come back.
      </p>
    );
  }
  return (
    <p className="live wait" role="status">
      <span aria-hidden="true">◌</span> {connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
    </p>
  );
}

/** A mutation with its error in words; `run` resolves with the data, or undefined when it failed. */
export function useAction<Data, Variables extends AnyVariables>(query: DocumentInput<Data, Variables>) {
  const [state, execute] = useMutation<Data, Variables>(query);
  const [error, setError] = useState<string>();
  const run = useCallback(
    async (variables: Variables): Promise<Data | undefined> => {
      setError(undefined);
      const result = await execute(variables);
      if (result.error || !result.data) {
        setError(errorText(result.error) || 'Nothing came back; try again.');
        return undefined;
      }
      return result.data;
    },
    [execute],
  );
  return { run, busy: state.fetching, error, clearError: () => setError(undefined) };
}
