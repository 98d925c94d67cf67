/**
 * Sessions of long-lived connections (a graphql-ws socket, a socket.io client): the credential a
 * connection authenticated with, and the actor that credential stands for *now*.
 *
 * - Every operation on the connection asks `forOperation()`, which reads the credential's state from
 *   the database (revoked, expired, the person's current roles) and spends one unit of its rate limit.
 * - Between operations, the session follows the directory's events on the bus (a token revoked or
 *   expired, roles set, a person added or removed), from whichever instance committed them, and its
 *   own expiry time: the registry reads each affected person's tokens once for all their sessions, and each
 *   session takes the new actor and tells its listeners (the subscriptions and rooms opened
 *   on it), which end whatever the actor may no longer have. A session whose credential stopped
 *   authenticating ends with UNAUTHENTICATED.
 */
import { randomUUID } from 'node:crypto';
import type { Door, PersonActor } from '../core/actor.ts';
import type { Core } from '../core/core.ts';
import { credentialChangeOf, personCredentials, tokenCredential, type Authenticated, type TokenCredential } from '../core/directory/index.ts';
import { OpsdeskError } from '../core/errors.ts';
import type { Logger } from '../core/observability.ts';
import { bearerOf, bearerOfCookie, hostActor, tokenFrom } from './auth.ts';
import { BearerCache } from './bearer-cache.ts';
import type { RateLimiter } from './rate-limit.ts';

export type SessionListener = (session: Session) => void;

/** The longest delay setTimeout takes; a later expiry is re-armed when it is reached. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Session {
  private current: PersonActor;
  private endedWith: OpsdeskError | undefined;
  private readonly listeners = new Set<SessionListener>();
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** When the read of the credential state this session holds started (see `apply`). */
  private appliedStamp = 0;

  constructor(
    private readonly registry: SessionRegistry,
    readonly credential: TokenCredential,
    actor: PersonActor,
  ) {
    this.current = actor;
    this.armExpiry();
  }

  /** Who the connection acts as now. */
  get actor(): PersonActor {
    return this.current;
  }

  /** Set once the credential no longer authenticates (revoked, expired, person removed). */
  get ended(): OpsdeskError | undefined {
    return this.endedWith;
  }

  get door(): Door {
    return this.current.door;
  }

  /** Called after the actor changed or the session ended; returns the unsubscribe. */
  onChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The actor for one operation, from the credential's current state, with its own request id; throws
   * UNAUTHENTICATED when the credential no longer authenticates, RATE_LIMITED when it goes too fast.
   */
  async forOperation(requestId: string = randomUUID()): Promise<PersonActor> {
    if (this.endedWith) throw this.endedWith;
    this.registry.limiter.take(`token:${this.credential.tokenId}`, 'this token');
    await this.refresh();
    if (this.endedWith) throw this.endedWith;
    return { ...this.current, requestId };
  }

  /** Read the credential's state again; concurrent calls share one read, and a call during one reads once more after it. */
  refresh(): Promise<void> {
    if (this.endedWith) return Promise.resolve();
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.reload();
      } while (this.refreshAgain && !this.endedWith);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** End the session for good and tell its listeners. */
  end(error: OpsdeskError): void {
    if (this.endedWith) return;
    this.endedWith = error;
    this.release();
    this.notify();
  }

  /** The connection went away: stop following the credential. */
  close(): void {
    this.release();
    this.listeners.clear();
  }

  private async reload(): Promise<void> {
    const stamp = this.registry.readStamp();
    this.apply(await this.registry.readCredential(this.credential, this.door), stamp);
  }

  /**
   * Take the credential's state as read now (by this session or, for every session of a person at
   * once, by the registry): end the session when it no longer authenticates, tell the listeners when
   * what the actor may do changed. The actor keeps this connection's door and request id.
   *
   * `stamp` orders the reads by when they started: a read that started earlier than the one already
   * taken may have seen an older state (an operation's own read racing a demotion), so it is dropped
   * rather than handing back roles the person no longer has.
   */
  apply(found: Authenticated | undefined, stamp: number): void {
    if (this.endedWith || stamp < this.appliedStamp) return;
    this.appliedStamp = stamp;
    if (!found) {
      this.end(new OpsdeskError('UNAUTHENTICATED', 'your token was revoked or has expired; sign in again'));
      return;
    }
    const next: PersonActor = { ...found.actor, door: this.current.door, requestId: this.current.requestId };
    const changed = sameAccess(this.current, next) === false;
    this.current = next;
    if (changed) this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this);
      } catch (error) {
        this.registry.logger.error({ err: error }, 'a session listener failed');
      }
    }
  }

  private armExpiry(): void {
    const { expiresAt } = this.credential;
    if (!expiresAt) return;
    const delay = expiresAt.getTime() - this.registry.core.clock.now().getTime();
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      if (delay > MAX_TIMER_MS) this.armExpiry();
      else void this.refresh();
    }, Math.min(Math.max(0, delay), MAX_TIMER_MS));
    this.expiryTimer.unref();
  }

  private release(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.registry.forget(this);
  }
}

