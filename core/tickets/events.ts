/**
 * The tickets' domain events, each read by whoever may see the ticket's org (`tickets(orgId)` shows
 * them the same tickets). Payloads are JSON: instants are ISO strings.
 */
import { eventFamily, payload } from '../events/define.ts';
import { readersOfOrg } from '../events/read-rules.ts';
import type { Severity, Side, TicketKind, TicketStatus } from './model.ts';

/** What every ticket event carries, so that a subscriber can show it without reading the ticket. */
export interface TicketSummary {
  key: string;
  status: TicketStatus;
  severity: Severity | null;
  proposedSeverity: Severity | null;
  proposedBySide: Side | null;
  assigneeId: string | null;
  slaDueAt: string | null;
}

export interface TicketOpened extends TicketSummary {
  title: string;
  kind: TicketKind;
  initiatorId: string;
  side: Side;
}

export interface SeverityProposed extends TicketSummary {
  side: Side;
  proposedById: string;
  /** The other side had proposed something else. */
  counterProposal?: boolean;
  previousProposal?: Severity | null;
}

export interface SeverityAgreed extends TicketSummary {
  previousSeverity: Severity | null;
  proposedBySide: Side | null;
  acceptedById: string;
  side: Side;
}

export interface TicketAssigned extends TicketSummary {
  previousAssigneeId: string | null;
}

export interface StatusChanged extends TicketSummary {
  from: TicketStatus;
  to: TicketStatus;
  /** This change was the provider's first response (it met the response target). */
  firstResponse?: boolean;
  /** The client's reply moved it (AWAITING_CLIENT → IN_PROGRESS). */
  byReply?: boolean;
}

export interface TicketCommented extends TicketSummary {
  commentId: string;
  authorId: string;
  authorName: string;
  side: Side;
  body: string;
  /** The door it was written through (`slack`, `graphql`, `socket`). */
  door: string;
  /** Where it came from in that door (the Slack message's ts), so it is not echoed back there. */
  externalRef: string | null;
  firstResponse: boolean;
}

export interface TicketClosed extends TicketSummary {
  from: 'RESOLVED';
  to: 'CLOSED';
  approvedById: string;
}

export interface TicketReopened extends TicketSummary {
  from: 'RESOLVED';
  to: 'IN_PROGRESS';
  reason: string | null;
}

/** The SLA's 75% warning and its breach. */
export interface SlaMilestone {
  key: string;
  severity: Severity | null;
  dueAt: string | null;
}

export interface ClosureReminded {
  key: string;
  initiatorId: string;
  /** Days since the ticket was resolved. */
  days: number;
}

export const TicketEvents = eventFamily({
  prefix: 'ticket',
  subject: (ticket: { id: string; orgId: string }) => ({ orgId: ticket.orgId, subjectType: 'ticket', subjectId: ticket.id }),
  read: readersOfOrg,
  events: {
    opened: payload<TicketOpened>(),
    severityProposed: payload<SeverityProposed>(),
    severityAgreed: payload<SeverityAgreed>(),
    assigned: payload<TicketAssigned>(),
    statusChanged: payload<StatusChanged>(),
    commented: payload<TicketCommented>(),
    closed: payload<TicketClosed>(),
    reopened: payload<TicketReopened>(),
    slaWarned: payload<SlaMilestone>(),
    slaBreached: payload<SlaMilestone>(),
    closureReminded: payload<ClosureReminded>(),
  },
});

export interface SlaTargetSet {
  orgId: string;
  severity: Severity;
  minutes: number | null;
  clock: 'working' | 'continuous';
}

/** An org's response targets: about the org, not one ticket. */
export const SlaTargetEvents = eventFamily({
  prefix: 'ticket',
  subject: (org: { id: string }) => ({ orgId: org.id, subjectType: 'org', subjectId: org.id }),
  read: readersOfOrg,
  events: { slaTargetSet: payload<SlaTargetSet>() },
});
