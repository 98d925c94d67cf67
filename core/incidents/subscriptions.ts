/**
 * Email subscriptions to the public status page, with double opt-in. Visitors are anonymous: the
 * email door takes their request and acts for them as the system; the secret in a link proves the
 * rest.
 *
 * - `requestStatusSubscription` records a pending address with a fresh confirmation secret (random,
 *   stored as its SHA-256, valid `CONFIRM_LINK_HOURS`) and returns that secret for the door to mail,
 *   at most once per `CONFIRMATION_INTERVAL_MINUTES` per address. Its answer to the visitor is the
 *   same whatever the address's state: the result says only whether a mail is due.
 * - `confirmStatusSubscription` compares the presented secret in constant time; a confirmed address
 *   gets every public incident and maintenance notice (the email door's rule).
 * - `unsubscribeFromStatus` removes the address for good. Its link carries an HMAC of the
 *   subscriber's id under one key made on first use, so no per-address unsubscribe secret is stored.
 *
 * On the provider's chain each is recorded with the address masked (`j•••@example.com`) and the
 * subscriber's id: never the plain address.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { statusSubscribers, statusSubscriptionKeys, type StatusSubscriberRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { hashToken, secretMatches } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { StatusSubscriptionEvents } from './events.ts';
import { STATUS_SUBSCRIPTIONS, subscriptionPolicy } from './policy.ts';

export const CONFIRM_LINK_HOURS = 24;
export const CONFIRMATION_INTERVAL_MINUTES = 60;
const KEY_NAME = 'unsubscribe';

const secretInput = z.string().min(1).max(200);
const idInput = z.string().uuid();

/** `jane.doe@example.com` → `j•••@example.com`: enough for the trail to tell entries apart, not to mail anyone. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, Math.min(1, at))}•••${address.slice(at)}`;
}

function record(ctx: CommandContext, event: 'requested' | 'confirmed' | 'removed', subscriber: StatusSubscriberRow, extra: Record<string, unknown> = {}) {
  return ctx.record(StatusSubscriptionEvents[event](subscriber, { address: maskAddress(subscriber.address), ...extra }));
}

export interface SubscriptionRequested {
  /** Set when a confirmation mail is due now: the door mails this link secret to the address. */
  confirmation: { subscriberId: string; address: string; secret: string } | null;
}

export const requestStatusSubscription = defineCommand({
  name: 'requestStatusSubscription',
  input: z.object({ address: z.string().trim().toLowerCase().max(254).email() }),
  async run(ctx, input): Promise<SubscriptionRequested> {
    subscriptionPolicy.authorize(ctx.actor, 'subscriptions.change', STATUS_SUBSCRIPTIONS);
    await unsubscribeKey(ctx.tx);
    // Requests never confirmed are forgotten once their link has expired.
    await ctx.tx.delete(statusSubscribers).where(and(eq(statusSubscribers.state, 'pending'), lt(statusSubscribers.confirmExpiresAt, ctx.now)));
    const [existing] = await ctx.tx.select().from(statusSubscribers).where(eq(statusSubscribers.address, input.address)).for('update');
    if (existing?.state === 'confirmed') {
      await record(ctx, 'requested', existing, { outcome: 'already_confirmed' });
      return { confirmation: null };
    }
    const lastMailed = existing?.confirmationSentAt?.getTime() ?? -Infinity;
    if (ctx.now.getTime() - lastMailed < CONFIRMATION_INTERVAL_MINUTES * 60_000) {
      await record(ctx, 'requested', existing!, { outcome: 'recently_mailed' });
      return { confirmation: null };
    }
    const secret = `oss_${randomBytes(32).toString('base64url')}`;
    const values = {
      confirmHash: hashToken(secret),
      confirmExpiresAt: new Date(ctx.now.getTime() + CONFIRM_LINK_HOURS * 3_600_000),
      confirmationSentAt: ctx.now,
    };
    const [subscriber] = existing
      ? await ctx.tx.update(statusSubscribers).set(values).where(eq(statusSubscribers.id, existing.id)).returning()
      : await ctx.tx.insert(statusSubscribers).values({ address: input.address, ...values }).onConflictDoNothing().returning();
    if (!subscriber) {
      // A request for the same address committed meanwhile: it mails the link; this one is within its hour.
      const [other] = await ctx.tx.select().from(statusSubscribers).where(eq(statusSubscribers.address, input.address));
      await record(ctx, 'requested', other!, { outcome: 'recently_mailed' });
      return { confirmation: null };
    }
    await record(ctx, 'requested', subscriber, { outcome: 'mailed' });
    return { confirmation: { subscriberId: subscriber.id, address: subscriber.address, secret } };
  },
});