/** Whether two actors may do the same things: same name and the same roles in the same orgs. */
function sameAccess(a: PersonActor, b: PersonActor): boolean {
  const key = (actor: PersonActor) =>
    JSON.stringify([actor.name, actor.memberships.map((m) => [m.orgId, [...m.roles].sort()]).sort()]);
  return key(a) === key(b);
}

export type SessionOutcome = { session: Session } | { problem: 'missing' | 'invalid' };

/**
 * What a connection presents: a bearer token (`Bearer <token>` or the bare token), or the secret of
 * a web console session's cookie, once the door has checked that the connection comes from the
 * console (same origin, CSRF token). A session's operations are the `web` door's.
 */
export type Presented = { bearer: unknown } | { sessionCookie: string };

/** Every open session of this instance, indexed by token and by person, following the bus. */
export class SessionRegistry {
  private readonly byToken = new Map<string, Set<Session>>();
  private readonly byPerson = new Map<string, Set<Session>>();
  private stamps = 0;
  private readonly reloading = new Map<string, { again: boolean; done: Promise<void> }>();
  private unsubscribe: (() => void) | undefined;
  /** Who the bearer tokens of single HTTP requests stand for, briefly remembered (bearer-cache.ts). */
  readonly bearers: BearerCache;

  constructor(
    readonly core: Core,
    readonly limiter: RateLimiter,
    readonly logger: Logger,
    /** A console session unused for this long has ended. */
    private readonly sessionIdleMinutes = 8 * 60,
  ) {
    this.bearers = new BearerCache(core);
  }

  start(): void {
    this.bearers.start();
    this.unsubscribe = this.core.bus.subscribe((event) => {
      const change = credentialChangeOf(event);
      if (!change) return;
      const persons = new Set(change.personIds);
      for (const id of change.tokenIds) for (const s of this.byToken.get(id) ?? []) persons.add(s.credential.personId);
      for (const personId of persons) {
        if (!this.byPerson.has(personId)) continue;
        this.reloadPerson(personId).catch((error) => this.logger.error({ err: error }, 'could not re-read a session’s credential'));
      }
    });
  }

  /**
   * Read one person's credentials once for all of their sessions (a thousand subscriptions on ten
   * tokens cost two queries, not a thousand). Reads of a person follow one another: a change
   * arriving during a read is read again after it, so the last state read is never older than the
   * last change.
   */
  private reloadPerson(personId: string): Promise<void> {
    const running = this.reloading.get(personId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          const sessions = [...(this.byPerson.get(personId) ?? [])];
          if (sessions.length === 0) return;
          const tokenIds = [...new Set(sessions.map((s) => s.credential.tokenId))];
          const stamp = this.readStamp();
          const door = sessions[0]!.door;
          const requestId = randomUUID();
          const found = await this.core.read(personCredentials, hostActor(door, requestId), { personId, tokenIds, door, requestId });
          for (const session of sessions) session.apply(found.get(session.credential.tokenId), stamp);
        } while (entry.again);
      } finally {
        this.reloading.delete(personId);
      }
    })();
    this.reloading.set(personId, entry);
    return entry.done;
  }

  /** A number for a read about to start, larger than every earlier one's. */
  readStamp(): number {
    return ++this.stamps;
  }

  /** The credential's state now: undefined once it no longer authenticates. */
  async readCredential(credential: TokenCredential, door: Door): Promise<Authenticated | undefined> {
    const requestId = randomUUID();
    return (await this.core.read(tokenCredential, hostActor(door, requestId), { tokenId: credential.tokenId, door, requestId })) ?? undefined;
  }

  stop(): void {
    this.unsubscribe?.();
    this.bearers.stop();
  }

  /** Authenticate a connection's credential and follow it. */
  async open(presented: Presented, door: Door, requestId: string = randomUUID()): Promise<SessionOutcome> {
    let found: Authenticated | undefined;
    if ('sessionCookie' in presented) {
      found = await bearerOfCookie(this.core, presented.sessionCookie, this.sessionIdleMinutes, requestId);
    } else {
      const secret = tokenFrom(presented.bearer);
      if (!secret) return { problem: 'missing' };
      found = await bearerOf(this.core, secret, door, requestId);
    }
    if (!found) return { problem: 'invalid' };
    const session = new Session(this, found.credential, found.actor);
    add(this.byToken, found.credential.tokenId, session);
    add(this.byPerson, found.credential.personId, session);
    return { session };
  }

  /** How many sessions this instance follows (for tests and metrics). */
  get size(): number {
    let count = 0;
    for (const set of this.byToken.values()) count += set.size;
    return count;
  }

  /** @internal Called by a session that ended or closed. */
  forget(session: Session): void {
    remove(this.byToken, session.credential.tokenId, session);
    remove(this.byPerson, session.credential.personId, session);
  }
}

function add(index: Map<string, Set<Session>>, key: string, session: Session): void {
  const set = index.get(key) ?? new Set<Session>();
  set.add(session);
  index.set(key, set);
}

function remove(index: Map<string, Set<Session>>, key: string, session: Session): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(session);
  if (set.size === 0) index.delete(key);
}
