/**
 * Mail about a ticket to its initiator or to a follower of the org's tickets, pure: the ticket in, a
 * message out. The initiator is asked to act ("your ticket ... please approve"); a follower is told
 * what happened and who is asked. When replies by mail reach the ticket (SUPPORT_ADDRESS is set: the
 * message's Reply-To is the ticket's own address), the message says so instead of "replies are not read".
 */
import { SEVERITY_DEFINITIONS, STATUS_LABELS, type Severity, type TicketRow } from '../../../core/tickets/index.ts';
import { htmlPage, link, para, pre, textFooter, type Message } from '../kit.ts';

export type { Message };

export type TicketUpdate = 'received' | 'awaiting_reply' | 'resolved';

/** Who the message is for: the ticket's initiator, or a follower of the org's tickets (with the initiator's name when known). */
export type Audience = { as: 'initiator' } | { as: 'follower'; initiator: string | null };

export interface TicketMailOptions {
  consoleUrl: string;
  audience: Audience;
  /** A reply to the message becomes a comment on the ticket. */
  repliesReachTicket: boolean;
}

type Ticket = Pick<TicketRow, 'key' | 'title'>;

const opener = (audience: Audience) => (audience.as === 'follower' && audience.initiator ? audience.initiator : 'the person who opened it');
/** The same, at the start of a sentence. */
const Opener = (audience: Audience) => opener(audience).replace(/^the /, 'The ');
const FOLLOWING = 'You receive this because you follow your organisation’s tickets.';
const REPLY_HERE = 'You can also answer by replying to this email: your reply is added to the ticket.';

const ticketUrl = (consoleUrl: string, key: string) => `${consoleUrl}/tickets/${encodeURIComponent(key)}`;

/** A paragraph, or a quoted text shown as written (a comment). */
type Block = string | { quote: string };

/** The message's frame: its blocks, the link to the ticket, and the footer that says whether replies are read. */
function ticketMail(ticket: Ticket, subject: string, heading: string, blocks: Block[], action: string, options: TicketMailOptions): Message {
  const url = ticketUrl(options.consoleUrl, ticket.key);
  const all: Block[] = [...blocks, ...(options.repliesReachTicket ? [REPLY_HERE] : [])];
  const asText = (block: Block) => (typeof block === 'string' ? block : block.quote.replace(/^/gm, '> '));
  return {
    subject: `[${ticket.key}] ${subject}`,
    text: [...all.flatMap((block) => [asText(block), '']), `${action}: ${url}`, '', textFooter(options.repliesReachTicket)].join('\n'),
    html: htmlPage(heading, [...all.map((block) => (typeof block === 'string' ? para(block) : pre(block.quote))), `<p>${link(url, action)}</p>`], options.repliesReachTicket),
  };
}

const SAYS: Record<TicketUpdate, (ticket: Ticket, audience: Audience) => { lead: string; ask: string; action: string }> = {
  received: (t, a) =>
    a.as === 'initiator'
      ? {
          lead: `We have received your ticket ${t.key}: ${t.title}.`,
          ask: `Its key is ${t.key}: use it when you contact us about it. You can follow it and answer in opsdesk.`,
          action: 'Open the ticket',
        }
      : { lead: `${Opener(a)} opened ticket ${t.key}: ${t.title}.`, ask: FOLLOWING, action: 'Open the ticket' },
  awaiting_reply: (t, a) =>
    a.as === 'initiator'
      ? { lead: `Your ticket ${t.key} (${t.title}) is awaiting your reply.`, ask: 'Please answer in opsdesk; we go on as soon as you reply.', action: 'Reply in opsdesk' }
      : { lead: `Ticket ${t.key} (${t.title}) is awaiting an answer from your organisation.`, ask: `Anyone of you can answer in opsdesk. ${FOLLOWING}`, action: 'Reply in opsdesk' },
  resolved: (t, a) =>
    a.as === 'initiator'
      ? {
          lead: `Your ticket ${t.key} (${t.title}) has been resolved.`,
          ask: 'Please approve the resolution to close it, or reopen it if the problem remains.',
          action: 'Approve or reopen',
        }
      : { lead: `Ticket ${t.key} (${t.title}) has been resolved.`, ask: `${Opener(a)} is asked to approve the resolution or reopen it. ${FOLLOWING}`, action: 'Open the ticket' },
};

const STATUS_OF: Record<TicketUpdate, keyof typeof STATUS_LABELS> = { received: 'RECEIVED', awaiting_reply: 'AWAITING_CLIENT', resolved: 'RESOLVED' };

export function ticketUpdateMessage(update: TicketUpdate, ticket: Ticket, options: TicketMailOptions): Message {
  const { lead, ask, action } = SAYS[update](ticket, options.audience);
  const status = STATUS_LABELS[STATUS_OF[update]];
  return ticketMail(ticket, `${status}: ${ticket.title}`, `${ticket.key}: ${status}`, [lead, ask], action, options);
}

/** A comment on the ticket by someone else than the recipient: who wrote it, and its text. */
export function commentMessage(ticket: Ticket, comment: { authorName: string; side: 'provider' | 'client'; body: string }, options: TicketMailOptions): Message {
  const by = comment.side === 'provider' ? `${comment.authorName} (support)` : comment.authorName;
  const lead = `${by} wrote on ${options.audience.as === 'initiator' ? 'your ticket' : 'ticket'} ${ticket.key} (${ticket.title}):`;
  const following = options.audience.as === 'follower' ? [FOLLOWING] : [];
  return ticketMail(ticket, `New comment from ${comment.authorName}: ${ticket.title}`, `${ticket.key}: new comment`, [lead, { quote: comment.body }, ...following], 'Open the ticket', options);
}

/** A reminder that a resolved ticket awaits the initiator's approval (or reopening). */
export function closureReminderMessage(ticket: Ticket, days: number, options: TicketMailOptions): Message {
  const ago = `${days} working day${days === 1 ? '' : 's'} ago`;
  const own = options.audience.as === 'initiator';
  const lead = own
    ? `Your ticket ${ticket.key} (${ticket.title}) was resolved ${ago} and awaits your approval.`
    : `Ticket ${ticket.key} (${ticket.title}) was resolved ${ago} and awaits the approval of ${opener(options.audience)}.`;
  const ask = own ? 'Please approve the resolution to close it, or reopen it if the problem remains.' : FOLLOWING;
  return ticketMail(
    ticket,
    `Reminder: ${own ? 'please approve or reopen' : 'awaiting approval'}: ${ticket.title}`,
    `${ticket.key}: awaiting ${own ? 'your ' : ''}approval`,
    [lead, ask],
    own ? 'Approve or reopen' : 'Open the ticket',
    options,
  );
}

/** A severity the provider proposed, awaiting the client's answer, with the seed's definition of the level. */
export function severityProposalMessage(ticket: Ticket, severity: Severity, counter: boolean, options: TicketMailOptions): Message {
  const whose = options.audience.as === 'initiator' ? 'your ticket' : 'ticket';
  const lead = counter
    ? `We propose severity ${severity} instead for ${whose} ${ticket.key} (${ticket.title}).`
    : `We propose severity ${severity} for ${whose} ${ticket.key} (${ticket.title}).`;
  const definition = `${severity}: ${SEVERITY_DEFINITIONS[severity]}`;
  const ask = 'Please accept it or propose another level: the response time is counted from when we agree.';
  return ticketMail(ticket, `Severity proposed: ${severity}: ${ticket.title}`, `${ticket.key}: severity ${severity} proposed`, [lead, definition, ask], 'Answer the proposal', options);
}
