/**
 * The email door's contract with the capabilities, as the Slack notifier's is: a capability never
 * sends mail from a command. It states, in an `EmailRule`, what mail goes out after one of its
 * domain events has committed; the door runs each rule once cluster-wide per event, stores the
 * messages as durable rows (one per recipient), and sends them in order per recipient, retrying
 * passing failures over a long horizon (72 h by default).
 */
import type { z } from 'zod';
import type { DomainEvent } from '../../core/events/bus.ts';
import type { Logger } from '../../core/observability.ts';
import type { Query } from '../../core/query.ts';

export interface Recipient {
  /** The person, when the recipient is one (a status page subscriber is only an address). */
  personId?: string;
  name: string;
  address: string;
}

/** A calendar invitation; its SEQUENCE is counted by the door when the message is queued. */
export interface InvitationSpec {
  method: 'REQUEST' | 'CANCEL';
  /** Names the event for good: every update and the cancellation carry it. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  url?: string;
}

/** One message to one person. */
export interface EmailOutput {
  /** What kind of message, for the metrics and the log: `announcement`, `ticket`. */
  kind: string;
  to: Recipient;
  subject: string;
  text: string;
  html: string;
  invitation?: InvitationSpec;
  /** Files attached as they are (a signed checkpoint as text). */
  attachments?: Attachment[];
  /**
   * The ticket a reply should reach (its key): the message belongs to the ticket's thread
   * (In-Reply-To and References name `<ticket.acme-42@...>`, which a reply carries back), and with
   * SUPPORT_ADDRESS set its Reply-To is the ticket's own address (`support+acme-42@...`); the inbound
   * door turns a reply found either way into a comment on it.
   */
  replyToTicket?: string;
  /**
   * A mailing the recipient may leave (the status page's): its one-click unsubscribe URL, sent as
   * `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
   */
  unsubscribeUrl?: string;
  /** The alarm page (`alarm_pages.id`) this message is: when it cannot be sent, the core pages the person's next channel. */
  pageId?: string;
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface EmailContext {
  /** Run a core query as the email door's system actor; rules read only through core queries. */
  read<S extends z.ZodTypeAny, R>(query: Query<S, R>, input: z.input<S>): Promise<R>;
  /** Where people open the web console (PUBLIC_URL, or http://localhost:PORT), without a trailing slash. */
  consoleUrl: string;
  /** A reply to a ticket's mail becomes a comment on it (SUPPORT_ADDRESS is set: the mail's Reply-To is the ticket's own address). */
  repliesReachTicket: boolean;
  logger: Logger;
}

/** Turns one committed domain event into mail; [] for events it does not handle. */
export type EmailRule = (event: DomainEvent, ctx: EmailContext) => Promise<EmailOutput[]>;

/** A capability's part of the email door (registered in app/capabilities.ts). */
export interface EmailPart {
  readonly rule?: EmailRule;
}
