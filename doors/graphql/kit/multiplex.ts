/**
 * Multiplexed subscriptions: a subscription's selection set is executed once per event for every
 * group of subscriptions that share the same document, operation name, variables and authorisation
 * scope, its `next` payload is serialised once, and the same bytes go to every socket of the group
 * (only the subscription id in the frame differs). graphql-ws alone executes and serialises per
 * subscriber.
 *
 * The scope is the whole actor except its request id: the person, their name, the door, and every
 * membership with its org kind and roles. Every read decision of the catalogue, every policy, every
 * query and every resolver is a function of the actor and the database; two subscriptions whose
 * actors agree on all of that get the same decisions and the same results, so a group's execution
 * is exactly each member's own. (Rules do look at the person: a token's events reach its person,
 * a ticket its initiator, a request its requester; so the person is part of the key.)
 *
 * Each subscription still subscribes as itself (the subject is read and authorised for it, with the
 * same errors as before), and follows its own session: when its credential stops authenticating it
 * ends with UNAUTHENTICATED; when the person's rights change, the check made at subscribe runs again
 * from the new actor (ending it with FORBIDDEN), and else it moves to the group of its new scope.
 * Events its old group had taken but not yet sent to it are rendered for it in the new scope (those
 * the new scope may read and its new group will not send itself), before anything else: a subscription's
 * events keep their order, and a change of rights loses none that it may still read.
 */
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  subscribe,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import type { PersonActor } from '../../../core/actor.ts';
import type { Core } from '../../../core/core.ts';
import { OpsdeskError, isOpsdeskError } from '../../../core/errors.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { Logger } from '../../../core/observability.ts';
import type { GraphqlContext, LiveSession } from './context.ts';
import { liveOf, type Live } from './live.ts';

/** Where a subscription's frames go: its socket and its id on that socket. */
export interface Wire {
  /** The subscription id the client chose. */
  id: string;
  /** The operation's text as the client sent it (part of the group key). */
  query: string;
  /** Send one text frame (nothing when the socket is no longer open). */
  send(frame: string): void;
  /** Bytes queued on the socket and not yet written. */
  buffered(): number;
  /**
   * The socket, the same object for every subscription on it: while a group writes an event, each of
   * its sockets is corked once, so that the frames of many subscriptions on one socket leave in one write.
   */
  socket: { cork(): void; uncork(): void };
}

/** A group whose execution falls this many events behind ends its subscriptions (they resubscribe). */
const QUEUE_LIMIT = 10_000;
/** A socket that holds this much unsent data ends the subscription that would add more. */
const BUFFERED_LIMIT = 16 * 1024 * 1024;

const tooSlow = () => new Error('subscriber fell too far behind; resubscribe');
const accessEnded = () => new OpsdeskError('FORBIDDEN', 'you may no longer follow this subscription');

/** What every member of a group shares apart from the scope. */
interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variableValues: Record<string, unknown> | null | undefined;
  /** The key of the operation: text, operation name, variables (keys sorted). */
  key: string;
}

