/**
 * Durable consumers of the domain events: the Slack notifier today, email and others later. Each
 * keeps its own cursor (a row of `event_cursors`), takes events in order, and moves its cursor in the
 * same transaction that stores what it made of them, so a crash loses nothing and nothing is taken
 * in twice; consumers never wait for each other.
 *
 * Why not "every id above the last one": an event's id is taken before its transaction commits and
 * commits end in any order, so a reader can see id 7 while id 6 is still committing, and would pass
 * it for good. The cursor is a transaction snapshot instead, as PgQ does it: the events of every
 * transaction a snapshot saw as ended are taken in. A batch is a window between the snapshot taken
 * in last (`done`) and a newer one (`upto`): the events of transactions `upto` saw and `done` did
 * not. A transaction still running is in neither, so its events come in a later window; a long one
 * delays only its own events, never anyone else's. A window larger than a batch is worked through in
 * (transaction id, id) order, its progress kept in the cursor.
 *
 * Several instances may read at once (a change of leader): the cursor only moves from the state the
 * batch began at, so exactly one of them stores a batch.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { resultRows, type Database, type Tx } from '../../db/client.ts';
import { domainEvents, eventCursors } from '../../db/schema.ts';
import { toDomainEvent, type DomainEvent } from './bus.ts';

/** A consumer's state: what it has taken in (see the file's comment). */
export interface EventCursor {
  readonly done: string;
  readonly upto: string | null;
  /** The last event taken in within the window (`upto` set), in (transaction id, id) order. */
  readonly txId: string | null;
  readonly eventId: number | null;
}

export interface EventBatch {
  readonly events: readonly DomainEvent[];
  readonly from: EventCursor;
  readonly to: EventCursor;
}

const SKIP_BATCH = 1_000;

export class EventConsumer {
  constructor(
    private readonly database: Database,
    /** Names the consumer's cursor for good (`slack`, `email`). */
    readonly name: string,
  ) {}

  /**
   * The consumer's cursor. One seen for the first time starts now: it is not owed the past (a
   * consumer that is, such as the notifier on an upgrade, gets its row from a migration).
   */
  async cursor(): Promise<EventCursor> {
    const read = async () =>
      (await this.database.db.select().from(eventCursors).where(eq(eventCursors.consumer, this.name)))[0];
    const row =
      (await read()) ??
      (await this.database.db
        .insert(eventCursors)
        .values({ consumer: this.name, done: sql`pg_current_snapshot()` })
        .onConflictDoNothing()
        .then(read));
    return { done: row!.done, upto: row!.upto, txId: row!.txId, eventId: row!.eventId };
  }

  /** Up to `limit` events after the cursor, oldest first, with the cursor that takes them in. */
  async read(limit: number): Promise<EventBatch> {
    const { from, upto, rows } = await this.readWindow(limit);
    const last = rows.at(-1);
    // A short page ends the window: everything `upto` saw is then taken in.
    const to: EventCursor =
      rows.length < limit || !last
        ? { done: upto, upto: null, txId: null, eventId: null }
        : { done: from.done, upto, txId: last.txId, eventId: last.id };
    return { events: rows.map(toDomainEvent), from, to };
  }

  private async readWindow(limit: number) {
    const from = await this.cursor();
    const upto = from.upto ?? (await this.currentSnapshot());
    const rows = await this.database.db
      .select()
      .from(domainEvents)
      .where(inWindow({ ...from, upto }))
      .orderBy(asc(domainEvents.txId), asc(domainEvents.id))
      .limit(limit);
    return { from, upto, rows };
  }

