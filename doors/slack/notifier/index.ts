/**
 * The Slack notifier: turns committed domain events into Slack messages and message updates.
 *
 * One instance of the cluster leads (a PostgreSQL advisory lock held on a connection of its own;
 * with PGlite the one process leads). The leader
 *   1. takes in the events after its cursor, running every capability's rule on each (`intake.ts`),
 *      which stores their output as `slack_outbox` rows in the same transaction that moves the cursor;
 *   2. sends the rows in order per lane (a channel, or one person's App Home), one lane's head at
 *      a time, at Slack's pace (`pacer.ts`); card renders still waiting fold into the newest;
 *   3. retries what Slack could not take for a passing reason (network errors, 5xx, 429 and the
 *      platform's passing errors; rate limits as Slack says, the rest with capped exponential
 *      backoff and jitter, `backoff.ts`) until the row is older than the retry horizon (24 h by
 *      default); a lane's waiting head holds its lane, so order per lane holds through an outage.
 *      It gives up, with one error log line and a count by reason, only on what Slack refuses for
 *      good, and on what is still failing at the horizon;
 *   4. counts the pages (alarm DMs) that have waited more than 60 s, which `/readyz` shows as degraded.
 * It wakes on every bus event, when a lane is due, and on a slow poll that also checks the lead is
 * still held. A crash loses nothing: rows and the cursor are where it left them. All its time
 * comes from one clock (the core's), so tests run outages in fake time.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../../core/clock.ts';
import type { EventConsumer } from '../../../core/events/consumer.ts';
import { systemActor } from '../../../core/actor.ts';
import type { Core, Leadership } from '../../../core/core.ts';
import type { Logger } from '../../../core/observability.ts';
import type { SlackOutboxRow } from '../store/index.ts';
import type { Host } from '../../../server/door.ts';
import type { HomeSection } from '../home.ts';
import type { SlackWorkspace } from '../workspace.ts';
import { backoffMs, DEFAULT_RETRY_HORIZON_MS } from './backoff.ts';
import { deliver, type DeliveryOutcome } from './delivery.ts';
import { takeInEvents } from './intake.ts';
import { ChannelPacer } from './pacer.ts';
import type { SlackStore } from '../store/index.ts';
import type { NotifierContext, NotifierRule } from './types.ts';

/** Names the notifier's lead among PostgreSQL advisory locks (the migration lock is another). */
const NOTIFIER_LOCK_ID = 0x0b5de5d;
/** The notifier's cursor in `event_cursors` (its row comes from migration 0016 on an upgrade). */
export const SLACK_CONSUMER = 'slack';
const INTAKE_BATCH = 100;
/** Lane heads sent per round; more due lanes go in the next round of the same cycle. */
const ROUND_LANES = 200;
/** Lanes sent to at the same time. */
const PARALLEL_LANES = 8;
/** Late pages are looked for at most this often. */
const PAGE_WATCH_EVERY_MS = 1_000;
/** Sent and abandoned rows are kept this long for inspection. */
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
/** `drain()` waits for lanes due within this long. */
const DRAIN_WAIT_MS = 5_000;

export interface NotifierOptions {
  client: WebClient;
  workspace: SlackWorkspace;
  /** The Slack door's store: the queue and the cards. */
  store: SlackStore;
  /** Spacing of messages in one channel; Slack allows about one a second. */
  paceMs?: number;
  /** How often to look for work the bus did not announce, and to try to lead. */
  pollMs?: number;
  rules: readonly NotifierRule[];
  homeSections: readonly HomeSection[];
  /** Tests drive `runDue()` and `drain()` themselves. */
  autoRun?: boolean;
  /** Time for pacing, retries and horizons; the core's clock unless given. */
  clock?: Clock;
  /**
   * How long a row failing for a passing reason is retried (from when it was queued); also the age
   * beyond which events are not posted when this instance starts leading. Default 24 hours.
   */
  retryHorizonMs?: number;
}

/** What a notifier rule gets: core queries run as the Slack door's system actor, the provider's team, a log. */
export function notifierContext(core: Core, store: SlackStore, teamId: string, logger: Logger): NotifierContext {
  const actor = systemActor('slack', 'slack', `notifier-${core.instanceId}`);
  return {
    read: (query, input) => core.read(query, actor, input),
    cardOf: (cardKey) => store.cards.placeOf(cardKey),
    teamId,
    logger,
  };
}

export class SlackNotifier {
  private readonly pacer: ChannelPacer;
  private readonly rules: readonly NotifierRule[];
  private readonly clock: Clock;
  private readonly horizonMs: number;
  /** The notifier's own cursor over the domain events. */
  private readonly events: EventConsumer;
  private readonly store: SlackStore;
  private leadership: Leadership | undefined;
  private teamId: string | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;
  private poller: NodeJS.Timeout | undefined;
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastPrune = 0;
  private lastPageWatch = -Infinity;
  /** When the last cycle found a lane that may send next. */
  private nextWakeAt: number | undefined;