/** The authorisation scope of an actor: everything of it but the request id (see the top of this file). */
export function scopeOf(actor: PersonActor): string {
  const memberships = actor.memberships
    .map((m) => [m.orgId, m.orgKind, [...m.roles].sort()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([actor.type, actor.id, actor.name, actor.door, memberships]);
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same variables. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export class SubscriptionMultiplexer {
  private readonly groups = new Map<string, Group>();
  private readonly wires = new WeakMap<object, Wire>();

  constructor(
    readonly core: Core,
    /** The door's error boundary (kit/errors.ts), applied once per shared result. */
    readonly safe: (error: unknown) => GraphQLError,
    readonly logger: Logger,
  ) {}

  /** Say where the subscription run with this context value sends its frames. */
  attach(contextValue: object, wire: Wire): void {
    this.wires.set(contextValue, wire);
  }

  /** Groups now open, and their subscriptions (for tests and the bench). */
  stats(): { groups: number; subscriptions: number } {
    let subscriptions = 0;
    for (const group of this.groups.values()) subscriptions += group.members.size;
    return { groups: this.groups.size, subscriptions };
  }

  /**
   * graphql-ws's `subscribe`: authorise and find the subject as the subscriber (the field's own
   * `subscribe`, as graphql-js would), then join the group of the operation and scope. The iterator
   * returned yields nothing: frames go straight to the socket; it ends when the subscription does
   * (rejecting with the reason when its access ended).
   */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const ctx = args.contextValue as GraphqlContext;
    const wire = this.wires.get(args.contextValue as object);
    if (!wire || !ctx.session) return subscribe(args);
    const made = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in made)) return made; // refused: the errors, as graphql-js returns them
    const source = made as AsyncIterableIterator<unknown>;
    const live = liveOf(source);
    if (!live) {
      // Not a liveSubscription stream: nothing to share it by; the plain path.
      await source.return?.();
      return subscribe(args);
    }
    // The stream was only made for its checks: the group subscribes to the bus for every member.
    await source.return?.();
    const session = ctx.session;
    try {
      if (session.ended) throw session.ended;
      live.stillAllowed(session.actor);
    } catch (error) {
      return { errors: [new GraphQLError((error as Error).message, { originalError: error as Error })] };
    }
    const operation: Operation = {
      schema: args.schema,
      document: args.document,
      operationName: args.operationName,
      variableValues: args.variableValues,
      key: JSON.stringify([wire.query, args.operationName ?? null, canonical(args.variableValues ?? {})]),
    };
    const member = new Member(this, wire, session);
    this.groupFor(operation, session.actor, live).add(member);
    member.follow();
    return member.iterator;
  };

  private groupFor(operation: Operation, actor: PersonActor, live: Live): Group {
    const key = `${operation.key}\u0000${scopeOf(actor)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new Group(this, key, operation, actor, live);
      this.groups.set(key, group);
      this.core.metrics.graphqlSubscriptionGroups.inc();
    }
    return group;
  }

  /** @internal A group without members. */
  dropGroup(group: Group): void {
    if (this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    this.core.metrics.graphqlSubscriptionGroups.dec();
  }

  /**
   * @internal The member's actor changed and may still hold the subscription: move it to the group of
   * its new scope, with the events its old group had taken and not yet sent to it.
   */
  move(member: Member, from: Group, actor: PersonActor): void {
    const to = this.groupFor(from.operation, actor, from.live);
    if (to === from) return;
    const inTo = new Set(to.pending());
    const missed = from.pending().filter((event) => to.accepts(event) && !inTo.has(event));
    from.remove(member);
    to.add(member);
    if (missed.length) member.catchUp(missed, to);
  }
}

/** The subscriptions of one operation and scope: one bus listener, one execution, one payload per event. */
class Group {
  readonly members = new Set<Member>();
  private readonly queue: DomainEvent[] = [];
  private current: DomainEvent | undefined;
  private running = false;
  private readonly context: GraphqlContext;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly mux: SubscriptionMultiplexer,
    readonly key: string,
    readonly operation: Operation,
    private readonly actor: PersonActor,
    readonly live: Live,
  ) {
    const requestId = randomUUID();
    // The group's actor never changes: a member whose actor changes moves to another group.
    this.context = { core: mux.core, actor: { ...actor, requestId } };
    this.unsubscribe = mux.core.bus.subscribe((event) => {
      if (this.accepts(event)) this.push(event);
    });
  }

  /** The subscription's topic and the catalogue's read decision for this scope's actor. */
  accepts(event: DomainEvent): boolean {
    return this.live.topic(event) && this.mux.core.events.canRead(this.actor, event);
  }

  /** Events taken and not yet sent, in order (the one being rendered first). */
  pending(): DomainEvent[] {
    return this.current ? [this.current, ...this.queue] : [...this.queue];
  }

  add(member: Member): void {
    this.members.add(member);
    member.group = this;
    this.mux.core.metrics.graphqlSubscriptions.inc();
  }

  remove(member: Member): void {
    if (!this.members.delete(member)) return;
    this.mux.core.metrics.graphqlSubscriptions.dec();
    if (member.group === this) member.group = undefined;
    if (this.members.size === 0) this.close();
  }

  private close(): void {
    this.unsubscribe();
    this.queue.length = 0;
    this.mux.dropGroup(this);
  }

  private push(event: DomainEvent): void {
    if (this.queue.length >= QUEUE_LIMIT) {
      for (const member of [...this.members]) member.end(tooSlow());
      return;
    }
    this.queue.push(event);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length && this.members.size) {
        const event = this.queue.shift()!;
        this.current = event;
        const began = performance.now();
        const payload = await this.render(event);
        const rendered = performance.now();
        this.current = undefined;
        // Synchronously, to the members as they are now: one that moved meanwhile gets it from its catch-up.
        const corked = new Set<Wire['socket']>();
        for (const member of this.members) {
          const { socket } = member.wire;
          if (!corked.has(socket)) {
            corked.add(socket);
            socket.cork();
          }
          member.deliver(payload);
        }
        for (const socket of corked) socket.uncork();
        const { graphqlFanout } = this.mux.core.metrics;
        graphqlFanout.observe({ phase: 'execute' }, (rendered - began) / 1000);
        graphqlFanout.observe({ phase: 'send' }, (performance.now() - rendered) / 1000);
      }
    } finally {
      this.current = undefined;
      this.running = false;
    }
  }

  /** Execute the selection set for one event as this scope's actor and serialise the result, once. */
  async render(event: DomainEvent): Promise<string> {
    let result: ExecutionResult;
    try {
      result = await execute({ ...this.operation, rootValue: event, contextValue: this.context });
    } catch (error) {
      result = { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error })] };
    }
    // The same boundary as graphql-ws's onNext in ws.ts, once for the group.
    return JSON.stringify(result.errors ? { ...result, errors: result.errors.map((e) => this.mux.safe(e)) } : result);
  }
}

/** One client subscription in a group: its socket, its session, its place in the protocol. */
class Member {
  group: Group | undefined;
  private readonly prefix: string;
  private done = false;
  private failure: Error | undefined;
  private waiting: { resolve: (result: IteratorResult<ExecutionResult>) => void; reject: (error: Error) => void } | undefined;
  private stopFollowing: (() => void) | undefined;
  /** While catching up after a move: the group's payloads, sent once the catch-up is out. */
  private held: string[] | undefined;
  private catchUps: Promise<void> = Promise.resolve();
  private catchingUp = 0;

  constructor(
    private readonly mux: SubscriptionMultiplexer,
    readonly wire: Wire,
    private readonly session: LiveSession,
  ) {
    // graphql-ws's own frame, {"id":..,"type":"next","payload":..}, around the shared payload.
    this.prefix = `{"id":${JSON.stringify(wire.id)},"type":"next","payload":`;
  }

  /** Follow the session: end on a credential that stopped working or rights that no longer hold it, re-scope otherwise. */
  follow(): void {
    this.stopFollowing = this.session.onChange(() => {
      if (this.done) return;
      if (this.session.ended) {
        this.end(this.session.ended);
        return;
      }
      const group = this.group!;
      try {
        group.live.stillAllowed(this.session.actor);
      } catch (error) {
        // NOT_FOUND at subscribe means "no such thing for you"; once held, losing it is a FORBIDDEN.
        this.end(isOpsdeskError(error) && error.code !== 'FORBIDDEN' ? accessEnded() : (error as Error));
        return;
      }
      this.mux.move(this, group, this.session.actor);
    });
  }

  deliver(payload: string): void {
    if (this.done) return;
    if (this.held) this.held.push(payload);
    else this.write(payload);
  }

  private write(payload: string): void {
    if (this.wire.buffered() > BUFFERED_LIMIT) {
      this.end(tooSlow());
      return;
    }
    this.wire.send(this.prefix + payload + '}');
  }

  /** Render, in the new group's scope, what the old group had not sent yet; hold the new group's payloads until then. */
  catchUp(events: DomainEvent[], group: Group): void {
    this.held ??= [];
    this.catchingUp++;
    this.catchUps = this.catchUps.then(async () => {
      for (const event of events) {
        const payload = await group.render(event);
        if (this.done) return;
        this.write(payload);
      }
    });
    void this.catchUps
      .catch((error: unknown) => this.mux.logger.error({ err: error }, 'a subscription catch-up failed'))
      .finally(() => {
        if (--this.catchingUp > 0) return;
        const held = this.held ?? [];
        this.held = undefined;
        for (const payload of held) if (!this.done) this.write(payload);
      });
  }

  /** End the subscription: with an error, graphql-ws sends it as the subscription's error. */
  end(error?: Error): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.held = undefined;
    this.group?.remove(this);
    this.stopFollowing?.();
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    if (error) {
      this.failure = undefined;
      waiting.reject(error);
    } else waiting.resolve({ value: undefined, done: true });
  }

  readonly iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => {
      if (this.done) {
        // The failure is told once; after that the subscription is simply over.
        const error = this.failure;
        this.failure = undefined;
        return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
    },
    return: () => {
      this.end();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw: (error: unknown) => {
      this.end();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
