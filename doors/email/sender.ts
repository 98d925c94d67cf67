/**
 * The email door's sender: turns committed domain events into mail, durably, on the machinery every
 * sender shares (server/delivery): one leading instance (its own advisory lock), its own cursor over
 * the domain events (`email` in `event_cursors`), its own queue (`email_outbox`, one row per
 * recipient), order per recipient (a lane per address), and retries with backoff over a long
 * horizon (EMAIL_RETRY_HORIZON_HOURS, 72 h by default). A permanent refusal (SMTP 5xx) is given up
 * with one error log line and a count by reason; so is what still fails at the horizon.
 */
import type { Transporter } from 'nodemailer';
import { systemActor } from '../../core/actor.ts';
import { markEmailBouncing } from '../../core/directory/index.ts';
import { isOpsdeskError } from '../../core/errors.ts';
import { dropBouncingStatusSubscriber } from '../../core/incidents/index.ts';
import type { Clock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import type { EventConsumer } from '../../core/events/consumer.ts';
import type { Logger } from '../../core/observability.ts';
import type { Host } from '../../server/door.ts';
import {
  DeliveryLoop,
  retryOrGiveUp,
  sendRound,
  takeIn,
  takeInAll,
  type BackoffPolicy,
  type IntakeTransaction,
  type Planned,
} from '../../server/delivery/index.ts';
import { calendarText } from './ical.ts';
import { addressOf, sendRow, type QueuedMessage, type SendOutcome } from './smtp.ts';
import type { EmailOutboxInsert, EmailOutboxRow, EmailStore } from './store/index.ts';
import type { EmailContext, EmailOutput, EmailRule } from './types.ts';

/** The kinds of message that go to status page subscribers (addresses, not people). */
export const STATUS_NOTICE_KIND = 'status_subscription';
export const STATUS_CONFIRMATION_KIND = 'status_confirmation';
const STATUS_SUBSCRIBER_KINDS = new Set([STATUS_NOTICE_KIND, STATUS_CONFIRMATION_KIND]);
/** The door's cursor in `event_cursors`. */
export const EMAIL_CONSUMER = 'email';
/** Names the email sender's lead among PostgreSQL advisory locks (the Slack notifier's is another). */
const EMAIL_LOCK_ID = 0x0e3a11;
export const DEFAULT_EMAIL_RETRY_HORIZON_MS = 72 * 3_600_000;
/** A page that comes an hour late is noise: its retries stop sooner (the core has paged the next channel by then). */
const PAGE_RETRY_HORIZON_MS = 60 * 60_000;
/** SMTP servers come back in minutes, not seconds: from half a minute up to half an hour. */
const EMAIL_BACKOFF: BackoffPolicy = { firstMs: 30_000, capMs: 30 * 60_000, floorMs: 5_000 };
const INTAKE_BATCH = 100;
const ROUND_LANES = 100;
const PARALLEL_LANES = 4;
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export interface EmailSenderOptions {
  transport: Transporter;
  /** MAIL_FROM. */
  from: string;
  store: EmailStore;
  rules: readonly EmailRule[];
  consoleUrl: string;
  /** SUPPORT_ADDRESS: a ticket's messages get its own reply address under it. */
  supportAddress?: string;
  retryHorizonMs?: number;
  pollMs?: number;
  /** Tests drive `runDue()` and `drain()` themselves. */
  autoRun?: boolean;
  /** Time for retries and horizons; the core's clock unless given. */
  clock?: Clock;
  /**
   * A page (a row with `subject` `page:<id>`) did not get through: the SMTP server could not take it
   * at the first try, refused it, or it was given up. Called once or more per row; the listener
   * tells the core, which pages the person's next channel instead of waiting.
   */
  undeliverable?: (row: EmailOutboxRow, reason: string) => Promise<void>;
}

/** What an email rule gets: core queries run as the email door's system actor, the console's address, a log. */
export function emailContext(core: Core, consoleUrl: string, logger: Logger, supportAddress?: string): EmailContext {
  const actor = emailActor(core);
  return { read: (query, input) => core.read(query, actor, input), consoleUrl, repliesReachTicket: Boolean(supportAddress), logger };
}

/** The email door's system actor. */
const emailActor = (core: Core) => systemActor('email', 'email', `email-${core.instanceId}`);

export class EmailSender {
  private readonly clock: Clock;
  private readonly horizonMs: number;
  private readonly events: EventConsumer;
  private readonly loop: DeliveryLoop;
  private lastPrune = 0;

  constructor(
    private readonly host: Host,
    private readonly options: EmailSenderOptions,
  ) {
    this.clock = options.clock ?? host.core.clock;
    this.horizonMs = options.retryHorizonMs ?? DEFAULT_EMAIL_RETRY_HORIZON_MS;
    this.events = host.core.consumer(EMAIL_CONSUMER);
    this.loop = new DeliveryLoop(
      {
        core: host.core,
        logger: host.logger,
        label: 'the email sender',
        lockId: EMAIL_LOCK_ID,
        clock: this.clock,
        pollMs: options.pollMs ?? 5_000,
        autoRun: options.autoRun !== false,
      },
      {
        led: async () => {
          const skipped = await this.events.skipBefore(new Date(this.now() - this.horizonMs));
          this.host.logger.info({ skippedStaleEvents: skipped }, 'this instance sends opsdesk’s email');
        },
        cycle: () => this.cycle(),
        housekeeping: async () => {
          if (this.now() - this.lastPrune < PRUNE_EVERY_MS) return;
          this.lastPrune = this.now();
          await this.options.store.outbox.prune(new Date(this.lastPrune - KEEP_DONE_MS));
        },
      },
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  get leading(): boolean {
    return this.loop.leading;
  }

  async start(): Promise<void> {
    // The cursor starts when the door first opens: mail is owed from then on, not for the past.
    await this.events.cursor();
    await this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Take in and send everything due now by the sender's clock (tests advance a manual clock and call this). */
  runDue(): Promise<void> {
    return this.loop.runDue();
  }

  drain(): Promise<void> {
    return this.loop.drain();
  }

  private async cycle(): Promise<number | undefined> {
    const ctx = emailContext(this.host.core, this.options.consoleUrl, this.host.logger, this.options.supportAddress);
    await takeInAll(
      () =>
        takeIn<EmailContext, EmailOutput>({
          consumer: this.events,
          rules: this.options.rules,
          ctx,
          limit: INTAKE_BATCH,
          logger: this.host.logger,
          rule: 'an email rule',
          store: (tx, planned) => this.queue(tx, planned),
        }),
      INTAKE_BATCH,
    );
    for (;;) {
      const now = this.now();
      const { sent, wakeAt } = await sendRound<EmailOutboxRow>({
        heads: await this.options.store.outbox.laneHeads(),
        now,
        // A head waiting for its retry holds its lane: what was queued after it waits too.
        readyAt: (head) => head.notBefore?.getTime() ?? 0,
        send: (row) => this.send(row),
        maxLanes: ROUND_LANES,
        parallel: PARALLEL_LANES,
      });
      if (sent > 0) continue;
      this.host.core.metrics.emailQueue.set(await this.options.store.outbox.depth());
      return wakeAt;
    }
  }

  /** The rules' messages become rows; an invitation gets its next SEQUENCE (once per event and UID) and its text. */
  private async queue(tx: IntakeTransaction, planned: Planned<EmailOutput>[]): Promise<void> {
    const now = this.clock.now();
    const organizer = addressOf(this.options.from);
    const rows: EmailOutboxInsert[] = [];
    for (const { eventId, outputs } of planned) {
      const sequences = new Map<string, number>();
      for (const output of outputs) {
        const message = this.messageOf(output);
        const invitation = output.invitation;
        if (invitation) {
          let sequence = sequences.get(invitation.uid);
          if (sequence === undefined) {
            sequence = await this.options.store.invitations.nextSequence(tx, invitation.uid, now);
            sequences.set(invitation.uid, sequence);
          }
          message.calendar = {
            method: invitation.method,
            content: calendarText({
              ...invitation,
              sequence,
              stamp: now,
              organizer: { ...organizer, name: organizer.name ?? 'opsdesk' },
              attendees: [{ name: output.to.name, address: output.to.address }],
            }),
          };
        }
        rows.push(rowOf(output, message, eventId, now));
      }
    }
    await this.options.store.outbox.queue(tx, rows);
  }

  /**
   * Mail that no domain event carries, queued at once: a status page subscription's confirmation
   * link, whose secret must never be on the audit trail. Sent by the loop like every row.
   */
  async enqueue(outputs: readonly EmailOutput[]): Promise<void> {
    const now = this.clock.now();
    await this.options.store.outbox.queue(this.host.core.database.db, outputs.map((output) => rowOf(output, this.messageOf(output), null, now)));
  }

  private messageOf(output: EmailOutput): QueuedMessage {
    return {
      to: { name: output.to.name, address: output.to.address },
      subject: output.subject,
      text: output.text,
      html: output.html,
      ...(output.attachments?.length ? { attachments: output.attachments } : {}),
      ...(output.replyToTicket ? { ticket: output.replyToTicket } : {}),
      ...(output.replyToTicket && this.options.supportAddress ? { replyTo: ticketReplyAddress(this.options.supportAddress, output.replyToTicket) } : {}),
      ...(output.unsubscribeUrl ? { unsubscribeUrl: output.unsubscribeUrl } : {}),
    };
  }

  private async send(row: EmailOutboxRow): Promise<void> {
    const result: SendOutcome = await sendRow(this.options.transport, row, this.options.from);
    const now = this.now();
    const attempts = row.attempts + 1;
    const { metrics } = this.host.core;
    switch (result.outcome) {
      case 'sent':
        await this.options.store.outbox.sent(row, attempts, new Date(now));
        metrics.emailMessages.inc({ kind: row.kind, outcome: 'sent' });
        return;
      case 'retry': {
        const horizonMs = row.subject?.startsWith('page:') ? Math.min(this.horizonMs, PAGE_RETRY_HORIZON_MS) : this.horizonMs;
        const decision = retryOrGiveUp({ queuedAt: row.createdAt, attempts, now, horizonMs, reason: result.reason, policy: EMAIL_BACKOFF });
        if (!decision.retry) return this.giveUp(row, attempts, 'retry_horizon', decision.detail);
        await this.options.store.outbox.retryLater(row, attempts, decision.notBefore, result.reason);
        // A page waits for nobody: the person's next channel goes now, this one keeps trying.
        if (attempts === 1) await this.undeliverable(row, `not sent yet: ${result.reason}`);
        metrics.emailMessages.inc({ kind: row.kind, outcome: 'retry' });
        const line = { outboxId: row.id, kind: row.kind, to: row.lane, attempts, reason: result.reason, retryInMs: decision.delayMs };
        if (result.cause === 'ours') this.host.logger.error(line, 'opsdesk failed to send an email (its own error, not the SMTP server’s); trying again');
        else this.host.logger.warn(line, 'the SMTP server could not take an email now; trying again');
        return;
      }
      case 'refused':
        await this.giveUp(row, attempts, result.reason, result.detail);
        if (result.recipient) await this.bounced(row, result.detail);
        return;
    }
  }

  /**
   * The server refused the recipient for good: a hard bounce. The core marks the address (nothing is
   * queued for it until an admin clears it), and what still waits for it is given up now.
   */
  private async bounced(row: EmailOutboxRow, detail: string): Promise<void> {
    const address = (row.message as QueuedMessage).to.address;
    try {
      if (STATUS_SUBSCRIBER_KINDS.has(row.kind)) {
        // A status page subscriber is an address, not a person: its subscription ends.
        await this.host.core
          .execute(dropBouncingStatusSubscriber, emailActor(this.host.core), { address })
          .catch((error: unknown) => {
            if (!(isOpsdeskError(error) && error.code === 'NOT_FOUND')) throw error;
          });
      } else {
        await this.host.core.execute(markEmailBouncing, emailActor(this.host.core), { address, reason: detail.slice(0, 1000), source: 'smtp' });
      }
    } catch (error) {
      this.host.logger.error({ err: error, outboxId: row.id, to: row.lane }, 'could not mark a bouncing address');
    }
    const reason = `not sent: ${address} bounced (${detail})`;
    const dropped = await this.options.store.outbox.giveUpLane(row.lane, reason);
    for (const { kind } of dropped) this.host.core.metrics.emailMessages.inc({ kind, outcome: 'failed' });
    for (const other of dropped) await this.undeliverable(other, reason);
    if (dropped.length > 0) this.host.core.metrics.emailGivenUp.inc({ reason: 'address_bouncing' }, dropped.length);
    this.host.logger.warn({ outboxId: row.id, to: row.lane, dropped: dropped.length, detail }, 'email address bounced; nothing more is sent to it until an admin clears it');
  }

  /** Tell the listener that a page did not get through; a failing listener costs a log line, never the send loop. */
  private async undeliverable(row: Pick<EmailOutboxRow, 'id' | 'subject'>, reason: string): Promise<void> {
    if (!row.subject?.startsWith('page:') || !this.options.undeliverable) return;
    await this.options.undeliverable(row as EmailOutboxRow, reason).catch((error: unknown) =>
      this.host.logger.error({ err: error, outboxId: row.id }, 'could not report an undeliverable page by email'),
    );
  }

  private async giveUp(row: EmailOutboxRow, attempts: number, reason: string, detail: string): Promise<void> {
    await this.options.store.outbox.givenUp(row, attempts, detail);
    await this.undeliverable(row, detail);
    this.host.core.metrics.emailMessages.inc({ kind: row.kind, outcome: 'failed' });
    this.host.core.metrics.emailGivenUp.inc({ reason });
    this.host.logger.error(
      { outboxId: row.id, eventId: row.eventId, kind: row.kind, to: row.lane, attempts, reason, detail },
      'email given up; it is not sent',
    );
  }
}

function rowOf(output: EmailOutput, message: QueuedMessage, eventId: number | null, now: Date): EmailOutboxInsert {
  return {
    eventId,
    kind: output.kind,
    lane: output.to.address.toLowerCase(),
    personId: output.to.personId ?? null,
    message,
    subject: output.pageId ? `page:${output.pageId}` : null,
    createdAt: now,
  };
}

/** A ticket's own reply address under the support address: `support@desk.example`, ACME-42 → `support+acme-42@desk.example`. */
export function ticketReplyAddress(supportAddress: string, ticketKey: string): string {
  const [local, domain] = supportAddress.split('@');
  return `${local}+${ticketKey.toLowerCase()}@${domain}`;
}