  /**
   * Take a batch in: `store` writes what the consumer makes of it, and the cursor moves to the
   * batch's end in the same transaction, only if it is still where the batch began. Returns false
   * (and stores nothing) when another instance took the batch in first. An empty batch moves the
   * cursor too, so the next window starts from a recent snapshot.
   */
  async commit(batch: EventBatch, store: (tx: Tx) => Promise<void> = async () => {}): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      if (!(await this.move(tx, batch.from, batch.to))) return false;
      if (batch.events.length > 0) await store(tx);
      return true;
    });
  }

  /** How many events wait after the cursor (of transactions that have ended). */
  async backlog(): Promise<number> {
    const from = await this.cursor();
    const window = { ...from, upto: from.upto ?? (await this.currentSnapshot()) };
    const [row] = await this.database.db.select({ n: sql<number>`count(*)::int` }).from(domainEvents).where(inWindow(window));
    return Number(row?.n ?? 0);
  }

  /**
   * Pass over the events at the head of the queue that happened before `before` without taking them
   * in (after an outage longer than a consumer's horizon, old notices would only bury current ones).
   * Stops at the first event that is not that old. Returns how many were passed over.
   */
  async skipBefore(before: Date): Promise<number> {
    let skipped = 0;
    for (;;) {
      const { from, upto, rows } = await this.readWindow(SKIP_BATCH);
      const fresh = rows.findIndex((row) => row.at >= before);
      const old = fresh === -1 ? rows : rows.slice(0, fresh);
      const last = old.at(-1);
      const windowEnds = fresh === -1 && rows.length < SKIP_BATCH;
      if (!last && !windowEnds) return skipped;
      const to: EventCursor = windowEnds
        ? { done: upto, upto: null, txId: null, eventId: null }
        : { done: from.done, upto, txId: last!.txId, eventId: last!.id };
      if (!(await this.commit({ events: [], from, to }))) return skipped;
      skipped += old.length;
      if (fresh !== -1 || windowEnds) return skipped;
    }
  }

  private async currentSnapshot(): Promise<string> {
    const [row] = resultRows<{ snapshot: string }>(await this.database.db.execute(sql`select pg_current_snapshot()::text as snapshot`));
    return row!.snapshot;
  }

  private async move(tx: Tx, from: EventCursor, to: EventCursor): Promise<boolean> {
    const same = (column: SQL, value: string | number | null, cast: string) =>
      value === null ? sql`${column} is null` : sql`${column} = ${String(value)}::${sql.raw(cast)}`;
    const moved = await tx
      .update(eventCursors)
      .set({ done: to.done, upto: to.upto, txId: to.txId, eventId: to.eventId, updatedAt: sql`now()` })
      .where(
        and(
          eq(eventCursors.consumer, this.name),
          sql`${eventCursors.done}::text = ${from.done}`,
          from.upto === null ? sql`${eventCursors.upto} is null` : sql`${eventCursors.upto}::text = ${from.upto}`,
          same(sql`${eventCursors.txId}`, from.txId, 'xid8'),
          same(sql`${eventCursors.eventId}`, from.eventId, 'bigint'),
        ),
      )
      .returning({ consumer: eventCursors.consumer });
    return moved.length === 1;
  }
}

/** The events of transactions `upto` saw and `done` did not, after the window's progress. */
function inWindow(cursor: EventCursor & { upto: string }): SQL {
  const done = sql`${cursor.done}::pg_snapshot`;
  const upto = sql`${cursor.upto}::pg_snapshot`;
  return and(
    // Bounds the index scan: below `done`'s xmin every transaction was seen; from `upto`'s xmax none was.
    sql`${domainEvents.txId} >= pg_snapshot_xmin(${done})`,
    sql`${domainEvents.txId} < pg_snapshot_xmax(${upto})`,
    sql`pg_visible_in_snapshot(${domainEvents.txId}, ${upto})`,
    sql`not pg_visible_in_snapshot(${domainEvents.txId}, ${done})`,
    cursor.txId === null || cursor.eventId === null
      ? undefined
      : sql`(${domainEvents.txId}, ${domainEvents.id}) > (${cursor.txId}::xid8, ${cursor.eventId})`,
  )!;
}
