/**
 * Block Kit for tickets: the card (one message per ticket, edited in place), the lines posted in
 * its thread, the support channel's notices, the /ticket modal and the App Home section.
 */
import type { types } from '@slack/bolt';
import type { DomainEvent } from '../../../core/events/bus.ts';
import {
  KIND_LABELS,
  SEVERITIES,
  SEVERITY_DEFINITIONS,
  STATUS_LABELS,
  TICKET_KINDS,
  TicketEvents,
  agreementState,
  otherSide,
  type Severity,
  type TicketRow,
} from '../../../core/tickets/index.ts';
import { button, context, input, option, section, type KnownBlock } from '../kit/blocks.ts';
import { slackTime } from '../kit/dates.ts';
import { clip, escapeText } from '../kit/text.ts';

type View = types.View;

/** Action ids of the card's buttons and the modals' callback ids. */
export const TICKET_ACTIONS = {
  take: 'ticket:take',
  propose: 'ticket:propose',
  accept: 'ticket:accept',
  askClient: 'ticket:ask_client',
  logBug: 'ticket:log_bug',
  resolve: 'ticket:resolve',
  approve: 'ticket:approve',
  reopen: 'ticket:reopen',
} as const;
export const OPEN_TICKET_VIEW = 'ticket:open';
export const PROPOSE_SEVERITY_VIEW = 'ticket:propose_severity';
export const FROM_MESSAGE_SHORTCUT = 'ticket:from_message';

export interface CardPeople {
  initiator: string;
  assignee?: string;
}

export function slaText(ticket: TicketRow): string {
  if (ticket.firstResponseAt && ticket.severity) return 'met (response given)';
  if (ticket.slaBreachedAt) return `*BREACHED* (was due ${slackTime(ticket.slaDueAt ?? ticket.slaBreachedAt)})`;
  if (ticket.slaDueAt) return `due ${slackTime(ticket.slaDueAt)}${ticket.slaWarnedAt ? ' (warning: 75% gone)' : ''}`;
  return ticket.severity ? 'no response target' : 'starts when severity is agreed';
}

/** The buttons that fit the ticket's state; the side is checked when one is pressed. */
export function cardButtons(ticket: TicketRow) {
  const id = ticket.id;
  const buttons = [];
  if (ticket.status === 'CLOSED') return [];
  if (ticket.status === 'RESOLVED') {
    buttons.push(button('Approve closure', TICKET_ACTIONS.approve, id, 'primary'), button('Reopen', TICKET_ACTIONS.reopen, id));
    return buttons;
  }
  if (!ticket.assigneeId) buttons.push(button('Take', TICKET_ACTIONS.take, id, 'primary'));
  if (ticket.proposedSeverity && ticket.proposedBySide) {
    buttons.push(
      button(`Accept ${ticket.proposedSeverity} (${otherSide(ticket.proposedBySide)})`, TICKET_ACTIONS.accept, `${id}|${ticket.proposedSeverity}`, 'primary'),
    );
  }
  buttons.push(button('Propose severity', TICKET_ACTIONS.propose, id));
  if (ticket.status !== 'AWAITING_CLIENT') buttons.push(button('Ask client', TICKET_ACTIONS.askClient, id));
  if (ticket.status !== 'BUG_LOGGED') buttons.push(button('Log bug', TICKET_ACTIONS.logBug, id));
  buttons.push(button('Resolve', TICKET_ACTIONS.resolve, id));
  return buttons;
}

