/**
 * Slack delivers events at least once (it retries when an acknowledgement is late, and a retry can
 * reach another instance) and an interaction can arrive twice. Claiming a delivery's key in the
 * database makes handling it at most once, cluster-wide.
 *
 * This is delivery bookkeeping, not a domain action: nothing about the desk changes, so it is not a
 * command and is not audited. The commands that the delivery then causes are audited as usual.
 */
import { lt } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { slackDeliveries } from '../../../db/schema.ts';

/** Slack stops retrying after minutes; keys older than a day can go, or the table grows forever. */
export const SLACK_DELIVERY_RETENTION_MS = 24 * 3_600_000;

export class DeliveryKeys {
  constructor(private readonly db: Queryable) {}

  /** True for the first claim of `key`; false for every later one (a duplicate to acknowledge and ignore). */
  async claim(key: string): Promise<boolean> {
    const claimed = await this.db
      .insert(slackDeliveries)
      .values({ key })
      .onConflictDoNothing({ target: slackDeliveries.key })
      .returning({ key: slackDeliveries.key });
    return claimed.length > 0;
  }

  async prune(now: Date): Promise<number> {
    const removed = await this.db
      .delete(slackDeliveries)
      .where(lt(slackDeliveries.createdAt, new Date(now.getTime() - SLACK_DELIVERY_RETENTION_MS)))
      .returning({ key: slackDeliveries.key });
    return removed.length;
  }
}
