/**
 * The event bus across instances on PostgreSQL.
 *
 * Each outbox insert NOTIFYs its id on commit (trigger in migration 0002). Every instance
 * LISTENs; ids it published itself were already delivered locally right after commit (lowest
 * latency), so they are skipped; other ids are read from the outbox in batches and delivered.
 * NOTIFY keeps nothing for a listener that was away: when the listener (re)connects, events
 * written since shortly before it was last known to be connected are read from the outbox and
 * those not yet delivered are delivered.
 */
import { gte, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { domainEvents } from '../../db/schema.ts';
import { LocalFanout, toDomainEvent, type DomainEvent, type EventBus, type EventListener } from './bus.ts';

export const EVENTS_CHANNEL = 'opsdesk_events';

/** How far back a catch-up reads, beyond the last moment the listener was surely connected. */
const CATCH_UP_MARGIN_MS = 30_000;
/** Ids delivered recently, remembered so that nothing is delivered twice. */
const REMEMBER_MS = 10 * 60_000;

export class PostgresEventBus implements EventBus {
  private readonly fanout: LocalFanout;
  private readonly delivered = new Map<number, number>();
  private pending = new Set<number>();
  private flushScheduled = false;
  private unlisten: (() => Promise<void>) | undefined;
  private housekeeping: NodeJS.Timeout | undefined;
  /** The last moment the listener was known to be connected: its last (re)listen or notification. */
  private lastHeard: number | undefined;

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    this.fanout = new LocalFanout((error) => onError(error, 'event listener'));
  }

  subscribe(listener: EventListener): () => void {
    return this.fanout.subscribe(listener);
  }

  publishCommitted(events: DomainEvent[]): void {
    for (const event of events) this.deliverOnce(event);
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(
      EVENTS_CHANNEL,
      (payload) => this.onNotification(payload),
      () => {
        // Runs after the first LISTEN and after each reconnect.
        const lastHeard = this.lastHeard;
        this.lastHeard = Date.now();
        if (lastHeard !== undefined) {
          this.catchUp(new Date(lastHeard - CATCH_UP_MARGIN_MS)).catch((e) => this.onError(e, 'event catch-up'));
        }
      },
    );
    this.housekeeping = setInterval(() => this.forget(), 30_000);
    this.housekeeping.unref();
  }

  async stop(): Promise<void> {
    if (this.housekeeping) clearInterval(this.housekeeping);
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
  }

  /** Read the outbox from `since` and deliver whatever this instance has not delivered yet. */
  async catchUp(since: Date): Promise<number> {
    const rows = await this.database.db
      .select()
      .from(domainEvents)
      .where(gte(domainEvents.createdAt, since))
      .orderBy(domainEvents.id)
      .limit(50_000);
    let count = 0;
    for (const row of rows) if (this.deliverOnce(toDomainEvent(row))) count++;
    return count;
  }

  private onNotification(payload: string): void {
    const id = Number(payload);
    if (!Number.isSafeInteger(id) || this.delivered.has(id)) return;
    this.lastHeard = Date.now();
    this.pending.add(id);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Batch the ids that arrive together into one read.
      setImmediate(() => this.flush().catch((e) => this.onError(e, 'event fetch')));
    }
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending].filter((id) => !this.delivered.has(id));
    this.pending = new Set();
    this.flushScheduled = false;
    if (ids.length === 0) return;
    const rows = await this.database.db.select().from(domainEvents).where(inArray(domainEvents.id, ids));
    rows.sort((a, b) => a.id - b.id);
    for (const row of rows) this.deliverOnce(toDomainEvent(row));
  }

  private deliverOnce(event: DomainEvent): boolean {
    if (this.delivered.has(event.id)) return false;
    this.delivered.set(event.id, Date.now());
    this.fanout.deliver(event);
    return true;
  }

  private forget(): void {
    const cutoff = Date.now() - REMEMBER_MS;
    for (const [id, at] of this.delivered) {
      if (at >= cutoff) break; // insertion order is delivery order
      this.delivered.delete(id);
    }
  }
}
