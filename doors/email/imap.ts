/**
 * Polling the inbound mailbox (IMAP_URL) with imapflow. Exactly one instance of the cluster polls:
 * the one holding the poller's advisory lock (the Slack notifier leads the same way); the others
 * try again each interval and take over when the leader's connection drops.
 *
 * Each round opens the mailbox, takes every message not yet \Seen through the same road as the
 * webhook, and then flags it \Seen and `$OpsdeskTaken`, so that a restart does not take it again;
 * a crash between the commit and the flag is covered by the Message-ID, which the core remembers.
 * A message that is not mail, or is larger than EMAIL_WEBHOOK_MAX_BYTES, is flagged too (with
 * `$OpsdeskRefused`) and logged: it would be refused again on every round. Any other failure (the
 * database away) leaves the message unseen for the next round.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Leadership } from '../../core/core.ts';
import { OpsdeskError } from '../../core/errors.ts';
import type { Host } from '../../server/door.ts';
import { receiveMail } from './receive.ts';

export const POLLER_LOCK_ID = 0x0b5de5e;
export const TAKEN_FLAG = '$OpsdeskTaken';
export const REFUSED_FLAG = '$OpsdeskRefused';

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** imaps://user:pass@host:993/INBOX → what imapflow needs (imap:// is plain text, for a trusted network). */
export function imapTarget(url: string): ImapTarget {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

export class ImapPoller {
  private readonly target: ImapTarget;
  private leadership: Leadership | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The connection of the round in progress, closed at once on stop. */
  private client: ImapFlow | undefined;

  constructor(
    private readonly host: Host,
    url: string,
    private readonly intervalMs: number,
  ) {
    this.target = imapTarget(url);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** One round now (tests, and the timer); resolves when it is done. */
  pollNow(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // A round waiting on a slow server must not hold the shutdown: its connection is closed, and
    // the message it was taking stays unseen (or is known by its Message-ID) for the next start.
    const settled = this.running?.then(() => true);
    if (settled && !(await Promise.race([settled, new Promise<false>((r) => setTimeout(() => r(false), 2_000).unref?.())]))) this.client?.close();
    await this.running;
    await this.leadership?.release().catch(() => {});
    this.leadership = undefined;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.pollNow().finally(() => this.schedule(this.intervalMs));
    }, delay);
    this.timer.unref?.();
  }

  private async lead(): Promise<boolean> {
    if (this.leadership && (await this.leadership.stillHeld())) return true;
    this.leadership = await this.host.core.tryLeadership(POLLER_LOCK_ID);
    if (this.leadership) this.host.logger.info({ mailbox: this.target.mailbox, host: this.target.host }, 'this instance polls the inbound mailbox');
    return Boolean(this.leadership);
  }

  private async round(): Promise<void> {
    const { logger } = this.host;
    try {
      if (this.stopped || !(await this.lead())) return;
      const client = new ImapFlow({
        host: this.target.host,
        port: this.target.port,
        secure: this.target.secure,
        auth: { user: this.target.user, pass: this.target.pass },
        logger: false,
        disableAutoIdle: true,
      });
      client.on('error', (error: Error) => logger.warn({ err: error }, 'the IMAP connection failed'));
      this.client = client;
      await client.connect();
      try {
        const lock = await client.getMailboxLock(this.target.mailbox);
        try {
          await this.takeUnseen(client);
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
        this.client = undefined;
      }
    } catch (error) {
      logger.error({ err: error, host: this.target.host, mailbox: this.target.mailbox }, 'could not poll the inbound mailbox; the next round tries again');
    }
  }

  private async takeUnseen(client: ImapFlow): Promise<void> {
    const { logger, config } = this.host;
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      if (this.stopped) return;
      const requestId = `imap-${randomUUID()}`;
      const head = await client.fetchOne(String(uid), { size: true, uid: true }, { uid: true });
      if (!head) continue;
      if ((head.size ?? 0) > config.EMAIL_WEBHOOK_MAX_BYTES) {
        logger.warn({ requestId, uid, size: head.size, limit: config.EMAIL_WEBHOOK_MAX_BYTES }, 'inbound mail refused: larger than EMAIL_WEBHOOK_MAX_BYTES');
        await client.messageFlagsAdd(String(uid), ['\\Seen', REFUSED_FLAG], { uid: true });
        continue;
      }
      const message = await client.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
      if (!message || !message.source) continue;
      try {
        const outcome = await receiveMail(this.host, message.source, 'imap', requestId);
        logger.info({ requestId, uid, ...outcome }, 'inbound mail taken from the mailbox');
        await client.messageFlagsAdd(String(uid), ['\\Seen', TAKEN_FLAG], { uid: true });
      } catch (error) {
        if (error instanceof OpsdeskError && error.code === 'INVALID_INPUT') {
          logger.warn({ requestId, uid, reason: error.message }, 'inbound mail refused');
          await client.messageFlagsAdd(String(uid), ['\\Seen', REFUSED_FLAG], { uid: true });
          continue;
        }
        throw error;
      }
    }
  }
}
