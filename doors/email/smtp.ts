/**
 * Sending one email row over SMTP, and what to do when the server says no: a permanent refusal
 * (a 5xx reply to the message or its recipient) is given up; everything else (the server down or
 * unreachable, 4xx, a timeout, a refused login that the operator can fix) is tried again later.
 */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { addressOf } from './kit.ts';
import type { EmailOutboxRow } from './store/index.ts';

export { addressOf };

/** A message as queued (`email_outbox.message`). */
export interface QueuedMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** An invitation's iCalendar text, sent as the `text/calendar; method=…` alternative. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Text files attached as they are. */
  attachments?: { filename: string; contentType: string; content: string }[];
  /** Where a reply goes (a ticket's own support address). */
  replyTo?: string;
  /**
   * The ticket the message is about (its key): every message about it names the same thread root,
   * `<ticket.acme-42@MAIL_FROM's domain>`, in In-Reply-To and References, so mail programs show one
   * conversation, and a reply (which references it) finds the ticket without a reply address.
   */
  ticket?: string;
  /** A mailing's one-click unsubscribe URL (RFC 8058). */
  unsubscribeUrl?: string;
}

export type SendOutcome =
  | { outcome: 'sent' }
  /** Not now: the SMTP server could not take it (`cause: 'smtp'`), or our own code failed on the way (`'ours'`). */
  | { outcome: 'retry'; cause: 'smtp' | 'ours'; reason: string }
  /**
   * Never: the server refused it for good (`reason`: `smtp_550`, ...; `detail`: its reply).
   * `recipient`: it was the recipient that was refused (a hard bounce of the address), not the message.
   */
  | { outcome: 'refused'; reason: string; detail: string; recipient: boolean };

/** One SMTP transport for the door, from SMTP_URL. Timeouts are short: a slow server is retried later. */
export function smtpTransport(url: string): Transporter {
  return nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as never);
}

/** The headers every message carries: it is automatic (RFC 3834), so auto-replies should not answer it. */
const AUTOMATIC = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

export function mailOf(row: EmailOutboxRow, from: string): SendMailOptions {
  const message = row.message as QueuedMessage;
  const domain = addressOf(from).address.split('@')[1] ?? 'opsdesk.invalid';
  return {
    from,
    to: { name: message.to.name, address: message.to.address },
    subject: message.subject,
    text: message.text,
    html: message.html,
    // The same id on every attempt: a receiver that got a copy before can tell.
    messageId: `<opsdesk.${row.id}.${row.eventId ?? 0}@${domain}>`,
    headers: message.unsubscribeUrl
      ? { ...AUTOMATIC, 'List-Unsubscribe': `<${message.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : AUTOMATIC,
    ...(message.ticket ? { inReplyTo: ticketThreadId(message.ticket, domain), references: [ticketThreadId(message.ticket, domain)] } : {}),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.attachments?.length ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
    ...(message.calendar ? { icalEvent: { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content } } : {}),
  };
}

/** The thread root of a ticket's mail: `<ticket.acme-42@desk.example>` (see core/mail's routeMail, which reads it back). */
export const ticketThreadId = (ticketKey: string, domain: string) => `<ticket.${ticketKey.toLowerCase()}@${domain.toLowerCase()}>`;

export async function sendRow(transport: Transporter, row: EmailOutboxRow, from: string): Promise<SendOutcome> {
  try {
    await transport.sendMail(mailOf(row, from));
    return { outcome: 'sent' };
  } catch (error) {
    return classifySmtpError(error);
  }
}

/** A reply code of 5xx is permanent, except a refused login (the operator fixes the credentials; nothing is lost meanwhile). */
export function classifySmtpError(error: unknown): SendOutcome {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (typeof e?.responseCode === 'number') {
    const reply = typeof e.response === 'string' ? e.response : message;
    if (e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH') {
      // nodemailer says EENVELOPE when the server refused the envelope's recipient (RCPT TO), EMESSAGE for the message itself.
      return { outcome: 'refused', reason: `smtp_${e.responseCode}`, detail: reply, recipient: e.code === 'EENVELOPE' };
    }
    return { outcome: 'retry', cause: 'smtp', reason: `the SMTP server answered ${reply}` };
  }
  // nodemailer names what went wrong on the way (ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ...).
  if (typeof e?.code === 'string') return { outcome: 'retry', cause: 'smtp', reason: `SMTP server unreachable (${e.code}): ${message}` };
  return { outcome: 'retry', cause: 'ours', reason: message };
}
