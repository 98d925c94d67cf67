/**
 * The one road every action takes: a command validates its input, checks its policy, and in ONE
 * transaction changes state, appends its audit event and records its domain event (outbox).
 * After commit the events are published and `afterCommit` hooks run (arming timers, for example).
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.ts';
import { timers } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { appendAuditEvents, type AppendRequest } from './audit/chain.ts';
import type { Clock } from './clock.ts';
import { OpsdeskError } from './errors.ts';
import { jsonProblem, MAX_JSON_DEPTH } from './input.ts';
import type { DomainEvent } from './events/bus.ts';
import type { Reaction } from './capability.ts';

/** A state change, as the audit trail and the event bus both see it. */
export interface Change {
  /** The org whose chain and whose subscribers this belongs to; null for provider-wide changes. */
  orgId: string | null;
  /** `noun.verb` in the past tense: `org.created`, `person.roles_set`. Also the domain event type. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** The data that changed. Never a secret: tokens appear by id, never by value or hash. */
  data: Record<string, unknown>;
  /**
   * The request that asked for this change, when one transaction serves several requests (webhook
   * deliveries committed together); otherwise the actor's request id is recorded.
   */
  requestId?: string;
  /**
   * Who asked, by name, when one transaction serves several requests of different senders under
   * one system actor (alarm deliveries of several sources committed together): the audit event
   * names the sender, as it would had it been committed on its own.
   */
  actorName?: string;
}

export interface TimerRequest {
  kind: string;
  /** Arming the same key again moves the pending timer instead of adding a second one. */
  key: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export interface CommandContext {
  readonly actor: Actor;
  readonly tx: Tx;
  readonly clock: Clock;
  /** The command's own "now", fixed for its whole transaction. */
  readonly now: Date;
  /** Append the audit event and record the domain event, in this transaction (at its end). */
  record(change: Change): Promise<void>;
  /** Add or move a durable timer, in this transaction; it is armed after commit. */
  schedule(timer: TimerRequest): Promise<void>;
  /** `schedule` for many timers in one statement; their keys must differ. */
  scheduleAll(timers: TimerRequest[]): Promise<void>;
  /** Cancel pending timers whose key equals `key`, or starts with it when it ends in `*`. */
  cancelTimers(key: string): Promise<void>;
  afterCommit(hook: () => void | Promise<void>): void;
}

export interface Command<S extends z.ZodTypeAny, R> {
  readonly name: string;
  readonly input: S;
  run(ctx: CommandContext, input: z.output<S>): Promise<R>;
}

export function defineCommand<S extends z.ZodTypeAny, R>(command: Command<S, R>): Command<S, R> {
  return command;
}

/**
 * Append the audit events and outbox rows of everything the transaction recorded, in order.
 * The last thing before commit: from the chain head's lock to the commit is as short as it can be.
 * Consecutive events of one chain are appended together, in two round trips.
 */
export async function writeRecorded(
  tx: Tx,
  actor: Actor,
  now: Date,
  collected: Omit<TransactionOutcome<unknown>, 'result'>,
  chainFor: (orgId: string | null) => string,
): Promise<void> {
  let run: AppendRequest[] = [];
  const flush = async () => {
    collected.events.push(...(await appendAuditEvents(tx, run)));
    run = [];
  };
  for (const change of collected.changes) {
    const chainId = chainFor(change.orgId);
    if (run.length > 0 && run[0]!.entry.chainId !== chainId) await flush();
    run.push({
      entry: {
        chainId,
        orgId: change.orgId,
        at: now,
        actor: change.actorName ? { ...actor, name: change.actorName } : actor,
        action: change.action,
        subjectType: change.subjectType,
        subjectId: change.subjectId,
        data: change.data,
        requestId: change.requestId,
      },
      outbox: { type: change.action, payload: change.data },
    });
  }
  await flush();
}

/**
 * How deep core looks into an input for text it cannot store. Deeper than the doors' own limit
 * (`MAX_JSON_DEPTH`, counted from their body), since a command's input wraps what a door received.
 */
const INPUT_WALK_DEPTH = 2 * MAX_JSON_DEPTH;

/**
 * Turn zod's issues into one INVALID_INPUT that names each bad field. Text PostgreSQL cannot store
 * (NUL, lone surrogates) is refused first, wherever it is in the input, whichever door it came from.
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, raw: unknown): z.output<S> {
  const unsafe = jsonProblem(raw, '', INPUT_WALK_DEPTH);
  if (unsafe) {
    const field = unsafe.path || '(input)';
    throw new OpsdeskError('INVALID_INPUT', `invalid input: ${field}: ${unsafe.message}`, { fields: { [field]: unsafe.message } });
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.join('.') || '(input)'] ??= issue.message;
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
  throw new OpsdeskError('INVALID_INPUT', `invalid input: ${summary}`, { fields });
}

export interface TransactionOutcome<R> {
  result: R;
  /** What `record` was given; written by `writeRecorded` before commit. */
  changes: Change[];
  events: DomainEvent[];
  timers: TimerRequest[];
  hooks: Array<() => void | Promise<void>>;
}

/**
 * Build a context on an open transaction. Used by the runner and by the timer service, whose
 * claim of a timer row shares the transaction of the command the timer runs.
 */
export function createContext(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  collected: Omit<TransactionOutcome<unknown>, 'result'>,
  reactionsTo: (type: string) => readonly Reaction[] = () => [],
): CommandContext {
  const now = clock.now();
  const scheduleAll = async (requests: TimerRequest[]) => {
    if (requests.length === 0) return;
    await tx
      .insert(timers)
      .values(requests.map((timer) => ({ kind: timer.kind, key: timer.key, dueAt: timer.dueAt, payload: timer.payload })))
      .onConflictDoUpdate({
        target: timers.key,
        targetWhere: eq(timers.status, 'pending'),
        set: { dueAt: sql`excluded.due_at`, payload: sql`excluded.payload`, kind: sql`excluded.kind` },
      });
    collected.timers.push(...requests);
  };
  const ctx: CommandContext = {
    actor,
    tx,
    clock,
    now,
    async record(change) {
      // Written just before commit (see `writeRecorded`), so the chain head is locked briefly.
      collected.changes.push(change);
      // Other capabilities' part of this change, in this same transaction.
      for (const reaction of reactionsTo(change.action)) await reaction.run(ctx, change);
    },
    schedule: (timer) => scheduleAll([timer]),
    scheduleAll,
    async cancelTimers(key) {
      const match = key.endsWith('*') ? like(timers.key, `${key.slice(0, -1)}%`) : eq(timers.key, key);
      await tx.update(timers).set({ status: 'cancelled' }).where(and(match, eq(timers.status, 'pending')));
    },
    afterCommit(hook) {
      collected.hooks.push(hook);
    },
  };
  return ctx;
}
