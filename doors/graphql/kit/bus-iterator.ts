/**
 * An async iterator over the event bus for one subscription. Events are buffered in order;
 * a subscriber that falls more than `limit` events behind is ended (a dashboard reconnects and
 * re-reads) rather than letting one slow client grow the process's memory without bound.
 * `end(error)` ends it from outside (its access ended): the client then gets that error for this
 * subscription, and the socket stays open for its others.
 */
import type { DomainEvent, EventBus } from '../../../core/events/bus.ts';

export interface BusStream extends AsyncIterableIterator<DomainEvent> {
  /** End the stream; with an error, the subscriber's next read fails with it. */
  end(error?: Error): void;
  /** Called once when the stream finishes, for whatever reason. */
  onFinish(callback: () => void): void;
}

export function subscribeToBus(bus: EventBus, accept: (event: DomainEvent) => boolean, limit = 10_000): BusStream {
  const buffer: DomainEvent[] = [];
  let waiting: { resolve: (result: IteratorResult<DomainEvent>) => void; reject: (error: Error) => void } | undefined;
  let done = false;
  let failure: Error | undefined;
  const finishers: Array<() => void> = [];

  const unsubscribe = bus.subscribe((event) => {
    if (done || !accept(event)) return;
    if (waiting) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
    } else if (buffer.length >= limit) {
      finish(new Error('subscriber fell too far behind; resubscribe'));
    } else {
      buffer.push(event);
    }
  });

  function finish(error?: Error): IteratorResult<DomainEvent> {
    if (!done) {
      done = true;
      failure = error;
      unsubscribe();
      buffer.length = 0;
      for (const callback of finishers.splice(0)) callback();
    }
    if (waiting) {
      const pending = waiting;
      waiting = undefined;
      if (failure) pending.reject(failure);
      else pending.resolve({ value: undefined, done: true });
      failure = undefined;
    }
    return { value: undefined, done: true };
  }

  return {
    next() {
      const value = buffer.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (done) {
        // The failure is told once; after that the stream is simply over.
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
    end(error) {
      finish(error);
    },
    onFinish(callback) {
      if (done) callback();
      else finishers.push(callback);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
