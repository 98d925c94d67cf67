/**
 * Rating the support from Slack: approving the closure with the card's button opens a modal that
 * asks the initiator for a score (1-5) and a comment; its submission runs `rateTicket` as the person
 * who submits it, so the core decides who may rate. Closing the modal without submitting rates nothing.
 */
import type { App, SlackViewAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { OpsdeskError } from '../../../core/errors.ts';
import { RATING_SCORES, rateTicket, type TicketRow } from '../../../core/tickets/index.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { input, option, section } from '../kit/blocks.ts';
import { fieldErrorText, slackErrorText } from '../kit/errors.ts';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import { escapeText } from '../kit/text.ts';

export const RATE_TICKET_VIEW = 'ticket:rate';

const SCORE_LABELS: Record<number, string> = { 1: '1 – poor', 2: '2 – fair', 3: '3 – good', 4: '4 – very good', 5: '5 – excellent' };

/** The modal: the ticket, a score and an optional comment. Pure: the ticket in, the view out. */
export function rateTicketView(ticket: Pick<TicketRow, 'id' | 'key' | 'title'>): View {
  return {
    type: 'modal',
    callback_id: RATE_TICKET_VIEW,
    private_metadata: ticket.id,
    title: { type: 'plain_text', text: 'Rate the support' },
    submit: { type: 'plain_text', text: 'Rate' },
    close: { type: 'plain_text', text: 'Not now' },
    blocks: [
      section(`Thank you: *${ticket.key}* ${escapeText(ticket.title)} is closed. How was the support?`),
      input('score', 'Your rating', { type: 'radio_buttons', options: RATING_SCORES.map((s) => option(SCORE_LABELS[s]!, String(s))) }),
      input('comment', 'Comment', { type: 'plain_text_input', multiline: true, max_length: 2000 }, { optional: true }),
    ],
  } as View;
}

export function registerRatingListeners(app: App, deps: SlackDeps): void {
  app.view<SlackViewAction>(RATE_TICKET_VIEW, async ({ view, ack, context }) => {
    const values = view.state.values as ViewState;
    const score = Number(fieldValue(values, 'score'));
    try {
      if (!(RATING_SCORES as readonly number[]).includes(score)) throw new OpsdeskError('INVALID_INPUT', 'choose a rating from 1 to 5');
      await deps.core.execute(rateTicket, requireActor(context), { ticketId: view.private_metadata, score, comment: fieldValue(values, 'comment') });
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { score: fieldErrorText(slackErrorText(error, requestIdOf(context), deps.logger)) } });
    }
  });
}
