/**
 * Rate limits per credential (an API token, a Slack user): a token bucket each, in this instance's
 * memory. A caller may spend `burst` operations at once and then `perSecond` more each second; beyond
 * that the operation is refused with RATE_LIMITED and how many seconds to wait. With several instances
 * behind a load balancer each keeps its own buckets, so the cluster-wide limit is at most the instance
 * count times this one: a bound against a runaway client, not an exact quota.
 */
import { OpsdeskError } from '../core/errors.ts';

export interface RateLimitOptions {
  /** Operations a credential may add each second; 0 turns the limits off. */
  perSecond: number;
  /** Operations a credential may spend at once. */
  burst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full ones are forgotten (a full bucket is the same as no bucket). */
const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.perSecond > 0;
  }

  /**
   * Spend one operation of `key`'s bucket, or throw RATE_LIMITED with `details.retryAfterSeconds`.
   * `what` names the credential in the message ("this token", "you").
   */
  take(key: string, what = 'this credential'): void {
    const wait = this.tryTake(key);
    if (wait > 0) {
      throw new OpsdeskError('RATE_LIMITED', `too many requests from ${what}; try again in ${wait} s`, { retryAfterSeconds: wait });
    }
  }

  /** 0 when the operation may go; otherwise the whole seconds to wait before one more may. */
  tryTake(key: string): number {
    if (!this.enabled) return 0;
    const { perSecond, burst } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > PRUNE_AT) this.forgetFull(now);
    return 0;
  }

  private forgetFull(now: number): void {
    const { perSecond, burst } = this.options;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= burst) this.buckets.delete(key);
    }
  }
}
