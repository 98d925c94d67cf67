/**
 * The event bus: after a command commits, its domain events are published here, and subscribers
 * (GraphQL subscriptions, socket.io rooms, the Slack notifier, timers) react.
 *
 * Duties of an implementation:
 * - `publishCommitted` is called by the command runner with the events of one committed
 *   transaction; each event must reach every subscriber of every instance exactly once;
 * - events that another instance committed are delivered too (PostgreSQL), including those
 *   sent while this instance's listener was reconnecting (catch-up from the outbox);
 * - a subscriber that throws never stops delivery to the others.
 */
import type { DomainEventRow } from '../../db/schema.ts';

export interface DomainEvent {
  id: number;
  orgId: string | null;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  actorId: string;
  requestId: string;
  at: string;
}

export type EventListener = (event: DomainEvent) => void;

export interface EventBus {
  publishCommitted(events: DomainEvent[]): void;
  subscribe(listener: EventListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function toDomainEvent(row: DomainEventRow): DomainEvent {
  return {
    id: row.id,
    orgId: row.orgId,
    type: row.type,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    payload: row.payload as Record<string, unknown>,
    actorId: row.actorId,
    requestId: row.requestId,
    at: row.at.toISOString(),
  };
}

/**
 * Fan-out to local listeners, shared by both implementations. Delivery happens on the next turn
 * of the event loop, in order: the command's caller (a Slack acknowledgement, a GraphQL response)
 * goes first, and a thousand subscribers' work comes after it rather than ahead of it.
 */
export class LocalFanout {
  private readonly listeners = new Set<EventListener>();
  /** Each event with the listeners subscribed when it was published: they, and only they, get it. */
  private queue: Array<{ event: DomainEvent; listeners: EventListener[] }> = [];
  private scheduled = false;
  constructor(private readonly onListenerError: (error: unknown, event: DomainEvent) => void) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(event: DomainEvent): void {
    this.queue.push({ event, listeners: [...this.listeners] });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    for (const { event, listeners } of batch) {
      for (const listener of listeners) {
        if (!this.listeners.has(listener)) continue; // unsubscribed in the meantime
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error, event);
        }
      }
    }
  }
}

/** PGlite: one process, so publishing is delivering. */
export class InProcessEventBus implements EventBus {
  private readonly fanout: LocalFanout;
  constructor(onListenerError: (error: unknown, event: DomainEvent) => void) {
    this.fanout = new LocalFanout(onListenerError);
  }
  publishCommitted(events: DomainEvent[]): void {
    for (const event of events) this.fanout.deliver(event);
  }
  subscribe(listener: EventListener): () => void {
    return this.fanout.subscribe(listener);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
