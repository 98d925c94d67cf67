/**
 * The event bus across instances on PostgreSQL.
 *
 * After a command commits, its instance delivers the events locally at once and announces their
 * outbox ids with one NOTIFY (ids on the wire: payloads are limited to 8000 bytes). Every instance
 * LISTENs; ids it delivered already are skipped, others are read from the outbox in batches.
 *
 * NOTIFY is sent after commit, not inside the command's transaction, because a notifying
 * transaction holds a cluster-wide lock through its commit and every org would queue behind
 * every other there. The price is that an instance dying between commit and announcement leaves
 * ids unannounced; and NOTIFY keeps nothing for a listener that was away. So:
 * - when the listener (re)connects, the outbox is read from shortly before it last heard anything;
 * - every few seconds, the ids of the last half minute are checked, and any not delivered are.
 */
import { gte, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { domainEvents } from '../../db/schema.ts';
import { LocalFanout, toDomainEvent, type DomainEvent, type EventBus, type EventListener } from './bus.ts';

export const EVENTS_CHANNEL = 'opsdesk_events';

/** How far back a catch-up reads, beyond the last moment the listener was surely connected. */
const CATCH_UP_MARGIN_MS = 30_000;
/** The safety net: how often recent outbox ids are checked, and how far back. */
const SWEEP_EVERY_MS = 5_000;
const SWEEP_WINDOW = '30 seconds';
/** Ids delivered recently, remembered so that nothing is delivered twice. */
const REMEMBER_MS = 10 * 60_000;
/** Ids per NOTIFY, well under the 8000-byte payload limit. */
const IDS_PER_NOTIFY = 400;

export class PostgresEventBus implements EventBus {
  private readonly fanout: LocalFanout;
  private readonly delivered = new Map<number, number>();
  private pending = new Set<number>();
  private fetchScheduled = false;
  private unlisten: (() => Promise<void>) | undefined;
  private timers: NodeJS.Timeout[] = [];
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
    const ids: number[] = [];
    for (const event of events) {
      this.deliverOnce(event);
      ids.push(event.id);
    }
    for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) {
      this.database
        .notify(EVENTS_CHANNEL, ids.slice(i, i + IDS_PER_NOTIFY).join(','))
        .catch((error) => this.onError(error, 'event announcement (the sweep will deliver it)'));
    }
  }

  async start(): Promise<void> {
    // What was committed before this start is not news to anyone here: the sweep starts after it.
    if (this.lastHeard === undefined) for (const id of await this.recentIds()) this.delivered.set(id, Date.now());
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
    this.timers = [
      setInterval(() => this.sweep().catch((e) => this.onError(e, 'event sweep')), SWEEP_EVERY_MS),
      setInterval(() => this.forget(), 30_000),
    ];
    for (const timer of this.timers) timer.unref();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
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

  /** The safety net for announcements that never went out: check the recent outbox ids. */
  async sweep(): Promise<void> {
    for (const id of await this.recentIds()) if (!this.delivered.has(id)) this.pending.add(id);
    if (this.pending.size > 0) await this.fetchPending();
  }

  private async recentIds(): Promise<number[]> {
    const rows = await this.database.db
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(gte(domainEvents.createdAt, sql`now() - ${SWEEP_WINDOW}::interval`));
    return rows.map((r) => r.id);
  }

  private onNotification(payload: string): void {
    this.lastHeard = Date.now();
    for (const part of payload.split(',')) {
      const id = Number(part);
      if (Number.isSafeInteger(id) && !this.delivered.has(id)) this.pending.add(id);
    }
    if (this.pending.size > 0 && !this.fetchScheduled) {
      this.fetchScheduled = true;
      // Batch the ids that arrive together into one read.
      setImmediate(() => {
        this.fetchScheduled = false;
        this.fetchPending().catch((e) => this.onError(e, 'event fetch'));
      });
    }
  }

  private async fetchPending(): Promise<void> {
    const ids = [...this.pending].filter((id) => !this.delivered.has(id));
    this.pending = new Set();
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
