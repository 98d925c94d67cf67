/**
 * The core of one opsdesk instance: the database, the clock, the event bus and the timers, and
 * `execute`, the one way to change anything.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Leadership } from '../db/client.ts';

export type { Leadership };
import { orgs } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { systemClock, type Clock } from './clock.ts';
import {
  createContext,
  parseInput,
  writeRecorded,
  type Command,
  type CommandContext,
  type TransactionOutcome,
} from './command.ts';
import { OpsdeskError, isUniqueViolation } from './errors.ts';
import { InProcessEventBus, type EventBus } from './events/bus.ts';
import { EventCatalogue } from './events/catalogue.ts';
import { EventConsumer } from './events/consumer.ts';
import { PostgresEventBus } from './events/postgres-bus.ts';
import { createLogger, Metrics, type Logger } from './observability.ts';
import { TimerService, type TimerServiceOptions } from './timers/service.ts';
import type { AuditSigningKey } from './audit/signing-key.ts';
import type { Capability, Reaction } from './capability.ts';
import type { OrgExporter } from './exporter.ts';
import type { Query } from './query.ts';

/** The audit trail's signed checkpoints. */
export interface AuditOptions {
  /** The instance's signing key (loaded from a file at start; never in the database). */
  key?: AuditSigningKey;
  /** Arm the hourly checkpoints and the weekly post to clients at start (the server does; the CLI, tests do not). */
  schedule?: boolean;
  /** Time between two scheduled checkpoint rounds (default 60 minutes). */
  checkpointIntervalMinutes?: number;
}

export interface CoreOptions {
  database: Database;
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
  timers?: TimerServiceOptions;
  instanceId?: string;
  audit?: AuditOptions;
  /** The capabilities this core runs (app/capabilities.ts lists them); each is installed on this core only. */
  capabilities?: readonly Capability[];
}

