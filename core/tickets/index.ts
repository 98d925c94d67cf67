/**
 * The tickets capability: support tickets, two-party severity agreement, response targets counted
 * in working time, closure approved by the client. Its face: the Capability, its commands, queries
 * and events, and what the doors show (labels and definitions from the model).
 */
import { defineCapability } from '../capability.ts';
import { declarationsOf } from '../events/define.ts';
import { SlaTargetEvents, TicketEvents } from './events.ts';
import { CLOSURE_REMINDER_TIMER, SLA_BREACH_TIMER, SLA_WARNING_TIMER, onClosureReminder, onSlaBreach, onSlaWarning } from './internal/sla.ts';
import { searchIndexReactions } from './internal/search-index.ts';

export { TicketEvents, SlaTargetEvents } from './events.ts';
export type * from './events.ts';
export {
  acceptSeverity,
  approveClosure,
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  openTicket,
  proposeSeverity,
  reopenTicket,
  setSlaTarget,
} from './commands.ts';
export {
  followTicket,
  getTicket,
  listComments,
  listTickets,
  myTickets,
  ticketByKey,
  ticketCard,
  ticketOrgFromChannel,
  ticketsByIds,
} from './queries.ts';
export { searchTickets, highlightHtml, type HighlightPart, type SearchField, type TicketSearchHit, type TicketSearchPage } from './search.ts';
export * from './model.ts';
export { DEFAULT_SLA_TARGETS, slaDeadlines } from './internal/sla.ts';
export { slaCalendar, useSlaCalendar } from './internal/working-time.ts';

export const tickets = defineCapability({
  name: 'tickets',
  events: declarationsOf(TicketEvents, SlaTargetEvents),
  timers: { [SLA_WARNING_TIMER]: onSlaWarning, [SLA_BREACH_TIMER]: onSlaBreach, [CLOSURE_REMINDER_TIMER]: onClosureReminder },
  reactions: [...searchIndexReactions],
});

export default tickets;
