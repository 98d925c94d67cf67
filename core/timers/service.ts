/**
 * Durable timers: rows in `timers`, armed in memory with node-schedule, claimed with
 * `FOR UPDATE SKIP LOCKED` in the same transaction as the work they trigger, so each fires
 * exactly once across instances; a failed handler rolls its claim back and is retried later.
 * At start overdue timers fire at once; a periodic sweep picks up timers armed by other instances.
 */
import schedule from 'node-schedule';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { timers, type TimerRow } from '../../db/schema.ts';
import type { CommandContext, TimerRequest } from '../command.ts';
import type { Core } from '../core.ts';
import { systemActor } from '../actor.ts';

export type TimerHandler = (ctx: CommandContext, payload: Record<string, unknown>, timer: TimerRow) => Promise<void>;

export interface TimerServiceOptions {
  /** How often to look for timers armed elsewhere (ms). */
  sweepIntervalMs?: number;
  /** Whether to arm wake-ups in memory; tests drive `runDue()` themselves with a manual clock. */
  autoArm?: boolean;
}

const MAX_BACKOFF_MS = 5 * 60_000;

export class TimerService {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly jobs = new Map<number, schedule.Job>();
  private sweeper: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private rerun = false;
  private stopped = true;

  constructor(
    private readonly core: Core,
    private readonly options: TimerServiceOptions = {},
  ) {}

  /** How far ahead wake-ups are held in memory: past the next sweep, which arms the rest. */
  private get horizonMs(): number {
    return (this.options.sweepIntervalMs ?? 15_000) * 2;
  }

  register(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.sweep();
    if (this.options.autoArm !== false) {
      this.sweeper = setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 15_000);
      this.sweeper.unref();
    }
  }

  /** Cancel every wake-up and wait for a firing in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const job of this.jobs.values()) job.cancel();
    this.jobs.clear();
    await this.running?.catch(() => {});
  }

  /** Called after a command commits the timers it scheduled. */
  armCommitted(requests: TimerRequest[]): void {
    for (const request of requests) this.arm(request.dueAt);
  }

  /** Fire what is due now and arm wake-ups for what comes due before the next sweep. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.runDue();
      const horizon = new Date(this.core.clock.now().getTime() + this.horizonMs);
      const upcoming = await this.core.database.db
        .select({ dueAt: timers.dueAt })
        .from(timers)
        .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, horizon)))
        .limit(1000);
      for (const { dueAt } of upcoming) this.arm(dueAt);
    } catch (error) {
      this.core.logger.error({ err: error }, 'timer sweep failed');
    }
  }

  /**
   * Fire every timer that is due by the clock and has a handler here. Returns how many fired.
   * Concurrent calls in one instance share one run.
   */
  runDue(): Promise<number> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      let fired = 0;
      do {
        this.rerun = false;
        for (;;) {
          const outcome = await this.fireNext();
          if (outcome === 'none') break;
          if (outcome === 'fired') fired++;
        }
      } while (this.rerun && !this.stopped);
      return fired;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private arm(dueAt: Date): void {
    if (this.stopped || this.options.autoArm === false) return;
    const delay = dueAt.getTime() - this.core.clock.now().getTime();
    if (delay <= 0) {
      void this.runDue();
      return;
    }
    // Timers due after the next sweep are armed by that sweep: an alarm storm schedules two timers
    // per alarm, hours ahead, and holding a wake-up for each in memory would only grow the heap.
    if (delay > this.horizonMs) return;
    const at = Date.now() + delay;
    if (this.jobs.has(at)) return;
    const job = schedule.scheduleJob(new Date(at), () => {
      this.jobs.delete(at);
      void this.runDue();
    });
    if (job) this.jobs.set(at, job);
  }

  /** Claim one due timer and run its handler in the claim's transaction. */
  private async fireNext(): Promise<'fired' | 'failed' | 'none'> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0 || this.stopped) return 'none';
    let claimed: TimerRow | undefined;
    const actor = systemActor('scheduler', 'scheduler', `timer-${crypto.randomUUID()}`);
    try {
      const ran = await this.core.transact(actor, async (ctx) => {
        const [timer] = await ctx.tx
          .select()
          .from(timers)
          .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, ctx.now), inArray(timers.kind, kinds)))
          .orderBy(asc(timers.dueAt))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!timer) return false;
        claimed = timer;
        await ctx.tx
          .update(timers)
          .set({ status: 'fired', firedAt: ctx.now, firedBy: this.core.instanceId, attempts: sql`${timers.attempts} + 1` })
          .where(eq(timers.id, timer.id));
        await this.handlers.get(timer.kind)!(ctx, timer.payload as Record<string, unknown>, timer);
        return true;
      }, { requireRecord: false });
      if (!ran) return 'none';
      this.core.metrics.timersFired.inc({ kind: claimed!.kind, outcome: 'fired' });
      return 'fired';
    } catch (error) {
      if (!claimed) throw error;
      // The claim rolled back with the handler; try again later, backing off.
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** claimed.attempts);
      const retryAt = new Date(this.core.clock.now().getTime() + backoff);
      await this.core.database.db
        .update(timers)
        .set({ dueAt: retryAt, attempts: sql`${timers.attempts} + 1` })
        .where(and(eq(timers.id, claimed.id), eq(timers.status, 'pending')));
      this.core.metrics.timersFired.inc({ kind: claimed.kind, outcome: 'failed' });
      this.core.logger.error({ err: error, timer: claimed.id, kind: claimed.kind, retryAt }, 'timer handler failed');
      this.arm(retryAt);
      return 'failed';
    }
  }
}
