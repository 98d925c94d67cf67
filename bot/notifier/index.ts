/**
 * The Slack notifier: turns committed domain events into Slack messages and message updates.
 *
 * One instance of the cluster leads (a PostgreSQL advisory lock held on a connection of its own;
 * with PGlite the one process leads). The leader
 *   1. takes in events not yet taken in, running every capability's rule on each (`intake.ts`),
 *      which stores their output as `slack_outbox` rows in the same transaction that marks them;
 *   2. sends the rows in order per lane (a channel, or one person's App Home), one lane's head at
 *      a time, at Slack's pace (`pacer.ts`); card renders still waiting fold into the newest;
 *   3. retries what Slack refused for a passing reason (rate limits as Slack says, outages with
 *      backoff, at most MAX_ATTEMPTS times) and gives up, with a log line, on what will never work.
 * It wakes on every bus event, when a paced lane is due, and on a slow poll that also checks the
 * lead is still held. A crash loses nothing: rows and unmarked events are where it left them.
 */
import type { WebClient } from '@slack/web-api';
import { and, asc, eq, inArray, lt, ne } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import { slackOutbox, type SlackOutboxRow } from '../../db/schema.ts';
import type { Leadership } from '../../db/client.ts';
import type { GatewayDeps } from '../../gateway/server.ts';
import type { HomeSection } from '../home.ts';
import type { SlackWorkspace } from '../workspace.ts';
import { deliver, type DeliveryOutcome } from './delivery.ts';
import { skipStaleEvents, takeInEvents } from './intake.ts';
import { ChannelPacer } from './pacer.ts';
import { NOTIFIER_RULES } from './rules.ts';
import type { NotifierContext, NotifierRule } from './types.ts';

/** Names the notifier's lead among PostgreSQL advisory locks (the migration lock is another). */
const NOTIFIER_LOCK_ID = 0x0b5de5d;
const MAX_ATTEMPTS = 5;
const MAX_RETRY_DELAY_MS = 60_000;
const INTAKE_BATCH = 100;
/** Rows looked at per sending round; lanes beyond them wait for the next round. */
const ROUND_ROWS = 500;
/** Lanes sent to at the same time. */
const PARALLEL_LANES = 8;
/** Events older than this when the notifier starts leading are not sent (Slack was off meanwhile). */
const STALE_AFTER_MS = 60 * 60_000;
/** Sent and abandoned rows are kept this long for inspection. */
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
/** `drain()` waits for lanes due within this long. */
const DRAIN_WAIT_MS = 5_000;

export interface NotifierOptions {
  client: WebClient;
  workspace: SlackWorkspace;
  /** Spacing of messages in one channel; Slack allows about one a second. */
  paceMs?: number;
  /** How often to look for work the bus did not announce, and to try to lead. */
  pollMs?: number;
  rules?: NotifierRule[];
  homeSections?: HomeSection[];
  /** Tests drive `runDue()` and `drain()` themselves. */
  autoRun?: boolean;
  /** Time for pacing, retries and horizons; the core's clock unless given. */
  clock?: Clock;
}

export class SlackNotifier {
  private readonly pacer: ChannelPacer;
  private readonly rules: NotifierRule[];
  private readonly clock: Clock;
  private leadership: Leadership | undefined;
  private teamId: string | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;
  private poller: NodeJS.Timeout | undefined;
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastPrune = 0;
  /** When the last cycle found a lane that may send next. */
  private nextWakeAt: number | undefined;

  constructor(
    private readonly deps: GatewayDeps,
    private readonly options: NotifierOptions,
  ) {
    this.pacer = new ChannelPacer(options.paceMs ?? 1_000);
    this.rules = options.rules ?? NOTIFIER_RULES;
    this.clock = options.clock ?? deps.core.clock;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private get logger() {
    return this.deps.logger;
  }

  get leading(): boolean {
    return this.leadership !== undefined;
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.options.autoRun === false) return;
    this.unsubscribe = this.deps.core.bus.subscribe(() => this.kick());
    this.poller = setInterval(() => void this.poll(), this.options.pollMs ?? 5_000);
    this.poller.unref();
    void this.poll();
  }

