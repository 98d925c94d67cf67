/**
 * The email door's store: the only email door code that writes to the database, and only the
 * `email_*` tables (the queue of what it has to send, and the sequence of each invitation).
 * Everything else the door reads goes through the core's queries.
 */
import { and, asc, count, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/client.ts';
import { emailInvitations, emailOutbox, type EmailOutboxInsert, type EmailOutboxRow } from '../../../db/schema.ts';

export type { EmailOutboxInsert, EmailOutboxRow };
/** The transaction a store write joins (the door's cursor moves in it). */
export type { Tx as StoreTransaction } from '../../../db/client.ts';

const pending = eq(emailOutbox.status, 'pending');

/** The queue (`email_outbox`): rows in order per recipient, each lane's head, and each row's fate. */
export class EmailOutbox {
  constructor(private readonly db: Db) {}

  /** Queue rows, in the transaction that moves the door's cursor past the events they come from. */
  async queue(tx: Queryable, rows: EmailOutboxInsert[]): Promise<void> {
    if (rows.length > 0) await tx.insert(emailOutbox).values(rows);
  }

  /** The first pending row of every lane (recipient), however long the queue. */
  laneHeads(): Promise<EmailOutboxRow[]> {
    return this.db.selectDistinctOn([emailOutbox.lane]).from(emailOutbox).where(pending).orderBy(emailOutbox.lane, asc(emailOutbox.id));
  }

  async depth(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(emailOutbox).where(pending);
    return Number(row?.n ?? 0);
  }

  async sent(row: EmailOutboxRow, attempts: number, at: Date): Promise<void> {
    await this.db.update(emailOutbox).set({ status: 'sent', sentAt: at, attempts, lastError: null }).where(eq(emailOutbox.id, row.id));
  }

  async retryLater(row: EmailOutboxRow, attempts: number, notBefore: Date, reason: string): Promise<void> {
    await this.db.update(emailOutbox).set({ attempts, notBefore, lastError: reason }).where(eq(emailOutbox.id, row.id));
  }

  async givenUp(row: EmailOutboxRow, attempts: number, reason: string): Promise<void> {
    await this.db.update(emailOutbox).set({ status: 'failed', attempts, lastError: reason }).where(eq(emailOutbox.id, row.id));
  }

  /** Whether one of these rows went (or was to go) to this address: a delivery report about it is about mail opsdesk sent. */
  async wasSentTo(ids: number[], address: string): Promise<boolean> {
    if (ids.length === 0) return false;
    const [row] = await this.db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(inArray(emailOutbox.id, ids), eq(emailOutbox.lane, address.toLowerCase())))
      .limit(1);
    return row !== undefined;
  }

  /** Give up every row still waiting in a lane (an address that bounced): each row's id, kind and subject. */
  giveUpLane(lane: string, reason: string): Promise<Pick<EmailOutboxRow, 'id' | 'kind' | 'subject'>[]> {
    return this.db
      .update(emailOutbox)
      .set({ status: 'failed', lastError: reason })
      .where(and(pending, eq(emailOutbox.lane, lane)))
      .returning({ id: emailOutbox.id, kind: emailOutbox.kind, subject: emailOutbox.subject });
  }

  /** Sent and abandoned rows are kept a while for inspection; older ones go. */
  async prune(before: Date): Promise<void> {
    await this.db.delete(emailOutbox).where(and(ne(emailOutbox.status, 'pending'), lt(emailOutbox.createdAt, before)));
  }
}

/** The SEQUENCE of each calendar invitation sent (`email_invitations`). */
export class Invitations {
  /**
   * The sequence of a new revision of the invitation `uid`: 0 the first time, one more than the last
   * every time after. In the intake's transaction, so a revision is counted once.
   */
  async nextSequence(tx: Queryable, uid: string, now: Date): Promise<number> {
    const [row] = await tx
      .insert(emailInvitations)
      .values({ uid, sequence: 0, updatedAt: now })
      .onConflictDoUpdate({ target: emailInvitations.uid, set: { sequence: sql`${emailInvitations.sequence} + 1`, updatedAt: now } })
      .returning({ sequence: emailInvitations.sequence });
    return row!.sequence;
  }
}

export class EmailStore {
  readonly outbox: EmailOutbox;
  readonly invitations: Invitations;

  constructor(db: Db) {
    this.outbox = new EmailOutbox(db);
    this.invitations = new Invitations();
  }
}
