/**
 * The running of a durable sender (the Slack notifier, the email door): one instance of the cluster
 * leads (a PostgreSQL advisory lock held on a connection of its own; with PGlite the one process
 * leads) and runs the sender's cycles: on every bus event, when a lane is due, and on a slow poll
 * that also checks that the lead is still held. A crash loses nothing: the sender's rows and its
 * cursor are where it left them. All its time comes from one clock (the core's, unless given), so
 * tests run outages in fake time, driving `runDue()` and `drain()` themselves.
 */
import type { Clock } from '../../core/clock.ts';
import type { Core, Leadership } from '../../core/core.ts';
import type { Logger } from '../../core/observability.ts';

/** `drain()` waits for lanes due within this long. */
const DRAIN_WAIT_MS = 5_000;

/** What a sender does; the loop decides when. */
export interface DeliveryWorker {
  /** Asked before each try to lead; false waits for the next poll (Slack: its team is not known yet). */
  canLead?(): Promise<boolean>;
  /** This instance has just taken the lead. */
  led(): Promise<void>;
  /** Take in and send what is due now; returns when a lane may send next (ms since the epoch). */
  cycle(): Promise<number | undefined>;
  /** Slow housekeeping, on each poll while leading (pruning old rows). */
  housekeeping?(): Promise<void>;
}

export interface DeliveryLoopOptions {
  core: Core;
  logger: Logger;
  /** Names the sender in log lines: `the Slack notifier`. */
  label: string;
  /** The sender's advisory lock (each sender has its own, so each may lead on another instance). */
  lockId: number;
  clock: Clock;
  /** How often to look for work the bus did not announce, and to try to lead. */
  pollMs: number;
  /** Tests drive `runDue()` and `drain()` themselves. */
  autoRun: boolean;
}

export class DeliveryLoop {
  private leadership: Leadership | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;
  private poller: NodeJS.Timeout | undefined;
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private unsubscribe: (() => void) | undefined;
  /** When the last cycle found a lane that may send next. */
  private nextWakeAt: number | undefined;

  constructor(
    private readonly options: DeliveryLoopOptions,
    private readonly worker: DeliveryWorker,
  ) {}

  private now(): number {
    return this.options.clock.now().getTime();
  }

  get leading(): boolean {
    return this.leadership !== undefined;
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.options.autoRun) return;
    this.unsubscribe = this.options.core.bus.subscribe(() => this.kick());
    this.poller = setInterval(() => void this.poll(), this.options.pollMs);
    this.poller.unref();
    void this.poll();
  }

  /** Finish the cycle in progress, then give the lead up for another instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poller) clearInterval(this.poller);
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    await this.running?.catch(() => {});
    await this.leadership?.release().catch(() => {});
    this.leadership = undefined;
  }

  /**
   * Take in and send everything that is due now by the sender's clock; returns when every lane
   * waits (for its pace, a retry, or nothing). Tests with a manual clock advance it and call this.
   */
  async runDue(): Promise<void> {
    if (!this.leadership && !(await this.tryToLead())) return;
    // Through `kick`, so this never runs a cycle beside the loop's own.
    this.kick();
    while (this.running) await this.running;
  }

  /**
   * `runDue`, then wait out waits of a few seconds and run again, until nothing more can go soon.
   * For tests and tools: the running loop does this by itself. A clock that does not move by itself
   * (a test's manual clock) ends the wait: its owner advances it and runs again.
   */
  async drain(): Promise<void> {
    for (;;) {
      await this.runDue();
      const wakeAt = this.nextWakeAt;
      const before = this.now();
      if (wakeAt === undefined || wakeAt - before > DRAIN_WAIT_MS) return;
      // A lane already due (its time passed while the cycle finished) runs again at once; only a wait
      // that the clock did not follow (a test's manual clock) hands the clock back to its owner.
      if (wakeAt <= before) continue;
      await new Promise((resolve) => setTimeout(resolve, wakeAt - before));
      if (this.now() === before) return;
    }
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    const { logger, label } = this.options;
    try {
      if (this.leadership && !(await this.leadership.stillHeld())) {
        logger.warn(`${label} lost its lead (database connection gone); another instance takes over`);
        await this.leadership.release().catch(() => {});
        this.leadership = undefined;
      }
      if (!this.leadership && !(await this.tryToLead())) return;
      await this.worker.housekeeping?.();
      this.kick();
    } catch (error) {
      logger.error({ err: error }, `${label} could not poll`);
    }
  }

  private async tryToLead(): Promise<boolean> {
    if (this.worker.canLead && !(await this.worker.canLead())) return false;
    const leadership = await this.options.core.tryLeadership(this.options.lockId);
    if (!leadership) return false;
    this.leadership = leadership;
    await this.worker.led();
    return true;
  }

  /** Run a cycle now, or once more right after the one in progress. */
  private kick(): void {
    if (!this.leadership) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        try {
          this.nextWakeAt = undefined;
          const wakeAt = await this.worker.cycle();
          this.nextWakeAt = wakeAt;
          if (wakeAt !== undefined) this.wakeAt(wakeAt);
        } catch (error) {
          this.options.logger.error({ err: error }, `${this.options.label} failed a cycle; the next poll tries again`);
        }
      } while (this.rerun && this.leadership && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  private wakeAt(at: number): void {
    if (this.stopped || !this.options.autoRun) return;
    if (this.wakeTimer && this.wakeTimer.at <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    const timer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.kick();
    }, Math.max(0, at - this.now()));
    timer.unref();
    this.wakeTimer = { at, timer };
  }
}
