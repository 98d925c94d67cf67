/**
 * Turning a stream of domain events into "what this reader is shown has changed", for doors that keep
 * a page live (the public status stream, the org status subscription). Events that may matter are
 * coalesced: a storm of them costs at most one read per interval, whatever its size. The read's answer
 * is compared with the last one (by a fingerprint that leaves out when it was made), and only a real
 * change is told, so that listeners learn nothing from events that change nothing they are shown.
 */
import type { DomainEvent, EventBus } from '../core/events/bus.ts';

export interface ChangeWatchOptions<T> {
  bus: EventBus;
  /** May this event change what is read? (Cheap: it runs for every event on the bus.) */
  relevant(event: DomainEvent): boolean;
  /** Read what readers are shown now. */
  read(): Promise<T>;
  /** The parts of an answer that matter: equal fingerprints are the same page. */
  fingerprint(value: T): string;
  /** Told with the new answer after a change. */
  onChange(value: T): void;
  /** A read failed: told, and the next relevant event tries again. */
  onError(error: unknown): void;
  /** At most one read per this many ms (default 1000). */
  intervalMs?: number;
  /** Wait this long after the first event of a burst, so the burst is read once (default 100). */
  settleMs?: number;
}

export interface ChangeWatch {
  /** Read now and remember the answer as the baseline (a change is told only against it). */
  prime(): Promise<void>;
  /** Stop listening; a read under way finishes and is not told. */
  close(): void;
  /** Resolves when no read is due or under way (tests, shutdown). */
  settled(): Promise<void>;
}

export function watchChanges<T>(options: ChangeWatchOptions<T>): ChangeWatch {
  const intervalMs = options.intervalMs ?? 1000;
  const settleMs = options.settleMs ?? 100;
  let last: string | undefined;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let reading: Promise<void> | undefined;
  let dirty = false;
  let closed = false;

  const check = async (): Promise<void> => {
    dirty = false;
    lastReadAt = Date.now();
    try {
      const value = await options.read();
      const print = options.fingerprint(value);
      if (closed || print === last) return;
      last = print;
      options.onChange(value);
    } catch (error) {
      if (!closed) options.onError(error);
    }
  };

  const schedule = () => {
    if (closed || timer || reading) return;
    const wait = Math.max(settleMs, lastReadAt + intervalMs - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      reading = check().finally(() => {
        reading = undefined;
        // Events that came during the read may have changed it again.
        if (dirty) schedule();
      });
    }, wait);
    timer.unref();
  };

  const unsubscribe = options.bus.subscribe((event) => {
    if (closed || !options.relevant(event)) return;
    dirty = true;
    schedule();
  });

  return {
    async prime() {
      const value = await options.read();
      last ??= options.fingerprint(value);
    },
    close() {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    async settled() {
      while (timer || reading) {
        if (reading) await reading;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** A status page's fingerprint: everything but when it was made. */
export const pageFingerprint = (page: { generatedAt: unknown }): string => JSON.stringify({ ...page, generatedAt: undefined });