  /** Finish the send in progress, then give the lead up for another instance. */
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
   * Take in and send everything that is due now by the notifier's clock; returns when every lane
   * waits (for its pace, a retry, or nothing). Tests with a manual clock advance it and call this.
   */
  async runDue(): Promise<void> {
    if (!this.leadership && !(await this.tryToLead())) return;
    // Through `kick`, so this never runs a cycle beside the notifier's own.
    this.kick();
    while (this.running) await this.running;
  }

  /**
   * `runDue`, then wait out waits of a few seconds and run again, until nothing more can go soon.
   * For tests and tools: the running notifier does this by itself. A clock that does not move by
   * itself (a test's manual clock) ends the wait: its owner advances it and runs again.
   */
  async drain(): Promise<void> {
    for (;;) {
      await this.runDue();
      const wakeAt = this.nextWakeAt;
      const before = this.now();
      if (wakeAt === undefined || wakeAt - before > DRAIN_WAIT_MS) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wakeAt - before)));
      if (this.now() === before) return;
    }
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.leadership && !(await this.leadership.stillHeld())) {
        this.logger.warn('the Slack notifier lost its lead (database connection gone); another instance takes over');
        await this.leadership.release().catch(() => {});
        this.leadership = undefined;
      }
      if (!this.leadership && !(await this.tryToLead())) return;
      if (this.now() - this.lastPrune > PRUNE_EVERY_MS) await this.prune();
      this.kick();
    } catch (error) {
      this.logger.error({ err: error }, 'the Slack notifier could not poll');
    }
  }

  private async tryToLead(): Promise<boolean> {
    this.teamId ??= await this.options.workspace.providerTeamId();
    if (!this.teamId) return false; // auth.test failed; the next poll asks again
    const leadership = await this.deps.core.database.tryLeadership(NOTIFIER_LOCK_ID);
    if (!leadership) return false;
    this.leadership = leadership;
    const skipped = await skipStaleEvents(this.deps.core.database.db, new Date(this.now() - STALE_AFTER_MS), this.clock.now());
    this.logger.info({ skippedStaleEvents: skipped }, 'this instance sends opsdesk’s Slack messages');
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
          await this.cycle();
        } catch (error) {
          this.logger.error({ err: error }, 'the Slack notifier failed a cycle; the next poll tries again');
        }
      } while (this.rerun && this.leadership && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /** Take in, then send until every lane is waiting; remembers when the next lane may send. */
  private async cycle(): Promise<void> {
    this.nextWakeAt = undefined;
    const ctx: NotifierContext = { db: this.deps.core.database.db, teamId: this.teamId!, logger: this.logger };
    while ((await takeInEvents(this.deps.core.database.db, this.rules, ctx, { limit: INTAKE_BATCH, now: this.clock.now() })) === INTAKE_BATCH) {
      // a full batch: there may be more
    }
    for (;;) {
      const { sent, wakeAt } = await this.sendRound();
      if (sent > 0) continue;
      this.nextWakeAt = wakeAt;
      if (wakeAt !== undefined) this.wakeAt(wakeAt);
      return;
    }
  }

  /** Send the head of every lane that may send now. Returns how many went and when the next may. */
  private async sendRound(): Promise<{ sent: number; wakeAt: number | undefined }> {
    const { db } = this.deps.core.database;
    const rows = await db.select().from(slackOutbox).where(eq(slackOutbox.status, 'pending')).orderBy(asc(slackOutbox.id)).limit(ROUND_ROWS);
    this.deps.core.metrics.slackQueue.set(rows.length);
    const lanes = new Map<string, SlackOutboxRow[]>();
    for (const row of rows) {
      const lane = row.channel ?? 'unknown';
      const queue = lanes.get(lane) ?? [];
      queue.push(row);
      lanes.set(lane, queue);
    }
    const now = this.now();
    this.pacer.forgetReady(now);
    let wakeAt: number | undefined;
    const ready: Array<{ lane: string; row: SlackOutboxRow }> = [];
    for (const [lane, queue] of lanes) {
      const head = queue[0]!;
      const readyAt = Math.max(this.pacer.readyAt(lane), head.notBefore?.getTime() ?? 0);
      if (readyAt > now) {
        wakeAt = Math.min(wakeAt ?? Infinity, readyAt);
        continue;
      }
      ready.push({ lane, row: await this.foldLaterRenders(head, queue) });
    }
    for (let i = 0; i < ready.length; i += PARALLEL_LANES) {
      await Promise.all(ready.slice(i, i + PARALLEL_LANES).map(({ lane, row }) => this.send(lane, row)));
    }
    return { sent: ready.length, wakeAt };
  }

  /**
   * A card or App Home render still queued behind a newer one of the same subject is stale: the
   * head takes the newest body (keeping the head's place in the lane) and the rest are superseded.
   */
  private async foldLaterRenders(head: SlackOutboxRow, queue: SlackOutboxRow[]): Promise<SlackOutboxRow> {
    if (head.kind === 'post') return head;
    const sameSubject = queue.filter((r) => r.id !== head.id && r.kind === head.kind && r.cardKey === head.cardKey);
    if (sameSubject.length === 0) return head;
    const newest = sameSubject[sameSubject.length - 1]!;
    const { db } = this.deps.core.database;
    await db.transaction(async (tx) => {
      await tx.update(slackOutbox).set({ body: newest.body }).where(eq(slackOutbox.id, head.id));
      await tx.update(slackOutbox).set({ status: 'superseded' }).where(inArray(slackOutbox.id, sameSubject.map((r) => r.id)));
    });
    this.deps.core.metrics.slackMessages.inc({ kind: head.kind, outcome: 'folded' }, sameSubject.length);
    for (const row of sameSubject) queue.splice(queue.indexOf(row), 1);
    return { ...head, body: newest.body };
  }

  private async send(lane: string, row: SlackOutboxRow): Promise<void> {
    const { db } = this.deps.core.database;
    const result: DeliveryOutcome = await deliver(
      { client: this.options.client, db, teamId: this.teamId!, gateway: this.deps, homeSections: this.options.homeSections, clock: this.clock },
      row,
    );
    const now = this.now();
    this.pacer.sent(lane, now);
    const attempts = row.attempts + 1;
    switch (result.outcome) {
      case 'sent':
        await db.update(slackOutbox).set({ status: 'sent', sentAt: new Date(now), attempts }).where(eq(slackOutbox.id, row.id));
        this.deps.core.metrics.slackMessages.inc({ kind: row.kind, outcome: 'sent' });
        return;
      case 'retry': {
        const counted = result.counts ? attempts : row.attempts;
        if (counted >= MAX_ATTEMPTS) return this.giveUp(row, attempts, `${result.reason} (after ${attempts} attempts)`);
        const delay = Math.min(MAX_RETRY_DELAY_MS, result.afterMs * 2 ** Math.max(0, counted - 1));
        if (!result.counts) this.pacer.holdUntil(lane, now + delay);
        await db
          .update(slackOutbox)
          .set({ attempts: counted, notBefore: new Date(now + delay), lastError: result.reason })
          .where(eq(slackOutbox.id, row.id));
        this.deps.core.metrics.slackMessages.inc({ kind: row.kind, outcome: 'retry' });
        this.logger.warn({ outboxId: row.id, kind: row.kind, channel: row.channel, reason: result.reason, retryInMs: delay }, 'Slack refused a message for now; trying again');
        return;
      }
      case 'failed':
        return this.giveUp(row, attempts, result.reason);
    }
  }

  private async giveUp(row: SlackOutboxRow, attempts: number, reason: string): Promise<void> {
    await this.deps.core.database.db
      .update(slackOutbox)
      .set({ status: 'failed', attempts, lastError: reason })
      .where(eq(slackOutbox.id, row.id));
    this.deps.core.metrics.slackMessages.inc({ kind: row.kind, outcome: 'failed' });
    this.logger.error(
      { outboxId: row.id, eventId: row.eventId, kind: row.kind, channel: row.channel, cardKey: row.cardKey, reason },
      'Slack refused a message for good; it is not sent',
    );
  }

  private wakeAt(at: number): void {
    if (this.stopped || this.options.autoRun === false) return;
    if (this.wakeTimer && this.wakeTimer.at <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    const timer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.kick();
    }, Math.max(0, at - this.now()));
    timer.unref();
    this.wakeTimer = { at, timer };
  }

  private async prune(): Promise<void> {
    this.lastPrune = this.now();
    await this.deps.core.database.db
      .delete(slackOutbox)
      .where(and(ne(slackOutbox.status, 'pending'), lt(slackOutbox.createdAt, new Date(this.lastPrune - KEEP_DONE_MS))));
  }
}
