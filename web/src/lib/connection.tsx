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
  /** What the socket's own events say; the browser being offline overrides it. */
  private socket: ConnectionState = 'idle';
  private online = typeof navigator === 'undefined' ? true : navigator.onLine;
  private state: ConnectionState = 'idle';
  private readonly listeners = new Set<() => void>();
  /** Closes since the last `connected`: past the client's retry attempts it gave up. */
  private failures = 0;

  constructor(private readonly retryAttempts: number) {
    this.update();
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  readonly get = () => this.state;

  private update() {
    const state = this.online ? this.socket : 'offline';
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  connecting(isRetry: boolean) {
    this.socket = isRetry || this.socket === 'reconnecting' ? 'reconnecting' : 'connecting';
    this.update();
  }
  connected() {
    this.failures = 0;
    this.socket = 'connected';
    this.update();
  }
  /** `normal`: the lazy client closed an unused socket (code 1000), or the page let it go. */
  closed(normal: boolean) {
    if (normal) {
      this.failures = 0;
      this.socket = 'idle';
    } else {
      this.failures += 1;
      this.socket = this.failures > this.retryAttempts ? 'offline' : 'reconnecting';
    }
    this.update();
  }
  /** The browser's own online/offline events: offline wins while it lasts. */
  network(online: boolean) {
    this.online = online;
    this.update();
  }
}

export const ConnectionContext = createContext<ConnectionStore | null>(null);

export function useConnection(): ConnectionState {
  const store = useContext(ConnectionContext);
  return useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.get ?? idle);
}

const noSubscribe = () => () => {};
const idle = (): ConnectionState => 'idle';
