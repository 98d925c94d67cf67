/**
 * The ticket's vocabulary: kinds, statuses with the seed's names, severity levels with the seed's
 * definitions, and which side may move a ticket from which status to which.
 */
import type { Severity, Side, TicketKind, TicketStatus } from '../../db/schema.ts';

export { SEVERITIES, SIDES, TICKET_KINDS, TICKET_STATUSES } from '../../db/schema.ts';
export type { Severity, Side, TicketKind, TicketStatus, TicketRow } from '../../db/schema.ts';

/** The seed's own names, shown to people. */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  RECEIVED: 'Ticket received',
  IN_PROGRESS: 'Being processed',
  AWAITING_CLIENT: 'Awaiting your reply',
  BUG_LOGGED: 'Bug logged, awaiting resolution',
  RESOLVED: 'Ticket has been resolved',
  CLOSED: 'Ticket has been closed',
};

export const KIND_LABELS: Record<TicketKind, string> = {
  incident: 'Incident (fault report)',
  question: 'Question',
  feature_request: 'Feature request',
  service_order: 'Service order',
};

/** The seed's definitions, shown when someone chooses a severity. */
export const SEVERITY_DEFINITIONS: Record<Severity, string> = {
  URGENT:
    'Critical faults preventing production on the service or impact the service in such way that it generates obvious incorrect results. There is no workaround.',
  HIGH: 'Severe faults where there is a workaround and by that not preventing production on the service.',
  MEDIUM: 'Faults of a less serious nature affecting parts of the service and are not significantly impeding effective use.',
  LOW: 'Faults with little or no impact on the service and can be considered to be of a cosmetic nature.',
};

/**
 * Status changes the provider makes through `changeTicketStatus`. The client's moves have their own
 * commands: a reply (AWAITING_CLIENT → IN_PROGRESS), `approveClosure` (RESOLVED → CLOSED) and
 * `reopenTicket` (RESOLVED → IN_PROGRESS).
 */
export const PROVIDER_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  RECEIVED: ['IN_PROGRESS', 'AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED'],
  IN_PROGRESS: ['AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED'],
  AWAITING_CLIENT: ['IN_PROGRESS', 'BUG_LOGGED', 'RESOLVED'],
  BUG_LOGGED: ['IN_PROGRESS', 'AWAITING_CLIENT', 'RESOLVED'],
  RESOLVED: [],
  CLOSED: [],
};

export const otherSide = (side: Side): Side => (side === 'client' ? 'provider' : 'client');

/** "proposed HIGH by client, awaiting provider" / "agreed HIGH" / "not proposed yet". */
export function agreementState(ticket: {
  severity: Severity | null;
  proposedSeverity: Severity | null;
  proposedBySide: Side | null;
}): string {
  const agreed = ticket.severity ? `agreed ${ticket.severity}` : undefined;
  if (ticket.proposedSeverity && ticket.proposedBySide) {
    const proposal = `proposed ${ticket.proposedSeverity} by ${ticket.proposedBySide}, awaiting ${otherSide(ticket.proposedBySide)}`;
    return agreed ? `${agreed}; ${proposal}` : proposal;
  }
  return agreed ?? 'no severity proposed yet';
}
