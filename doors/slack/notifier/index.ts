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
 *
 * The lead, the wake-ups, the intake over the cursor, the rounds over lanes and the retry policy
 * are the machinery every durable sender shares (server/delivery/); what is Slack's stays here:
 * the rows and cards (store/), the pace per channel, folding renders, delivery and its errors, pages.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../../core/clock.ts';
import type { EventConsumer } from '../../../core/events/consumer.ts';
import { systemActor } from '../../../core/actor.ts';
import { reportPageUndelivered } from '../../../core/alarms/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import type { Core } from '../../../core/core.ts';
import type { Logger } from '../../../core/observability.ts';
import type { SlackOutboxRow } from '../store/index.ts';
import type { Host } from '../../../server/door.ts';
import { DeliveryLoop, retryOrGiveUp, sendRound, takeInAll } from '../../../server/delivery/index.ts';
import type { HomeSection } from '../home.ts';
import type { SlackWorkspace } from '../workspace.ts';
import { deliver, type DeliveryOutcome } from './delivery.ts';
import { takeInEvents } from './intake.ts';
import { ChannelPacer } from './pacer.ts';
import type { SlackStore } from '../store/index.ts';
import type { NotifierContext, NotifierRule } from './types.ts';

/** How long a message that keeps failing for a passing reason is retried; the default of `SLACK_RETRY_HORIZON_HOURS`. */
export const DEFAULT_RETRY_HORIZON_MS = 24 * 3_600_000;
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
  /** The lead, the wake-ups and the cycles (server/delivery/loop.ts). */
  private readonly loop: DeliveryLoop;
  private teamId: string | undefined;
  private lastPrune = 0;
  private lastPageWatch = -Infinity;

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
    this.loop = new DeliveryLoop(
      {
        core: deps.core,
        logger: deps.logger,
        label: 'the Slack notifier',
        lockId: NOTIFIER_LOCK_ID,
        clock: this.clock,
        pollMs: options.pollMs ?? 5_000,
        autoRun: options.autoRun !== false,
      },
      {
        canLead: async () => {
          this.teamId ??= await this.options.workspace.providerTeamId();
          return Boolean(this.teamId); // auth.test failed; the next poll asks again
        },
        led: async () => {
          // An outage of the notifier shorter than the horizon loses nothing; older events would only bury current ones.
          const skipped = await this.events.skipBefore(new Date(this.now() - this.horizonMs));
          this.logger.info({ skippedStaleEvents: skipped }, 'this instance sends opsdesk’s Slack messages');
        },
        cycle: () => this.cycle(),
        housekeeping: async () => {
          if (this.now() - this.lastPrune > PRUNE_EVERY_MS) await this.prune();
        },
      },
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private get logger() {
    return this.deps.logger;
  }

  get leading(): boolean {
    return this.loop.leading;
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  /** Finish the send in progress, then give the lead up for another instance. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Take in and send everything that is due now by the notifier's clock; returns when every lane
   * waits (for its pace, a retry, or nothing). Tests with a manual clock advance it and call this.
   */
  runDue(): Promise<void> {
    return this.loop.runDue();
  }

  /**
   * `runDue`, then wait out waits of a few seconds and run again, until nothing more can go soon.
   * For tests and tools: the running notifier does this by itself.
   */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  /** Take in, then send until every lane is waiting; returns when the next lane may send. */
  private async cycle(): Promise<number | undefined> {
    const ctx = notifierContext(this.deps.core, this.store, this.teamId!, this.logger);
    await takeInAll(() => takeInEvents(this.events, this.store.outbox, this.rules, ctx, { limit: INTAKE_BATCH, now: this.clock.now() }), INTAKE_BATCH);
    for (;;) {
      const { sent, wakeAt } = await this.sendRound();
      if (sent > 0) continue;
      await this.watchPages();
      this.deps.core.metrics.slackQueue.set(await this.store.outbox.depth());
      return wakeAt;
    }
  }

  /** Send the head of every lane that may send now. Returns how many were tried and when the next lane may. */
  private async sendRound(): Promise<{ sent: number; wakeAt: number | undefined }> {
    const now = this.now();
    this.pacer.forgetReady(now);
    return sendRound<SlackOutboxRow>({
      heads: await this.store.outbox.laneHeads(),
      now,
      // A head waiting for its retry holds its lane: what was queued after it waits too.
      readyAt: (head) => Math.max(this.pacer.readyAt(head.channel ?? 'unknown'), head.notBefore?.getTime() ?? 0),
      prepare: async (head) => {
        const folded = await this.store.outbox.foldLaterRenders(head);
        if (folded.folded > 0) this.deps.core.metrics.slackMessages.inc({ kind: head.kind, outcome: 'folded' }, folded.folded);
        return folded.head;
      },
      send: (row) => this.send(row),
      maxLanes: ROUND_LANES,
      parallel: PARALLEL_LANES,
    });
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
        const decision = retryOrGiveUp({ queuedAt: row.createdAt, attempts, now, horizonMs: this.horizonMs, reason: result.reason, afterMs: result.afterMs });
        if (!decision.retry) return this.giveUp(row, attempts, 'retry_horizon', decision.detail);
        const delay = decision.delayMs;
        await this.store.outbox.retryLater(row, attempts, decision.notBefore, result.reason);
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
    if (row.page && row.eventId) await this.reportPage(row.eventId, `Slack gave the page up: ${detail ?? reason}`);
  }

  /** A page Slack did not get through: the core pages the person's next channel at once (once per page). */
  private async reportPage(eventId: number, reason: string): Promise<void> {
    try {
      const actor = systemActor('slack', 'slack', `notifier-${this.deps.core.instanceId}`);
      await this.deps.core.execute(reportPageUndelivered, actor, { eventId, reason });
    } catch (error) {
      // Already reported (a give-up after the 60-second report), or no rule's page (a disaster-recovery DM).
      if (error instanceof OpsdeskError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) return;
      this.logger.error({ err: error, eventId }, 'could not report a page Slack did not take');
    }
  }

  /**
   * Count pages that have waited more than 60 s (each once) and how many wait so now; each is
   * reported to the core, which pages the person's next channel (SMS, email) at once.
   */
  private async watchPages(): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - this.lastPageWatch < PAGE_WATCH_EVERY_MS) return;
    this.lastPageWatch = now.getTime();
    const late = await this.store.outbox.markLatePages(now);
    if (late.length > 0) {
      this.deps.core.metrics.slackLatePagesTotal.inc(late.length);
      for (const page of late) {
        this.logger.warn({ outboxId: page.id, eventId: page.eventId, channel: page.channel }, 'a page has waited more than 60 s for Slack; the person’s next channel is paged now');
        if (page.eventId) await this.reportPage(page.eventId, 'Slack has not taken the page within 60 s');
      }
    }
    this.deps.core.metrics.slackLatePages.set(await this.store.outbox.latePages(now));
  }

  /** Pages waiting more than 60 s for Slack, cluster-wide (any instance may answer `/readyz`). */
  latePages(): Promise<number> {
    return this.store.outbox.latePages(this.clock.now());
  }

  private async prune(): Promise<void> {
    this.lastPrune = this.now();
    await this.store.outbox.prune(new Date(this.lastPrune - KEEP_DONE_MS));
  }
}
