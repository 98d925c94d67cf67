/**
 * The tickets capability: support tickets, two-party severity agreement, response targets counted
 * in working time, closure approved by the client. Its face: the Capability, its commands, queries
 * and events, and what the doors show (labels and definitions from the model).
 */
import { defineCapability } from '../capability.ts';
import { declarationsOf } from '../events/define.ts';
import { SlaTargetEvents, TicketEvents } from './events.ts';
import { TicketNoteEvents } from './note-events.ts';
import { TICKET_EXPORTERS } from './exporters.ts';
import { AttachmentEvents } from './attachment-events.ts';
import { CLOSURE_REMINDER_TIMER, SLA_BREACH_TIMER, SLA_WARNING_TIMER, onClosureReminder, onSlaBreach, onSlaWarning } from './internal/sla.ts';

export { TicketEvents, SlaTargetEvents } from './events.ts';
export type * from './events.ts';
export { TicketNoteEvents, noteTicketOrgId, type TicketNoteAdded } from './note-events.ts';
export { addTicketNote, listTicketNotes, ticketForNote, type TicketNoteView } from './notes.ts';
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
export * from './model.ts';
export { AttachmentEvents } from './attachment-events.ts';
export type * from './attachment-events.ts';
export {
  attachFileToTicket,
  attachmentLimit,
  attachmentRefusal,
  downloadLinkGrant,
  listAttachments,
  recordAttachmentDownload,
  useAttachmentLimit,
  ACCEPTED_KINDS,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DOWNLOAD_LINK_MINUTES,
  describeBytes,
  type AttachmentView,
} from './attachments.ts';
export { DEFAULT_SLA_TARGETS, slaDeadlines } from './internal/sla.ts';
export { slaCalendar, useSlaCalendar } from './internal/working-time.ts';

export const tickets = defineCapability({
  name: 'tickets',
  events: declarationsOf(TicketEvents, SlaTargetEvents, TicketNoteEvents, AttachmentEvents),
  timers: { [SLA_WARNING_TIMER]: onSlaWarning, [SLA_BREACH_TIMER]: onSlaBreach, [CLOSURE_REMINDER_TIMER]: onClosureReminder },
  exporters: TICKET_EXPORTERS,
});

export default tickets;