export function ticketCard(ticket: TicketRow, people: CardPeople): { text: string; blocks: KnownBlock[] } {
  const agreement = agreementState(ticket);
  const text = `${ticket.key} ${ticket.title}: ${STATUS_LABELS[ticket.status]}; severity ${agreement}`;
  const fields = [
    `*Status*\n${STATUS_LABELS[ticket.status]}`,
    `*Severity*\n${agreement}`,
    `*Kind*\n${KIND_LABELS[ticket.kind]}`,
    `*SLA*\n${slaText(ticket)}`,
    `*Assignee*\n${people.assignee ? escapeText(people.assignee) : 'nobody yet'}`,
    `*Opened by*\n${escapeText(people.initiator)}`,
  ].map((field) => ({ type: 'mrkdwn' as const, text: field }));
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${ticket.key} · ${ticket.title}`.slice(0, 150) } },
    { type: 'section', fields },
  ];
  if (ticket.description) blocks.push(section(clip(escapeText(ticket.description))));
  const buttons = cardButtons(ticket);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `ticket:${ticket.id}`, elements: buttons });
  // Says which side reads a reply, so that an internal remark is not typed here by accident.
  blocks.push(context(':speech_balloon: Replies in this thread go to the client. Internal notes go in the ticket\'s internal thread in the support channel.'));
  return { text, blocks };
}

/** The short line each change posts in the card's thread; undefined for changes that post none. */
export function threadLine(event: DomainEvent, actorName: string): string | undefined {
  const who = escapeText(actorName);
  if (TicketEvents.severityProposed.is(event)) {
    const { proposedSeverity, side } = event.payload;
    return `${who} proposed *${proposedSeverity}* (${side}); awaiting the ${otherSide(side)}.`;
  }
  if (TicketEvents.severityAgreed.is(event)) {
    const { severity, slaDueAt } = event.payload;
    return `Severity agreed: *${severity}* (accepted by ${who}).${slaDueAt ? ` Response due ${slackTime(new Date(slaDueAt))}.` : ''}`;
  }
  if (TicketEvents.assigned.is(event)) return `${who} assigned the ticket.`;
  if (TicketEvents.statusChanged.is(event)) return `Status: *${STATUS_LABELS[event.payload.to]}*${event.payload.byReply ? ' (the client replied)' : ` (by ${who})`}.`;
  if (TicketEvents.commented.is(event)) return `*${escapeText(event.payload.authorName)}* (${event.payload.side}): ${escapeText(event.payload.body)}`;
  if (TicketEvents.closed.is(event)) return `${who} approved the resolution: the ticket is *closed*.`;
  if (TicketEvents.reopened.is(event)) return `${who} reopened the ticket${event.payload.reason ? `: ${escapeText(event.payload.reason)}` : ''}.`;
  if (TicketEvents.slaWarned.is(event)) {
    return `:warning: 75% of the response time is gone${event.payload.dueAt ? `; due ${slackTime(new Date(event.payload.dueAt))}` : ''}.`;
  }
  if (TicketEvents.slaBreached.is(event)) return ':rotating_light: The response target is *breached*.';
  if (TicketEvents.closureReminded.is(event)) {
    return `Reminder: the ticket was resolved ${event.payload.days} working days ago; please approve the closure or reopen it.`;
  }
  return undefined;
}

/** Where a card is: a link to the message once it is posted, else its channel. */
export interface CardPlace {
  channel?: string;
  ts?: string;
}

/** Slack's workspace-independent message link; it opens the card in the reader's workspace. */
export const messageLink = (channel: string, ts: string) => `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;

const cardPointer = (place: CardPlace) =>
  place.channel && place.ts ? ` (<${messageLink(place.channel, place.ts)}|see the card>)` : place.channel ? ` (card in <#${place.channel}>)` : '';

/** The support channel's notice, pointing at the card; undefined for changes it is not told of. */
export function supportNotice(event: DomainEvent, ticket: TicketRow, card: CardPlace): string | undefined {
  const where = cardPointer(card);
  const title = `*${ticket.key}* ${escapeText(ticket.title)}`;
  if (TicketEvents.opened.is(event)) return `New ticket ${title}${where}.`;
  if (TicketEvents.severityProposed.is(event)) return ticket.proposedSeverity === 'URGENT' ? `:rotating_light: URGENT proposed for ${title}${where}.` : undefined;
  if (TicketEvents.slaWarned.is(event)) return `:warning: SLA warning on ${title}${where}: 75% of the response time is gone.`;
  if (TicketEvents.slaBreached.is(event)) return `:rotating_light: SLA breached on ${title}${where}.`;
  return undefined;
}

export function pageText(ticket: TicketRow, card: CardPlace): string {
  return `:rotating_light: You are on call: the client proposed *URGENT* for *${ticket.key}* ${escapeText(ticket.title)}${cardPointer(card)}.`;
}

/** Slack shows at most 75 characters under a radio button: the full definitions go in `severityHelp`. */
const shortDefinition = (s: Severity) => {
  const text = SEVERITY_DEFINITIONS[s];
  return text.length <= 75 ? text : `${text.slice(0, 73).trimEnd()}…`;
};
const severityOptions = () => SEVERITIES.map((s) => option(s, s, shortDefinition(s)));

/** The seed's definition of each level, word for word, shown with the choice. */
export function severityHelp(): KnownBlock {
  return context(SEVERITIES.map((s) => `*${s}*: ${SEVERITY_DEFINITIONS[s]}`).join('\n'));
}

export interface OpenTicketModal {
  /** Provider staff in a provider channel choose the org. */
  orgChoices?: Array<{ id: string; name: string }>;
  title?: string;
  description?: string;
  privateMetadata: string;
}

export function openTicketView(modal: OpenTicketModal): View {
  const blocks: KnownBlock[] = [];
  if (modal.orgChoices) {
    blocks.push(input('org', 'Organisation', { type: 'static_select', options: modal.orgChoices.slice(0, 100).map((o) => option(o.name, o.id)) }));
  }
  blocks.push(
    input('title', 'Title', { type: 'plain_text_input', max_length: 200, ...(modal.title ? { initial_value: modal.title.slice(0, 200) } : {}) }),
    input(
      'description',
      'Description',
      { type: 'plain_text_input', multiline: true, max_length: 3000, ...(modal.description ? { initial_value: modal.description.slice(0, 3000) } : {}) },
      { optional: true },
    ),
    input('kind', 'Kind', { type: 'static_select', initial_option: option(KIND_LABELS.incident, 'incident'), options: TICKET_KINDS.map((k) => option(KIND_LABELS[k], k)) }),
    input('severity', 'Proposed severity (the other side agrees or counter-proposes)', { type: 'radio_buttons', options: severityOptions() }, { optional: true }),
    severityHelp(),
  );
  return {
    type: 'modal',
    callback_id: OPEN_TICKET_VIEW,
    private_metadata: modal.privateMetadata,
    title: { type: 'plain_text', text: 'Open a ticket' },
    submit: { type: 'plain_text', text: 'Open' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

export function proposeSeverityView(ticket: TicketRow): View {
  return {
    type: 'modal',
    callback_id: PROPOSE_SEVERITY_VIEW,
    private_metadata: ticket.id,
    title: { type: 'plain_text', text: 'Propose severity' },
    submit: { type: 'plain_text', text: 'Propose' },
    blocks: [
      section(`*${ticket.key}* ${escapeText(ticket.title)}\nNow: ${agreementState(ticket)}`),
      input('severity', 'Severity', { type: 'radio_buttons', options: severityOptions() }),
      severityHelp(),
    ],
  };
}

export function homeTicketLines(title: string, rows: TicketRow[], empty?: string): KnownBlock[] {
  if (rows.length === 0) return empty ? [section(`*${title}*\n${empty}`)] : [];
  const lines = rows.map((t) => `• *${t.key}* ${escapeText(t.title)} — ${STATUS_LABELS[t.status]}; ${agreementState(t)}`);
  return [section(clip(`*${title}*\n${lines.join('\n')}`))];
}

export const isSeverity = (value: unknown): value is Severity => (SEVERITIES as readonly unknown[]).includes(value);
