/**
 * Block Kit for a ticket's internal thread in the provider's support channel: the staff card (the
 * ticket's card, mirrored, with an "Add internal note" button), each note's line, and the note
 * modal. Every one of them says that the client does not see it, so that nobody types a reply meant
 * for the client here, or a note in the client's thread, by accident.
 */
import type { types } from '@slack/bolt';
import type { TicketNoteAdded, TicketRow } from '../../../core/tickets/index.ts';
import { button, context, input, section, type KnownBlock } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';
import { ticketCard, type CardPeople } from './presenters.ts';

export const ADD_NOTE_ACTION = 'ticket:add_note';
export const ADD_NOTE_VIEW = 'ticket:note';
export const INTERNAL_BANNER = ':lock: *Internal — the client does not see this thread.* Replies here are internal notes; answer the client in their channel.';
const NOTE_ECHO = ':lock: Internal note — the client does not see this thread.';

/** The staff card: the client's card as it is (without its buttons: those act for the client's thread), marked internal. */
export function internalTicketCard(ticket: TicketRow, people: CardPeople, clientCard?: { channel: string; ts?: string }): { text: string; blocks: KnownBlock[] } {
  const mirrored = ticketCard(ticket, people);
  const where = clientCard?.ts
    ? `<https://slack.com/archives/${clientCard.channel}/p${clientCard.ts.replace('.', '')}|the client's thread>`
    : clientCard
      ? `<#${clientCard.channel}>`
      : "the client's channel";
  const blocks: KnownBlock[] = [
    context(INTERNAL_BANNER),
    ...mirrored.blocks.filter((block) => block.type !== 'actions' && block.type !== 'context'),
    { type: 'actions', block_id: `ticket-internal:${ticket.id}`, elements: [button('Add internal note', ADD_NOTE_ACTION, ticket.id)] },
    context(`Replies to the client go in ${where}.`),
  ];
  return { text: `[Internal] ${mirrored.text}`, blocks };
}

/** A note written elsewhere (the console, GraphQL, the modal), posted in the internal thread. */
export function noteLine(note: TicketNoteAdded): { text: string; blocks: KnownBlock[] } {
  const text = `*${escapeText(note.authorName)}* (internal note): ${escapeText(note.body)}`;
  return { text: `[Internal] ${text}`, blocks: [section(text), context(NOTE_ECHO)] };
}

export function addNoteView(ticket: TicketRow): types.View {
  return {
    type: 'modal',
    callback_id: ADD_NOTE_VIEW,
    private_metadata: ticket.id,
    title: { type: 'plain_text', text: 'Internal note' },
    submit: { type: 'plain_text', text: 'Add note' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`*${ticket.key}* ${escapeText(ticket.title)}`),
      context(':lock: *Internal — the client does not see this note.* To answer the client, reply in their thread.'),
      input('note', 'Note for provider staff', { type: 'plain_text_input', multiline: true, max_length: 3000 }),
    ],
  };
}