const INVALID_LINK = 'this link is not valid or has expired';

export const confirmStatusSubscription = defineCommand({
  name: 'confirmStatusSubscription',
  input: z.object({ subscriberId: idInput, secret: secretInput }),
  async run(ctx, input): Promise<{ confirmed: true }> {
    subscriptionPolicy.authorize(ctx.actor, 'subscriptions.change', STATUS_SUBSCRIPTIONS);
    const [subscriber] = await ctx.tx.select().from(statusSubscribers).where(eq(statusSubscribers.id, input.subscriberId)).for('update');
    const valid =
      subscriber?.state === 'pending' &&
      subscriber.confirmHash !== null &&
      secretMatches(input.secret, subscriber.confirmHash) &&
      (subscriber.confirmExpiresAt?.getTime() ?? 0) > ctx.now.getTime();
    if (!valid) throw new OpsdeskError('NOT_FOUND', INVALID_LINK);
    const [after] = await ctx.tx
      .update(statusSubscribers)
      .set({ state: 'confirmed', confirmHash: null, confirmExpiresAt: null, confirmedAt: ctx.now })
      .where(eq(statusSubscribers.id, subscriber.id))
      .returning();
    await record(ctx, 'confirmed', after!);
    return { confirmed: true };
  },
});

export const unsubscribeFromStatus = defineCommand({
  name: 'unsubscribeFromStatus',
  input: z.object({ subscriberId: idInput, token: secretInput }),
  async run(ctx, input): Promise<{ removed: true }> {
    subscriptionPolicy.authorize(ctx.actor, 'subscriptions.change', STATUS_SUBSCRIPTIONS);
    const key = await unsubscribeKey(ctx.tx);
    const [subscriber] = await ctx.tx.select().from(statusSubscribers).where(eq(statusSubscribers.id, input.subscriberId)).for('update');
    if (!subscriber || !tokenMatches(input.token, unsubscribeToken(key, subscriber.id))) throw new OpsdeskError('NOT_FOUND', INVALID_LINK);
    await ctx.tx.delete(statusSubscribers).where(eq(statusSubscribers.id, subscriber.id));
    await record(ctx, 'removed', subscriber);
    return { removed: true };
  },
});

/**
 * The address refused mail for good (a hard bounce): its subscription ends, as if it had
 * unsubscribed. The email door reports it; an address no subscriber has changes nothing.
 */
export const dropBouncingStatusSubscriber = defineCommand({
  name: 'dropBouncingStatusSubscriber',
  input: z.object({ address: z.string().trim().toLowerCase().max(254) }),
  async run(ctx, input): Promise<{ removed: boolean }> {
    subscriptionPolicy.authorize(ctx.actor, 'subscriptions.change', STATUS_SUBSCRIPTIONS);
    const [subscriber] = await ctx.tx.delete(statusSubscribers).where(eq(statusSubscribers.address, input.address)).returning();
    if (!subscriber) throw new OpsdeskError('NOT_FOUND', 'no status page subscriber has this address');
    await record(ctx, 'removed', subscriber, { reason: 'bounced' });
    return { removed: true };
  },
});

export interface StatusSubscriber {
  id: string;
  address: string;
  /** The secret of this subscriber's unsubscribe link. */
  unsubscribeToken: string;
}

/** The confirmed subscribers, each with its unsubscribe link's secret: for the email door only. */
export const statusSubscribersToNotify = defineQuery({
  name: 'statusSubscribersToNotify',
  input: z.object({}).default({}),
  async run({ db, actor }): Promise<StatusSubscriber[]> {
    subscriptionPolicy.authorize(actor, 'subscribers.read', STATUS_SUBSCRIPTIONS);
    const [key] = await db.select().from(statusSubscriptionKeys).where(eq(statusSubscriptionKeys.name, KEY_NAME));
    if (!key) return [];
    const rows = await db
      .select({ id: statusSubscribers.id, address: statusSubscribers.address })
      .from(statusSubscribers)
      .where(eq(statusSubscribers.state, 'confirmed'))
      .orderBy(statusSubscribers.address);
    return rows.map((row) => ({ ...row, unsubscribeToken: unsubscribeToken(key.key, row.id) }));
  },
});

/** The unsubscribe links' key, made on first use (a concurrent first use keeps the one that won). */
async function unsubscribeKey(tx: Queryable): Promise<string> {
  await tx.insert(statusSubscriptionKeys).values({ name: KEY_NAME, key: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await tx.select().from(statusSubscriptionKeys).where(eq(statusSubscriptionKeys.name, KEY_NAME));
  return row!.key;
}

const unsubscribeToken = (key: string, subscriberId: string) => createHmac('sha256', key).update(`unsubscribe:${subscriberId}`).digest('base64url');

function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
