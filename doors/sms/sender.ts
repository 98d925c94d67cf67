/**
 * The SMS door's sender, on the machinery every sender shares (server/delivery): one leading
 * instance (its own advisory lock), its own cursor over the domain events (`sms` in
 * `event_cursors`), its own queue (`sms_outbox`), order per phone number (a lane), retries with
 * backoff over a horizon (SMS_RETRY_HORIZON_MINUTES: a page that comes hours late is noise). A
 * permanent refusal is given up with one error log line and a count by reason; so is what still
 * fails at the horizon; both are reported to whoever listens (`undeliverable`).
 */
import { systemActor } from '../../core/actor.ts';
import type { Clock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import type { EventConsumer } from '../../core/events/consumer.ts';
import type { Logger } from '../../core/observability.ts';
import type { Host } from '../../server/door.ts';
import { DeliveryLoop, retryOrGiveUp, sendRound, takeIn, takeInAll, type BackoffPolicy, type IntakeTransaction, type Planned } from '../../server/delivery/index.ts';
import type { SmsProvider } from './providers/types.ts';
import type { SmsOutboxInsert, SmsOutboxRow, SmsStore } from './store/index.ts';
import type { SmsContext, SmsOutput, SmsRule } from './types.ts';

export const SMS_CONSUMER = 'sms';
const SMS_LOCK_ID = 0x5a5001;
export const DEFAULT_SMS_RETRY_HORIZON_MS = 60 * 60_000;
/** Providers come back in seconds to minutes: from 5 s up to 2 minutes. */
const SMS_BACKOFF: BackoffPolicy = { firstMs: 5_000, capMs: 2 * 60_000, floorMs: 1_000 };
const INTAKE_BATCH = 100;
const ROUND_LANES = 100;
const PARALLEL_LANES = 4;
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export interface SmsSenderOptions {
  provider: SmsProvider;
  store: SmsStore;
  rules: readonly SmsRule[];
  consoleUrl: string;
  /** The public base URL the provider posts receipts to. */
  publicUrl: string;
  retryHorizonMs?: number;
  pollMs?: number;
  autoRun?: boolean;
  clock?: Clock;
  /** A row given up (refused, or failing past the horizon), after it is marked failed. */
  undeliverable?: (row: SmsOutboxRow, reason: string) => Promise<void>;
}

export function smsContext(core: Core, consoleUrl: string, logger: Logger): SmsContext {
  const actor = systemActor('sms', 'sms', `sms-${core.instanceId}`);
  return { read: (query, input) => core.read(query, actor, input), consoleUrl, logger };
}

export class SmsSender {
  private readonly clock: Clock;
  private readonly horizonMs: number;
  private readonly events: EventConsumer;
  private readonly loop: DeliveryLoop;
  private lastPrune = 0;
  private callbackUrl: string | undefined;

  constructor(
    private readonly host: Host,
    private readonly options: SmsSenderOptions,
  ) {
    this.clock = options.clock ?? host.core.clock;
    this.horizonMs = options.retryHorizonMs ?? DEFAULT_SMS_RETRY_HORIZON_MS;
    this.events = host.core.consumer(SMS_CONSUMER);
    this.loop = new DeliveryLoop(
      {
        core: host.core,
        logger: host.logger,
        label: 'the SMS sender',
        lockId: SMS_LOCK_ID,
        clock: this.clock,
        pollMs: options.pollMs ?? 5_000,
        autoRun: options.autoRun !== false,
      },
      {
        led: async () => {
          const skipped = await this.events.skipBefore(new Date(this.now() - this.horizonMs));
          this.host.logger.info({ skippedStaleEvents: skipped, provider: this.options.provider.name }, 'this instance sends opsdesk’s text messages');
        },
        cycle: () => this.cycle(),
        housekeeping: async () => {
          if (this.now() - this.lastPrune < PRUNE_EVERY_MS) return;
          this.lastPrune = this.now();
          await this.options.store.prune(new Date(this.lastPrune - KEEP_DONE_MS));
        },
      },
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  async start(): Promise<void> {
    await this.events.cursor();
    await this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  runDue(): Promise<void> {
    return this.loop.runDue();
  }

  drain(): Promise<void> {
    return this.loop.drain();
  }

  private async cycle(): Promise<number | undefined> {
    const ctx = smsContext(this.host.core, this.options.consoleUrl, this.host.logger);
    await takeInAll(
      () =>
        takeIn<SmsContext, SmsOutput>({
          consumer: this.events,
          rules: this.options.rules,
          ctx,
          limit: INTAKE_BATCH,
          logger: this.host.logger,
          rule: 'an SMS rule',
          store: (tx, planned) => this.queue(tx, planned),
        }),
      INTAKE_BATCH,
    );
    for (;;) {
      const { sent, wakeAt } = await sendRound<SmsOutboxRow>({
        heads: await this.options.store.laneHeads(),
        now: this.now(),
        readyAt: (head) => head.notBefore?.getTime() ?? 0,
        send: (row) => this.send(row),
        maxLanes: ROUND_LANES,
        parallel: PARALLEL_LANES,
      });
      if (sent > 0) continue;
      this.host.core.metrics.smsQueue.set(await this.options.store.depth());
      return wakeAt;
    }
  }

  private async queue(tx: IntakeTransaction, planned: Planned<SmsOutput>[]): Promise<void> {
    const now = this.clock.now();
    const rows: SmsOutboxInsert[] = planned.flatMap(({ eventId, outputs }) =>
      outputs.map((output) => ({
        eventId,
        kind: output.kind,
        lane: output.to.phone,
        personId: output.to.personId,
        body: output.body,
        subject: output.subject ?? null,
        createdAt: now,
      })),
    );
    await this.options.store.queue(tx, rows);
  }

  private async send(row: SmsOutboxRow): Promise<void> {
    const { provider, store } = this.options;
    this.callbackUrl ??= provider.callbackUrl(this.options.publicUrl, await store.callbackSecret(provider.name));
    const result = await provider.send({ to: row.lane, body: row.body, callbackUrl: this.callbackUrl });
    const now = this.now();
    const attempts = row.attempts + 1;
    const { metrics } = this.host.core;
    switch (result.outcome) {
      case 'sent':
        await store.sent(row, attempts, new Date(now), provider.name, result.providerMessageId);
        metrics.smsMessages.inc({ kind: row.kind, outcome: 'sent' });
        return;
      case 'retry': {
        const decision = retryOrGiveUp({ queuedAt: row.createdAt, attempts, now, horizonMs: this.horizonMs, reason: result.reason, afterMs: result.afterMs, policy: SMS_BACKOFF });
        if (!decision.retry) return this.giveUp(row, attempts, 'retry_horizon', decision.detail);
        await store.retryLater(row, attempts, decision.notBefore, result.reason);
        metrics.smsMessages.inc({ kind: row.kind, outcome: 'retry' });
        this.host.logger.warn(
          { outboxId: row.id, kind: row.kind, provider: provider.name, attempts, reason: result.reason, retryInMs: decision.delayMs },
          'the SMS provider could not take a text now; trying again',
        );
        return;
      }
      case 'refused':
        return this.giveUp(row, attempts, result.reason, result.detail);
    }
  }

  private async giveUp(row: SmsOutboxRow, attempts: number, reason: string, detail: string): Promise<void> {
    await this.options.store.givenUp(row, attempts, detail);
    this.host.core.metrics.smsMessages.inc({ kind: row.kind, outcome: 'failed' });
    this.host.core.metrics.smsGivenUp.inc({ reason });
    this.host.logger.error(
      { outboxId: row.id, eventId: row.eventId, kind: row.kind, provider: this.options.provider.name, attempts, reason, detail },
      'text message given up; it is not sent',
    );
    await this.options.undeliverable?.(row, detail).catch((error: unknown) =>
      this.host.logger.error({ err: error, outboxId: row.id }, 'could not report an undeliverable text message'),
    );
  }
}
