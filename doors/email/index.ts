/**
 * The email door (outbound): what the capabilities' email rules say after their events goes out by
 * SMTP (SMTP_URL, from MAIL_FROM), durably (sender.ts). Off, with one log line, when SMTP_URL is
 * unset. A page it cannot get through is reported to the core, which pages the person's next channel.
 * It also takes the status page's email subscriptions (status-subscriptions.ts).
 * Mail coming in is the inbound door (inbound.ts).
 */
import { systemActor } from '../../core/actor.ts';
import { reportPageUndelivered } from '../../core/alarms/index.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { emailEnabled } from '../../server/config.ts';
import type { Door, Host } from '../../server/door.ts';
import { EMAIL_OFF_MESSAGE } from './off.ts';
import { EmailSender, type EmailSenderOptions } from './sender.ts';
import { smtpTransport } from './smtp.ts';
import { mountStatusSubscriptions } from './status-subscriptions.ts';
import { EmailStore } from './store/index.ts';
import type { EmailPart } from './types.ts';

export type { EmailPart } from './types.ts';
export { EMAIL_OFF_MESSAGE };

export interface EmailDoorOptions {
  /** The sender's running mode, clock and horizon, when not the defaults (tests). */
  sender?: Partial<Pick<EmailSenderOptions, 'autoRun' | 'pollMs' | 'clock' | 'retryHorizonMs' | 'rules' | 'undeliverable'>>;
}

export interface EmailDoor extends Door {
  readonly sender: EmailSender;
}

/** Where people open the web console: PUBLIC_URL, or this host on its port. */
export function consoleUrlOf(host: Host): string {
  return (host.config.PUBLIC_URL ?? `http://localhost:${host.config.PORT}`).replace(/\/+$/, '');
}

/** The email door; undefined (and one log line) when SMTP_URL is not set. */
export function emailDoor(host: Host, parts: readonly EmailPart[], options: EmailDoorOptions = {}): EmailDoor | undefined {
  const { config } = host;
  if (!emailEnabled(config)) {
    host.logger.info(EMAIL_OFF_MESSAGE);
    return undefined;
  }
  const logger = host.logger.child({ door: 'email' });
  const transport = smtpTransport(config.SMTP_URL!);
  /** A page that did not get through goes to the core (which pages the person's next channel), then to a test's hook. */
  const undeliverable: EmailSenderOptions['undeliverable'] = async (row, reason) => {
    const actor = systemActor('email', 'email', `email-${host.core.instanceId}`);
    await host.core
      .execute(reportPageUndelivered, actor, { pageId: row.subject!.slice('page:'.length), reason: `Email: ${reason}` })
      // Already reported: the first failed try said so before the give-up.
      .catch((error: unknown) => {
        if (!(error instanceof OpsdeskError && error.code === 'CONFLICT')) throw error;
      });
    await options.sender?.undeliverable?.(row, reason);
  };
  const sender = new EmailSender(
    { ...host, logger },
    {
      transport,
      from: config.MAIL_FROM!,
      // The door's own tables; everything else goes through the core.
      store: new EmailStore(host.core.database.db),
      rules: parts.flatMap((part) => (part.rule ? [part.rule] : [])),
      consoleUrl: consoleUrlOf(host),
      supportAddress: config.SUPPORT_ADDRESS,
      retryHorizonMs: config.EMAIL_RETRY_HORIZON_HOURS * 3_600_000,
      ...options.sender,
      undeliverable,
    },
  );
  return {
    name: 'email',
    sender,
    mount(app) {
      mountStatusSubscriptions(app, host, sender, consoleUrlOf(host));
    },
    async start() {
      await sender.start();
      logger.info({ smtp: redact(config.SMTP_URL!), from: config.MAIL_FROM }, 'email door open');
    },
    async stop() {
      await sender.stop();
      transport.close();
    },
  };
}

/** The SMTP URL without its password, for the log. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'smtp://(unparseable)';
  }
}