/** PostgreSQL serialization failures and deadlocks: the transaction is safe to run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

export class Core {
  readonly database: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly bus: EventBus;
  readonly timers: TimerService;
  /** Every event type a command may record, and who may read each on a stream. */
  readonly events = new EventCatalogue();
  readonly instanceId: string;
  readonly audit: AuditOptions;
  /** Every capability's exporters, in the capabilities' order: what an org's back-up carries. */
  readonly exporters: OrgExporter[] = [];
  private providerOrgId: string | undefined;
  private readonly startHooks: Array<() => Promise<void>> = [];
  /** What capabilities do, in the recording transaction, when an event of another is recorded. */
  private readonly reactions = new Map<string, Reaction[]>();

  constructor(options: CoreOptions) {
    this.database = options.database;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createLogger();
    this.metrics = options.metrics ?? new Metrics();
    this.instanceId = options.instanceId ?? randomUUID();
    this.audit = options.audit ?? {};
    const onError = (error: unknown, context: unknown) => this.logger.error({ err: error, context }, 'event bus error');
    this.bus =
      this.database.kind === 'postgres' ? new PostgresEventBus(this.database, onError) : new InProcessEventBus(onError);
    this.timers = new TimerService(this, options.timers);
    for (const capability of options.capabilities ?? []) this.install(capability);
  }

  private install(capability: Capability): void {
    this.events.declare(capability.events);
    const timers = typeof capability.timers === 'function' ? capability.timers(this) : (capability.timers ?? {});
    for (const [kind, handler] of Object.entries(timers)) this.timers.register(kind, handler);
    for (const reaction of capability.reactions ?? []) {
      this.reactions.set(reaction.to, [...(this.reactions.get(reaction.to) ?? []), reaction]);
    }
    if (capability.onStart) this.onStart(() => capability.onStart!(this));
    this.exporters.push(...(capability.exporters ?? []));
  }

  async start(): Promise<void> {
    await this.loadProviderOrg();
    await this.bus.start();
    await this.timers.start();
    for (const hook of this.startHooks) await hook();
  }

  /** Work a capability does once the core has started (arming its recurring timers). */
  onStart(hook: () => Promise<void>): void {
    this.startHooks.push(hook);
  }

  /** The instance's audit signing key; a core made without one cannot sign checkpoints. */
  get auditKey(): AuditSigningKey {
    if (!this.audit.key) throw new Error('this core has no audit signing key');
    return this.audit.key;
  }

  async stop(): Promise<void> {
    await this.timers.stop();
    await this.bus.stop();
  }

  /** The provider org's id, once it exists (after the first start's bootstrap). */
  get providerId(): string | undefined {
    return this.providerOrgId;
  }

  async loadProviderOrg(): Promise<string | undefined> {
    const [provider] = await this.database.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.kind, 'provider'));
    this.providerOrgId = provider?.id;
    return this.providerOrgId;
  }

  /** Run a command for an actor: validate, authorise, one transaction, publish after commit. */
  async execute<S extends z.ZodTypeAny, R>(command: Command<S, R>, actor: Actor, rawInput: z.input<S>): Promise<R> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      const input = parseInput(command.input, rawInput);
      return await this.transact(actor, (ctx) => command.run(ctx, input));
    } catch (error) {
      outcome = error instanceof OpsdeskError ? error.code : 'error';
      throw error;
    } finally {
      this.metrics.commandDuration.observe({ command: command.name, outcome }, (performance.now() - started) / 1000);
    }
  }

  /**
   * Try to become the one instance that does a cluster-wide singleton's work (the Slack notifier):
   * undefined when another instance leads. PGlite is one process: it always leads.
   */
  tryLeadership(lockId: number): Promise<Leadership | undefined> {
    return this.database.tryLeadership(lockId);
  }

  /**
   * Messages between instances that change no state and are kept nowhere (who is viewing or typing
   * in a ticket): NOTIFY on PostgreSQL, in-process on PGlite. Lost when nobody listens; never audited.
   */
  signal(channel: string, payload: string): Promise<void> {
    return this.database.notify(channel, payload);
  }

  /** Listen to `signal`s on a channel; resolves with the function that stops listening. */
  onSignal(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    return this.database.listen(channel, listener);
  }

  /** A durable consumer of the domain events with its own cursor (the Slack notifier, email). */
  consumer(name: string): EventConsumer {
    return new EventConsumer(this.database, name);
  }

  /** Run a query for an actor: validate its input, then read (the query asks its policy). */
  async read<S extends z.ZodTypeAny, R>(query: Query<S, R>, actor: Actor, rawInput: z.input<S>): Promise<R> {
    const input = parseInput(query.input, rawInput);
    const now = this.clock.now();
    return query.run({ actor, db: this.database.db, clock: this.clock, now }, input);
  }

  /**
   * One transaction with a command context. Retries serialization failures; turns a unique
   * violation that slipped past a command's own checks into a CONFLICT.
   */
  async transact<R>(
    actor: Actor,
    work: (ctx: CommandContext) => Promise<R>,
    options: { requireRecord?: boolean } = {},
  ): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const collected: Omit<TransactionOutcome<R>, 'result'> = { changes: [], events: [], timers: [], hooks: [] };
      try {
        const result = await this.database.db.transaction(async (tx) => {
          const ctx = createContext(tx, actor, this.clock, collected, (type) => this.reactions.get(type) ?? []);
          const value = await work(ctx);
          if (options.requireRecord !== false && collected.changes.length === 0) {
            throw new Error('a command committed without an audit event');
          }
          // An event nobody declared has no read rule: refuse it here rather than let streams guess.
          const undeclared = collected.changes.find((change) => !this.events.isDeclared(change.action));
          if (undeclared) throw new Error(`event type ${undeclared.action} is not in the event catalogue`);
          await writeRecorded(tx, actor, ctx.now, collected, (orgId) => this.chainFor(orgId));
          return value;
        });
        this.afterCommit({ result, ...collected });
        return result;
      } catch (error) {
        const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
        if (!(error instanceof OpsdeskError) && isUniqueViolation(error)) {
          throw new OpsdeskError('CONFLICT', 'that already exists');
        }
        throw error;
      }
    }
  }

  private chainFor(orgId: string | null): string {
    const chain = orgId ?? this.providerOrgId;
    if (!chain) throw new Error('no provider org yet: provider-wide events have no chain');
    return chain;
  }

  private afterCommit(outcome: TransactionOutcome<unknown>): void {
    if (outcome.events.length > 0) {
      this.bus.publishCommitted(outcome.events);
      for (const event of outcome.events) this.metrics.eventsPublished.inc({ type: event.type });
    }
    this.timers.armCommitted(outcome.timers);
    for (const hook of outcome.hooks) {
      Promise.resolve()
        .then(hook)
        .catch((error) => this.logger.error({ err: error }, 'after-commit hook failed'));
    }
  }
}
