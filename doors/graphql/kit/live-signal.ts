/**
 * Subscriptions that carry a signal the door makes ("this page changed: read it again"), not domain
 * events: the catalogue's per-event read decision does not apply (the subscriber may not read the
 * events behind the signal, only what the page shows), so the check that they may hold the
 * subscription is the whole authorisation, made at subscribe and again at every change of the
 * session's credential, exactly as `liveSubscription` does (kit/live.ts). Signals coalesce: a
 * subscriber that has not taken the last one yet gets only the newest. The source is followed from the
 * first read on: the multiplexer makes a stream only for its checks and drops it unread (kit/multiplex.ts),
 * which then costs the source nothing.
 */
import { isOpsdeskError, OpsdeskError } from '../../../core/errors.ts';
import type { StillAllowed } from './live.ts';
import type { GraphqlContext } from './context.ts';

/** Start following the signals, calling `emit` for each; returns how to stop. */
export type SignalSource<T> = (emit: (value: T) => void) => () => void;

const accessEnded = () => new OpsdeskError('FORBIDDEN', 'you may no longer follow this subscription');

export function liveSignal<T>(ctx: GraphqlContext, stillAllowed: StillAllowed, follow: SignalSource<T>): AsyncIterableIterator<T> {
  const { session } = ctx;
  if (!session) throw new Error('subscriptions run on a WebSocket session');
  stillAllowed(ctx.actor);
  let pending: { value: T } | undefined;
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  let done = false;
  let failure: Error | undefined;

  const finish = (error?: Error): IteratorResult<T> => {
    if (!done) {
      done = true;
      failure = error;
      pending = undefined;
      stopSignals?.();
      stopFollowing();
    }
    if (waiting) {
      const { resolve, reject } = waiting;
      waiting = undefined;
      if (failure) reject(failure);
      else resolve({ value: undefined, done: true });
      failure = undefined;
    }
    return { value: undefined, done: true };
  };

  let stopSignals: (() => void) | undefined;
  const emit = (value: T) => {
    if (done) return;
    if (waiting) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve({ value, done: false });
    } else {
      pending = { value };
    }
  };
  const stopFollowing = session.onChange(() => {
    if (session.ended) return void finish(session.ended);
    try {
      stillAllowed(session.actor);
    } catch (error) {
      finish(isOpsdeskError(error) && error.code !== 'FORBIDDEN' ? accessEnded() : (error as Error));
    }
  });

  return {
    next() {
      if (!done && !stopSignals) stopSignals = follow(emit);
      if (pending) {
        const { value } = pending;
        pending = undefined;
        return Promise.resolve({ value, done: false });
      }
      if (done) {
        const error = failure;
        failure = undefined;
        return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return() {
      return Promise.resolve(finish());
    },
    throw(error) {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
