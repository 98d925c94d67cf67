/**
 * The SMS door's store: the only SMS door code that writes to the database, and only the `sms_*`
 * tables (the queue of texts, each with its provider id and delivery receipt; the receipt secret).
 * Everything else the door reads goes through the core's queries.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, lt, ne } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/client.ts';
import { smsCallbackSecrets, smsOutbox, type SmsOutboxInsert, type SmsOutboxRow } from '../../../db/schema.ts';

export type { SmsOutboxInsert, SmsOutboxRow };

const pending = eq(smsOutbox.status, 'pending');

export class SmsStore {
  constructor(private readonly db: Db) {}

  /** Queue rows, in the transaction that moves the door's cursor past the events they come from. */
  async queue(tx: Queryable, rows: SmsOutboxInsert[]): Promise<void> {
    if (rows.length > 0) await tx.insert(smsOutbox).values(rows);
  }

  /** The first pending row of every lane (phone number). */
  laneHeads(): Promise<SmsOutboxRow[]> {
    return this.db.selectDistinctOn([smsOutbox.lane]).from(smsOutbox).where(pending).orderBy(smsOutbox.lane, asc(smsOutbox.id));
  }

  async depth(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(smsOutbox).where(pending);
    return Number(row?.n ?? 0);
  }

  async sent(row: SmsOutboxRow, attempts: number, at: Date, provider: string, providerMessageId: string): Promise<void> {
    await this.db
      .update(smsOutbox)
      .set({ status: 'sent', sentAt: at, attempts, lastError: null, provider, providerMessageId })
      .where(eq(smsOutbox.id, row.id));
  }

  async retryLater(row: SmsOutboxRow, attempts: number, notBefore: Date, reason: string): Promise<void> {
    await this.db.update(smsOutbox).set({ attempts, notBefore, lastError: reason }).where(eq(smsOutbox.id, row.id));
  }

  async givenUp(row: SmsOutboxRow, attempts: number, reason: string): Promise<void> {
    await this.db.update(smsOutbox).set({ status: 'failed', attempts, lastError: reason }).where(eq(smsOutbox.id, row.id));
  }

  /** A delivery receipt: the row it is about, updated; undefined for an id opsdesk never sent (or pruned). */
  async receipt(provider: string, providerMessageId: string, delivery: 'delivered' | 'failed', detail: string | null, at: Date): Promise<SmsOutboxRow | undefined> {
    const [row] = await this.db
      .update(smsOutbox)
      .set({ delivery, deliveryDetail: detail, deliveredAt: at })
      .where(and(eq(smsOutbox.provider, provider), eq(smsOutbox.providerMessageId, providerMessageId)))
      .returning();
    return row;
  }

  /** The install's receipt secret for `provider`: made once (random, 32 bytes), then always the same. */
  async callbackSecret(provider: string): Promise<string> {
    await this.db
      .insert(smsCallbackSecrets)
      .values({ provider, secret: randomBytes(32).toString('base64url') })
      .onConflictDoNothing();
    const [row] = await this.db.select().from(smsCallbackSecrets).where(eq(smsCallbackSecrets.provider, provider));
    return row!.secret;
  }

  /** Sent and abandoned rows are kept a while (receipts come in later); older ones go. */
  async prune(before: Date): Promise<void> {
    await this.db.delete(smsOutbox).where(and(ne(smsOutbox.status, 'pending'), lt(smsOutbox.createdAt, before)));
  }
}
