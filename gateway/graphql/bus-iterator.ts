/**
 * An async iterator over the event bus for one subscription. Events are buffered in order;
 * a subscriber that falls more than `limit` events behind is ended (a dashboard reconnects and
 * re-reads) rather than letting one slow client grow the process's memory without bound.
 */
import type { DomainEvent, EventBus } from '../../core/events/bus.ts';

export function subscribeToBus(
  bus: EventBus,
  accept: (event: DomainEvent) => boolean,
  limit = 10_000,
): AsyncIterableIterator<DomainEvent> {
  const buffer: DomainEvent[] = [];
  let waiting: ((result: IteratorResult<DomainEvent>) => void) | undefined;
  let done = false;
  let overflowed = false;

  const unsubscribe = bus.subscribe((event) => {
    if (done || !accept(event)) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
    } else if (buffer.length >= limit) {
      overflowed = true;
      finish();
    } else {
      buffer.push(event);
    }
  });

  function finish(): IteratorResult<DomainEvent> {
    done = true;
    unsubscribe();
    buffer.length = 0;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  }

  return {
    next() {
      const value = buffer.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (done) {
        return overflowed
          ? Promise.reject(new Error('subscriber fell too far behind; resubscribe'))
          : Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve) => (waiting = resolve));
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
