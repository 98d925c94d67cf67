/**
 * The ticket card's buttons. Each runs one core command as the person who pressed it; which side
 * may press which is the tickets' policy, told to a refused presser only. The card shows the buttons
 * that fit the ticket's state (presenters.ts); the notifier re-renders it after every change.
 */
import { z } from 'zod';
import {
  SEVERITIES,
  acceptSeverity,
  approveClosure,
  assignTicket,
  changeTicketStatus,
  getTicket,
  reopenTicket,
  ticketRating,
  type TicketStatus,
} from '../../../core/tickets/index.ts';
import { rateTicketView } from './rating.ts';
import { defineButton, idValue, type SlackButton } from '../kit/buttons.ts';
import { TICKET_ACTIONS, proposeSeverityView } from './presenters.ts';

const moveTo = (actionId: string, status: TicketStatus) =>
  defineButton({
    actionId,
    value: idValue,
    run: async ({ actor, value: ticketId, deps }) => void (await deps.core.execute(changeTicketStatus, actor, { ticketId, status })),
  });

/** `<ticket id>|<severity>`: the proposal the presser saw, refused if it has changed since. */
const proposalValue = z
  .string()
  .max(120)
  .transform((value) => {
    const [ticketId = '', severity] = value.split('|');
    return { ticketId, severity: (SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as (typeof SEVERITIES)[number]) : undefined };
  });

export const ticketButtons: readonly SlackButton[] = [
  defineButton({
    actionId: TICKET_ACTIONS.take,
    value: idValue,
    run: async ({ actor, value: ticketId, deps }) => void (await deps.core.execute(assignTicket, actor, { ticketId })),
  }),
  moveTo(TICKET_ACTIONS.askClient, 'AWAITING_CLIENT'),
  moveTo(TICKET_ACTIONS.logBug, 'BUG_LOGGED'),
  moveTo(TICKET_ACTIONS.resolve, 'RESOLVED'),
  defineButton({
    actionId: TICKET_ACTIONS.approve,
    value: idValue,
    // The initiator is offered the rating right after approving (rating.ts).
    run: async ({ actor, value: ticketId, deps }) => {
      const closed = await deps.core.execute(approveClosure, actor, { ticketId });
      if ((await deps.core.read(ticketRating, actor, { ticketId })).canRate) return { modal: rateTicketView(closed) };
    },
  }),
  defineButton({
    actionId: TICKET_ACTIONS.reopen,
    value: idValue,
    run: async ({ actor, value: ticketId, deps }) => void (await deps.core.execute(reopenTicket, actor, { ticketId })),
  }),
  defineButton({
    actionId: TICKET_ACTIONS.accept,
    value: proposalValue,
    run: async ({ actor, value, deps }) => void (await deps.core.execute(acceptSeverity, actor, value)),
  }),
  // Proposing asks which severity first: the modal opens right after the press is acknowledged.
  defineButton({
    actionId: TICKET_ACTIONS.propose,
    value: idValue,
    run: async ({ actor, value: id, deps }) => ({ modal: proposeSeverityView(await deps.core.read(getTicket, actor, { id })) }),
  }),
];
