/**
 * The vocabulary of production access: its states, the defaults and hard limits of each org's
 * policy, and the shapes its read models hand to doors.
 */
import type { AccessRequestRow, AccessStatus, Side } from '../../db/schema.ts';

export { ACCESS_DECISIONS, ACCESS_STATUSES, CLIENT_APPROVAL_RULES } from '../../db/schema.ts';
export type { AccessDecision, AccessRequestRow, AccessStatus, ClientApprovalRule, Side } from '../../db/schema.ts';

/** DESIGN.md: a policy maximum of 4 hours by default, never more than 24 hours. */
export const DEFAULT_MAX_DURATION_MINUTES = 4 * 60;
export const HARD_MAX_DURATION_MINUTES = 24 * 60;
/** Shorter than the expiry warning makes no sense: a grant would be warned about as it starts. */
export const MIN_DURATION_MINUTES = 15;
/** Requests nobody answers time out after an hour unless the org's policy says otherwise. */
export const DEFAULT_PENDING_TIMEOUT_MINUTES = 60;
export const MAX_PENDING_TIMEOUT_MINUTES = 24 * 60;
/** The requester is warned this long before the grant expires. */
export const EXPIRY_WARNING_MINUTES = 15;

/** The states a request leaves only by being closed, and the final states it is closed into. */
export type FinalStatus = Exclude<AccessStatus, 'PENDING' | 'ACTIVE'>;

export const STATUS_LABELS: Record<AccessStatus, string> = {
  PENDING: 'Waiting for approval',
  ACTIVE: 'Access granted',
  EXPIRED: 'Expired',
  ENDED: 'Ended',
  REVOKED: 'Revoked',
  DENIED: 'Denied',
  CANCELLED: 'Cancelled',
  TIMED_OUT: 'Timed out unanswered',
};

/** A short human form of a duration: "90 min", "4 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A decision taken on a request, with its decider's name. */
export interface AccessDecisionView {
  side: Side;
  decision: 'APPROVE' | 'DENY';
  deciderName: string;
  comment: string | null;
}

/** What a card shows of a request: the request and the names behind its ids. */
export interface AccessCardView {
  request: AccessRequestRow;
  orgName: string;
  requesterName: string;
  /** The ticket it serves; null for another contractual duty. */
  ticket: { key: string; title: string } | null;
  decisions: AccessDecisionView[];
  /** Who closed it (revoked, ended, cancelled); undefined when opsdesk did (expiry, time-out). */
  closedByName?: string;
}

/** Everything the request form shows for one org: its open tickets and what its policy allows. */
export interface AccessRequestForm {
  org: { id: string; name: string };
  tickets: Array<{ id: string; key: string; title: string; severity: string | null }>;
  maxDurationMinutes: number;
  providerSufficesForUrgent: boolean;
  /** The grant the request would extend: its duty comes prefilled. */
  extending?: { requestId: string; expiresAt: Date; ticketId: string | null; otherDutyJustification: string | null };
}
