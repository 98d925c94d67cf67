/**
 * Block Kit for tickets: the card (one message per ticket, edited in place), the lines posted in
 * its thread, the support channel's notices, the /ticket modal and the App Home section.
 */
import type { types } from '@slack/bolt';
import type { TicketRow } from '../../../db/schema.ts';
import {
  KIND_LABELS,
  SEVERITIES,
  SEVERITY_DEFINITIONS,
  STATUS_LABELS,
  TICKET_KINDS,
  agreementState,
  otherSide,
  type Severity,
} from '../../../core/tickets/model.ts';
import { button, section } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';

type KnownBlock = types.KnownBlock;
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

const slackTime = (at: Date) =>
  `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;

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
  if (ticket.description) blocks.push(section(escapeText(ticket.description.slice(0, 2900))));
  const buttons = cardButtons(ticket);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `ticket:${ticket.id}`, elements: buttons });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Reply in this thread to comment on the ticket.' }] });
  return { text, blocks };
}

/** The short line each change posts in the card's thread. */
export function threadLine(type: string, payload: Record<string, unknown>, actorName: string): string | undefined {
  const who = escapeText(actorName);
  switch (type) {
    case 'ticket.severity_proposed':
      return `${who} proposed *${payload.proposedSeverity}* (${payload.side}); awaiting the ${otherSide(payload.side as 'client' | 'provider')}.`;
    case 'ticket.severity_agreed':
      return `Severity agreed: *${payload.severity}* (accepted by ${who}).${payload.slaDueAt ? ` Response due ${slackTime(new Date(String(payload.slaDueAt)))}.` : ''}`;
    case 'ticket.assigned':
      return `${who} assigned the ticket.`;
    case 'ticket.status_changed':
      return `Status: *${STATUS_LABELS[payload.to as TicketRow['status']]}*${payload.byReply ? ' (the client replied)' : ` (by ${who})`}.`;
    case 'ticket.commented':
      return `*${escapeText(String(payload.authorName))}* (${payload.side}): ${escapeText(String(payload.body))}`;
    case 'ticket.closed':
      return `${who} approved the resolution: the ticket is *closed*.`;
    case 'ticket.reopened':
      return `${who} reopened the ticket${payload.reason ? `: ${escapeText(String(payload.reason))}` : ''}.`;
    case 'ticket.sla_warned':
      return `:warning: 75% of the response time is gone; due ${slackTime(new Date(String(payload.dueAt)))}.`;
    case 'ticket.sla_breached':
      return ':rotating_light: The response target is *breached*.';
    case 'ticket.closure_reminded':
      return `Reminder: the ticket was resolved ${payload.days} working days ago; please approve the closure or reopen it.`;
    default:
      return undefined;
  }
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

/** The support channel's notice, pointing at the card. */
export function supportNotice(type: string, ticket: TicketRow, card: CardPlace): string | undefined {
  const where = cardPointer(card);
  const title = `*${ticket.key}* ${escapeText(ticket.title)}`;
  switch (type) {
    case 'ticket.opened':
      return `New ticket ${title}${where}.`;
    case 'ticket.severity_proposed':
      return ticket.proposedSeverity === 'URGENT' ? `:rotating_light: URGENT proposed for ${title}${where}.` : undefined;
    case 'ticket.sla_warned':
      return `:warning: SLA warning on ${title}${where}: 75% of the response time is gone.`;
    case 'ticket.sla_breached':
      return `:rotating_light: SLA breached on ${title}${where}.`;
    default:
      return undefined;
  }
}

export function pageText(ticket: TicketRow, card: CardPlace): string {
  return `:rotating_light: You are on call: the client proposed *URGENT* for *${ticket.key}* ${escapeText(ticket.title)}${cardPointer(card)}.`;
}

const option = (text: string, value: string, description?: string) => ({
  text: { type: 'plain_text' as const, text: text.slice(0, 75) },
  value,
  ...(description ? { description: { type: 'plain_text' as const, text: description.slice(0, 75) } } : {}),
});

/** Slack shows at most 75 characters under a radio button: the full definitions go in `severityHelp`. */
const shortDefinition = (s: Severity) => {
  const text = SEVERITY_DEFINITIONS[s];
  return text.length <= 75 ? text : `${text.slice(0, 73).trimEnd()}…`;
};
const severityOptions = () => SEVERITIES.map((s) => option(s, s, shortDefinition(s)));

/** The seed's definition of each level, word for word, shown with the choice. */
export function severityHelp(): KnownBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: SEVERITIES.map((s) => `*${s}*: ${SEVERITY_DEFINITIONS[s]}`).join('\n') }],
  };
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
    blocks.push({
      type: 'input',
      block_id: 'org',
      label: { type: 'plain_text', text: 'Organisation' },
      element: { type: 'static_select', action_id: 'value', options: modal.orgChoices.slice(0, 100).map((o) => option(o.name, o.id)) },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: 'title',
      label: { type: 'plain_text', text: 'Title' },
      element: { type: 'plain_text_input', action_id: 'value', max_length: 200, ...(modal.title ? { initial_value: modal.title.slice(0, 200) } : {}) },
    },
    {
      type: 'input',
      block_id: 'description',
      optional: true,
      label: { type: 'plain_text', text: 'Description' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000, ...(modal.description ? { initial_value: modal.description.slice(0, 3000) } : {}) },
    },
    {
      type: 'input',
      block_id: 'kind',
      label: { type: 'plain_text', text: 'Kind' },
      element: {
        type: 'static_select',
        action_id: 'value',
        initial_option: option(KIND_LABELS.incident, 'incident'),
        options: TICKET_KINDS.map((k) => option(KIND_LABELS[k], k)),
      },
    },
    {
      type: 'input',
      block_id: 'severity',
      optional: true,
      label: { type: 'plain_text', text: 'Proposed severity (the other side agrees or counter-proposes)' },
      element: { type: 'radio_buttons', action_id: 'value', options: severityOptions() },
    },
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
      {
        type: 'input',
        block_id: 'severity',
        label: { type: 'plain_text', text: 'Severity' },
        element: { type: 'radio_buttons', action_id: 'value', options: severityOptions() },
      },
      severityHelp(),
    ],
  };
}

export function homeTicketLines(title: string, rows: TicketRow[], empty?: string): KnownBlock[] {
  if (rows.length === 0) return empty ? [section(`*${title}*\n${empty}`)] : [];
  const lines = rows.map((t) => `• *${t.key}* ${escapeText(t.title)} — ${STATUS_LABELS[t.status]}; ${agreementState(t)}`);
  return [section(`*${title}*\n${lines.join('\n')}`.slice(0, 2900))];
}

export const isSeverity = (value: unknown): value is Severity => (SEVERITIES as readonly unknown[]).includes(value);
