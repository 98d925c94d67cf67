/**
 * The events of the deeper SLA (pauses while the ticket awaits the client, resolution targets) and
 * of satisfaction. Like every ticket event they are on the ticket's org's chain and read by whoever
 * sees that org, so the client sees each pause and resume of the clock: a pause cannot be hidden.
 */
import { eventFamily, payload } from '../events/define.ts';
import { readersOfOrg } from '../events/read-rules.ts';
import type { Severity } from './model.ts';

export interface SlaPaused {
  key: string;
  severity: Severity | null;
  /** The resolution target's due time frozen at the pause (it moves when the clock resumes). */
  resolutionDueAt: string;
}

export interface SlaResumed {
  key: string;
  severity: Severity | null;
  pausedAt: string;
  /** The time paused, in the target's clock (working minutes for a working-time target). */
  pausedMinutes: number;
  /** The resolution target's due time, moved by the pause. */
  resolutionDueAt: string;
}

/** The resolution target's 75% warning and its breach. */
export interface ResolutionMilestone {
  key: string;
  severity: Severity | null;
  dueAt: string;
}

export interface TicketRated {
  key: string;
  ratingId: string;
  raterId: string;
  score: number;
  comment: string | null;
}

export const TicketSlaEvents = eventFamily({
  prefix: 'ticket',
  subject: (ticket: { id: string; orgId: string }) => ({ orgId: ticket.orgId, subjectType: 'ticket', subjectId: ticket.id }),
  read: readersOfOrg,
  events: {
    slaPaused: payload<SlaPaused>(),
    slaResumed: payload<SlaResumed>(),
    resolutionWarned: payload<ResolutionMilestone>(),
    resolutionBreached: payload<ResolutionMilestone>(),
    rated: payload<TicketRated>(),
  },
});

export interface ResolutionTargetSet {
  orgId: string;
  severity: Severity;
  minutes: number | null;
  clock: 'working' | 'continuous';
}

/** An org's resolution targets: about the org, not one ticket. */
export const ResolutionTargetEvents = eventFamily({
  prefix: 'ticket',
  subject: (org: { id: string }) => ({ orgId: org.id, subjectType: 'org', subjectId: org.id }),
  read: readersOfOrg,
  events: { resolutionTargetSet: payload<ResolutionTargetSet>() },
});