  constructor(
    private readonly deps: Host,
    private readonly options: NotifierOptions,
  ) {
    this.pacer = new ChannelPacer(options.paceMs ?? 1_000);
    this.rules = options.rules;
    this.clock = options.clock ?? deps.core.clock;
    this.horizonMs = options.retryHorizonMs ?? DEFAULT_RETRY_HORIZON_MS;
    this.events = deps.core.consumer(SLACK_CONSUMER);
    this.store = options.store;
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
      // A lane already due (its time passed while the cycle finished) runs again at once; only a wait
      // that the clock did not follow (a test's manual clock) hands the clock back to its owner.
      if (wakeAt <= before) continue;
      await new Promise((resolve) => setTimeout(resolve, wakeAt - before));
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
    const leadership = await this.deps.core.tryLeadership(NOTIFIER_LOCK_ID);
    if (!leadership) return false;
    this.leadership = leadership;
    // An outage of the notifier shorter than the horizon loses nothing; older events would only bury current ones.
    const skipped = await this.events.skipBefore(new Date(this.now() - this.horizonMs));
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
    const ctx = notifierContext(this.deps.core, this.store, this.teamId!, this.logger);
    while ((await takeInEvents(this.events, this.store.outbox, this.rules, ctx, { limit: INTAKE_BATCH, now: this.clock.now() })) === INTAKE_BATCH) {
      // a full batch: there may be more
    }
    for (;;) {
      const { sent, wakeAt } = await this.sendRound();
      if (sent > 0) continue;
      await this.watchPages();
      this.deps.core.metrics.slackQueue.set(await this.store.outbox.depth());
      this.nextWakeAt = wakeAt;
      if (wakeAt !== undefined) this.wakeAt(wakeAt);
      return;
    }
  }

  /** Send the head of every lane that may send now. Returns how many were tried and when the next lane may. */
  private async sendRound(): Promise<{ sent: number; wakeAt: number | undefined }> {
    const now = this.now();
    this.pacer.forgetReady(now);
    let wakeAt: number | undefined;
    const ready: SlackOutboxRow[] = [];
    for (const head of await this.store.outbox.laneHeads()) {
      // A head waiting for its retry holds its lane: what was queued after it waits too.
      const readyAt = Math.max(this.pacer.readyAt(head.channel ?? 'unknown'), head.notBefore?.getTime() ?? 0);
      if (readyAt > now) {
        wakeAt = Math.min(wakeAt ?? Infinity, readyAt);
        continue;
      }
      if (ready.length === ROUND_LANES) continue;
      const folded = await this.store.outbox.foldLaterRenders(head);
      if (folded.folded > 0) this.deps.core.metrics.slackMessages.inc({ kind: head.kind, outcome: 'folded' }, folded.folded);
      ready.push(folded.head);
    }
    for (let i = 0; i < ready.length; i += PARALLEL_LANES) {
      await Promise.all(ready.slice(i, i + PARALLEL_LANES).map((row) => this.send(row)));
    }
    return { sent: ready.length, wakeAt };
  }

  private async send(row: SlackOutboxRow): Promise<void> {
    const result: DeliveryOutcome = await deliver(
      {
        client: this.options.client,
        store: this.store,
        read: notifierContext(this.deps.core, this.store, this.teamId!, this.logger).read,
        teamId: this.teamId!,
        host: this.deps,
        homeSections: this.options.homeSections,
        clock: this.clock,
      },
      row,
    );
    const now = this.now();
    const lane = row.channel ?? 'unknown';
    this.pacer.sent(lane, now);
    const attempts = row.attempts + 1;
    switch (result.outcome) {
      case 'sent':
        await this.store.outbox.sent(row, attempts, new Date(now));
        this.deps.core.metrics.slackMessages.inc({ kind: row.kind, outcome: 'sent' });
        return;
      case 'retry': {
        const waited = now - row.createdAt.getTime();
        if (waited >= this.horizonMs) {
          const hours = Math.round((waited / 3_600_000) * 10) / 10;
          return this.giveUp(row, attempts, 'retry_horizon', `still failing after ${hours} h and ${attempts} attempts: ${result.reason}`);
        }
        const delay = result.afterMs ?? backoffMs(attempts);
        await this.store.outbox.retryLater(row, attempts, new Date(now + delay), result.reason);
        this.deps.core.metrics.slackMessages.inc({ kind: row.kind, outcome: 'retry' });
        const line = { outboxId: row.id, kind: row.kind, channel: row.channel, attempts, reason: result.reason, retryInMs: delay };
        if (result.cause === 'ours') this.logger.error(line, 'opsdesk failed to send a Slack message (its own error, not Slack’s); trying again');
        else this.logger.warn(line, 'Slack could not take a message now; trying again');
        return;
      }
      case 'refused':
        return this.giveUp(row, attempts, result.reason, result.detail);
    }
  }

  private async giveUp(row: SlackOutboxRow, attempts: number, reason: string, detail?: string): Promise<void> {
    await this.store.outbox.givenUp(row, attempts, detail ?? reason);
    this.deps.core.metrics.slackMessages.inc({ kind: row.kind, outcome: 'failed' });
    this.deps.core.metrics.slackGivenUp.inc({ reason });
    this.logger.error(
      { outboxId: row.id, eventId: row.eventId, kind: row.kind, channel: row.channel, cardKey: row.cardKey, page: row.page, attempts, reason, detail },
      'Slack message given up; it is not sent',
    );
  }

  /**
   * Count pages that have waited more than 60 s (each once) and how many wait so now. Escalating
   * them through the person's next channel (email, SMS) waits for those doors.
   */
  private async watchPages(): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - this.lastPageWatch < PAGE_WATCH_EVERY_MS) return;
    this.lastPageWatch = now.getTime();
    const late = await this.store.outbox.markLatePages(now);
    if (late.length > 0) {
      this.deps.core.metrics.slackLatePagesTotal.inc(late.length);
      for (const page of late) {
        this.logger.warn({ outboxId: page.id, eventId: page.eventId, channel: page.channel }, 'a page has waited more than 60 s for Slack; it has no other channel to go by yet');
      }
    }
    this.deps.core.metrics.slackLatePages.set(await this.store.outbox.latePages(now));
  }

  /** Pages waiting more than 60 s for Slack, cluster-wide (any instance may answer `/readyz`). */
  latePages(): Promise<number> {
    return this.store.outbox.latePages(this.clock.now());
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
    await this.store.outbox.prune(new Date(this.lastPrune - KEEP_DONE_MS));
  }
}
