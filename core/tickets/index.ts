/** The tickets capability: support tickets, two-party severity agreement, response targets. */
import type { Core } from '../core.ts';
import { TICKET_EVENTS } from './events.ts';
import { CLOSURE_REMINDER_TIMER, SLA_BREACH_TIMER, SLA_WARNING_TIMER, onClosureReminder, onSlaBreach, onSlaWarning } from './sla.ts';

export { whenTicketCloses, type TicketClosedReaction } from './closure.ts';
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

export function registerTickets(core: Core): void {
  core.events.declare(TICKET_EVENTS);
  core.timers.register(SLA_WARNING_TIMER, onSlaWarning);
  core.timers.register(SLA_BREACH_TIMER, onSlaBreach);
  core.timers.register(CLOSURE_REMINDER_TIMER, onClosureReminder);
}
