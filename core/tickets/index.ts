/**
 * The tickets capability: support tickets, two-party severity agreement, response targets counted
 * in working time, closure approved by the client. Its face: the Capability, its commands, queries
 * and events, and what the doors show (labels and definitions from the model).
 */
import { defineCapability } from '../capability.ts';
import { warmHolidays } from '../calendar/index.ts';
import { slaCalendar } from './internal/working-time.ts';
import { declarationsOf } from '../events/define.ts';
import { SlaTargetEvents, TicketEvents } from './events.ts';
import { TicketNoteEvents } from './note-events.ts';
import { TICKET_EXPORTERS } from './exporters.ts';
import { AttachmentEvents } from './attachment-events.ts';
import { CLOSURE_REMINDER_TIMER, SLA_BREACH_TIMER, SLA_WARNING_TIMER, onClosureReminder, onSlaBreach, onSlaWarning } from './internal/sla.ts';
import { ResolutionTargetEvents, TicketSlaEvents } from './sla-events.ts';
import { RESOLUTION_BREACH_TIMER, RESOLUTION_WARNING_TIMER, onResolutionBreach, onResolutionWarning, resolutionReactions } from './internal/resolution.ts';
import { searchIndexReactions } from './internal/search-index.ts';

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
export { searchTickets, highlightHtml, type HighlightPart, type SearchField, type TicketSearchHit, type TicketSearchPage } from './search.ts';
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
export { TicketSlaEvents, ResolutionTargetEvents } from './sla-events.ts';
export type * from './sla-events.ts';
export { setResolutionTarget, ticketSlaState, ticketSlaStates, type ResolutionClockView, type SlaPauseView, type TicketSlaState } from './resolution.ts';
export { DEFAULT_RESOLUTION_TARGETS } from './internal/resolution.ts';
export { rateTicket, ticketRating, ticketRatingsOf, RATING_SCORES, type TicketRatingView } from './satisfaction.ts';
export { ratingPolicy } from './satisfaction-policy.ts';

/** Long enough for the server to be ready first, short enough to come before most first tickets. */
const WARM_HOLIDAYS_AFTER_MS = 3_000;

export const tickets = defineCapability({
  name: 'tickets',
  events: declarationsOf(TicketEvents, SlaTargetEvents, TicketSlaEvents, ResolutionTargetEvents, TicketNoteEvents, AttachmentEvents),
  timers: { [SLA_WARNING_TIMER]: onSlaWarning, [SLA_BREACH_TIMER]: onSlaBreach, [CLOSURE_REMINDER_TIMER]: onClosureReminder,
    [RESOLUTION_WARNING_TIMER]: onResolutionWarning, [RESOLUTION_BREACH_TIMER]: onResolutionBreach },
  reactions: [...resolutionReactions, ...searchIndexReactions],
  exporters: TICKET_EXPORTERS,
  // Off the start-up path and off the first request: the holiday library loads in the background.
  onStart: async (core) => void setTimeout(() => warmHolidays(slaCalendar(), core.clock.now()), WARM_HOLIDAYS_AFTER_MS).unref(),
});

export default tickets;
