/**
 * Who the bearer tokens of HTTP requests stand for, remembered for a few seconds, so that a client
 * calling the API many times a second costs one read of its credential, not one per request (three
 * queries: the token, the person, their memberships).
 *
 * What is remembered is dropped the moment the directory says it changed: the bus carries every
 * token revoked or expired and every change of a person's rights (roles set, added to an org,
 * removed), from whichever instance committed it, as it does for the sessions of open connections
 * (sessions.ts). A read that was under way while such a change arrived is not remembered. The
 * time-to-live bounds what a lost notification could cost (a database failover); a token's own
 * expiry is checked on every request by the core's clock. Unknown tokens are never remembered: a
 * wrong secret always reads the database (and is limited by the rate limiter like any other).
 */
import { createHash } from 'node:crypto';
import type { Door } from '../core/actor.ts';
import type { Core } from '../core/core.ts';
import { credentialChangeOf, type Authenticated } from '../core/directory/index.ts';
import { bearerOf } from './auth.ts';

export const BEARER_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  found: Authenticated;
  /** Wall-clock ms after which the credential is read again. */
  until: number;
}

export class BearerCache {
  private readonly entries = new Map<string, Entry>();
  /** Moves on at every credential change: a read that saw it move is not remembered. */
  private generation = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly core: Core,
    private readonly ttlMs = BEARER_CACHE_TTL_MS,
  ) {}

  start(): void {
    this.unsubscribe = this.core.bus.subscribe((event) => {
      const change = credentialChangeOf(event);
      if (!change) return;
      this.generation++;
      const tokens = new Set(change.tokenIds);
      const persons = new Set(change.personIds);
      for (const [key, { found }] of this.entries) {
        if (tokens.has(found.credential.tokenId) || persons.has(found.credential.personId)) this.entries.delete(key);
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.entries.clear();
  }

  /** Who the token's secret stands for now, as `bearerOf` answers it, stamped with this request's door and id. */
  async authenticate(secret: string, door: Door, requestId: string): Promise<Authenticated | undefined> {
    const key = createHash('sha256').update(secret).digest('base64url');
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now() && !this.expired(hit.found)) {
      return { credential: hit.found.credential, actor: { ...hit.found.actor, door, requestId } };
    }
    if (hit) this.entries.delete(key);
    const before = this.generation;
    const found = await bearerOf(this.core, secret, door, requestId);
    if (found && this.generation === before) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { found, until: Date.now() + this.ttlMs });
    }
    return found;
  }

  /** How many credentials are remembered (tests). */
  get size(): number {
    return this.entries.size;
  }

  private expired({ credential }: Authenticated): boolean {
    return credential.expiresAt !== null && credential.expiresAt.getTime() <= this.core.clock.now().getTime();
  }
}
