/**
 * The one road of an inbound mail, whichever way it came (the webhook or the IMAP mailbox):
 * parse; drop an automatic mail (a bounce, an auto-reply, a list) with a log line; ask the core
 * where it goes; take it as its trusted sender (a ticket or a comment, through the email door) or
 * keep it in the quarantine. Nothing here decides who may: the core's routeMail and the ticket
 * commands do.
 */
import { systemActor } from '../../core/actor.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { actorOfPerson, markEmailBouncing } from '../../core/directory/index.ts';
import { automaticMail, quarantineMail, routeMail, takeMail, type InboundMail } from '../../core/mail/index.ts';
import type { Host } from '../../server/door.ts';
import { deliveryReportOf, type DeliveryReport } from './dsn.ts';
import { addressOf } from './kit.ts';
import { EmailStore } from './store/index.ts';

export type MailOutcome =
  | { outcome: 'dropped'; reason: string; messageId: string }
  /** A delivery status notification about mail opsdesk sent: the addresses that bounced for good were marked. */
  | { outcome: 'bounce'; addresses: string[]; messageId: string }
  | { outcome: 'duplicate'; messageId: string }
  | { outcome: 'quarantined'; reason: string; messageId: string }
  | { outcome: 'ticket' | 'comment'; ticketKey: string; ticketId: string; messageId: string };

export async function receiveMail(host: Host, raw: Buffer, source: string, requestId: string): Promise<MailOutcome> {
  const { core, config, logger } = host;
  // mailparser is loaded with the first mail, not at every start (about 0.2 s).
  const { parseMail } = await import('./parse.ts');
  const { mail, signs, files } = await parseMail(raw, source);
  const { messageId } = mail;
  // A delivery report to opsdesk's own sender address is a bounce: never a ticket, never the quarantine.
  const own = config.MAIL_FROM ? addressOf(config.MAIL_FROM).address.toLowerCase() : undefined;
  const report = own && mail.recipients.includes(own) ? deliveryReportOf(raw) : undefined;
  if (report && own) return bounced(host, report, own, messageId, requestId);
  const automatic = automaticMail(signs);
  if (automatic) {
    logger.info({ requestId, source, messageId, from: mail.from, reason: automatic }, 'inbound mail dropped: automatic mail is never answered');
    return { outcome: 'dropped', reason: automatic, messageId };
  }
  const door = systemActor('email', 'email', requestId);
  const mailDomain = own?.split('@')[1];
  const route = await core.read(routeMail, door, { mail, authservId: config.EMAIL_AUTHSERV_ID, supportAddress: config.SUPPORT_ADDRESS, mailDomain });
  if (route.route === 'duplicate') return { outcome: 'duplicate', messageId };
  if (route.route === 'quarantine') return quarantine(host, mail, route.reason, requestId);
  const person = await core.read(actorOfPerson, door, { personId: route.personId, door: 'email', requestId });
  if (!person) return quarantine(host, mail, `${mail.from} is no longer known`, requestId);
  try {
    const taken = await core.execute(
      takeMail,
      person,
      route.route === 'ticket' ? { as: 'ticket', mail, orgId: route.orgId, files } : { as: 'comment', mail, ticketId: route.ticketId, files },
    );
    return { outcome: taken.as, ticketKey: taken.ticketKey, ticketId: taken.ticketId, messageId };
  } catch (error) {
    if (!(error instanceof OpsdeskError)) throw error;
    if (error.code === 'CONFLICT') return { outcome: 'duplicate', messageId };
    // A closed ticket, an empty reply, a sender who may no longer write: staff decide, nothing is half-written.
    const what = route.route === 'comment' ? `could not be added to ${route.ticketKey}` : 'could not open a ticket';
    return quarantine(host, mail, `${what}: ${error.message}`, requestId);
  }
}

/**
 * The addresses a delivery report says failed for good are marked as bouncing through the core,
 * each only when the report returns a message opsdesk sent to that very address (its Message-ID,
 * `<opsdesk.<row>.<event>@<MAIL_FROM's domain>>`, names an outbox row of that recipient): a forged
 * report about someone else's address marks nothing.
 */
async function bounced(host: Host, report: DeliveryReport, own: string, messageId: string, requestId: string): Promise<MailOutcome> {
  const domain = own.split('@')[1]!;
  const rows = report.messageIds.flatMap((id) => {
    const match = /^opsdesk\.(\d+)\.\d+@(.+)$/i.exec(id);
    return match && match[2]!.toLowerCase() === domain && Number.isSafeInteger(Number(match[1])) ? [Number(match[1])] : [];
  });
  const store = new EmailStore(host.core.database.db);
  const door = systemActor('email', 'email', requestId);
  const marked: string[] = [];
  for (const failed of report.failed) {
    if (!(await store.outbox.wasSentTo(rows, failed.recipient))) continue;
    const reason = [failed.status, failed.diagnostic].filter(Boolean).join(' ').slice(0, 1000);
    try {
      await host.core.execute(markEmailBouncing, door, { address: failed.recipient, reason, source: 'dsn' });
      marked.push(failed.recipient);
    } catch (error) {
      if (!(error instanceof OpsdeskError)) throw error;
      host.logger.warn({ requestId, messageId, recipient: failed.recipient, code: error.code }, 'a delivery report named an address that could not be marked');
    }
  }
  if (marked.length === 0) {
    host.logger.info({ requestId, messageId, failed: report.failed.length }, 'inbound delivery report dropped: it is about no message opsdesk sent to that address');
    return { outcome: 'dropped', reason: 'a delivery report about no message opsdesk sent', messageId };
  }
  host.logger.warn({ requestId, messageId, addresses: marked }, 'email address bounced (delivery report); nothing more is sent to it until an admin clears it');
  return { outcome: 'bounce', addresses: marked, messageId };
}

async function quarantine(host: Host, mail: InboundMail, reason: string, requestId: string): Promise<MailOutcome> {
  try {
    await host.core.execute(quarantineMail, systemActor('email', 'email', requestId), { mail, reason });
  } catch (error) {
    if (error instanceof OpsdeskError && error.code === 'CONFLICT') return { outcome: 'duplicate', messageId: mail.messageId };
    throw error;
  }
  host.logger.info({ requestId, source: mail.source, messageId: mail.messageId, from: mail.from, reason }, 'inbound mail quarantined');
  return { outcome: 'quarantined', reason, messageId: mail.messageId };
}
