/** The tickets capability: support tickets, two-party severity agreement, response targets. */
import { defineCapability } from '../capability.ts';
import { declarationsOf } from '../events/define.ts';
import { SlaTargetEvents, TicketEvents } from './events.ts';
import { CLOSURE_REMINDER_TIMER, SLA_BREACH_TIMER, SLA_WARNING_TIMER, onClosureReminder, onSlaBreach, onSlaWarning } from './sla.ts';

export { TicketEvents, SlaTargetEvents } from './events.ts';
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

export const tickets = defineCapability({
  name: 'tickets',
  events: declarationsOf(TicketEvents, SlaTargetEvents),
  timers: { [SLA_WARNING_TIMER]: onSlaWarning, [SLA_BREACH_TIMER]: onSlaBreach, [CLOSURE_REMINDER_TIMER]: onClosureReminder },
});

export default tickets;
