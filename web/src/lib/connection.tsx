/**
 * The state of the graphql-ws connection, for the "Live" note: the client's `connecting`,
 * `connected` and `closed` events (and the browser's online/offline) kept in a small store that
 * components read through a context.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * `idle`: no subscription, so no socket (the client is lazy); `connecting`: the first attempt;
 * `reconnecting`: the socket dropped and the client retries; `offline`: the browser is offline,
 * or the client gave up.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

export class ConnectionStore {
  private state: ConnectionState = 'idle';
  private readonly listeners = new Set<() => void>();
  /** Closes since the last `connected`: past the client's retry attempts it gave up. */
  private failures = 0;

  constructor(private readonly retryAttempts: number) {}

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  readonly get = () => this.state;

  private set(state: ConnectionState) {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  connecting(isRetry: boolean) {
    if (!navigator.onLine) return this.set('offline');
    this.set(isRetry || this.state === 'reconnecting' ? 'reconnecting' : 'connecting');
  }
  connected() {
    this.failures = 0;
    this.set('connected');
  }
  /** `normal`: the lazy client closed an unused socket (code 1000), or the page let it go. */
  closed(normal: boolean) {
    if (normal) {
      this.failures = 0;
      return this.set('idle');
    }
    this.failures += 1;
    this.set(!navigator.onLine || this.failures > this.retryAttempts ? 'offline' : 'reconnecting');
  }
  /** The browser's own online/offline events. */
  network(online: boolean) {
    if (!online) this.set('offline');
    else if (this.state === 'offline' && this.failures <= this.retryAttempts) this.set('reconnecting');
  }
}

export const ConnectionContext = createContext<ConnectionStore | null>(null);

export function useConnection(): ConnectionState {
  const store = useContext(ConnectionContext);
  return useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.get ?? idle);
}

const noSubscribe = () => () => {};
const idle = (): ConnectionState => 'idle';
