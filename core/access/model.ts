/**
 * The vocabulary of production access: its states, the defaults and hard limits of each org's
 * policy, and the summary every access event carries.
 */
import type { AccessRequestRow, AccessStatus } from '../../db/schema.ts';

export { ACCESS_DECISIONS, ACCESS_STATUSES, CLIENT_APPROVAL_RULES } from '../../db/schema.ts';
export type { AccessDecision, AccessRequestRow, AccessStatus, ClientApprovalRule } from '../../db/schema.ts';

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

export const PENDING: readonly AccessStatus[] = ['PENDING'];
/** States a request never leaves. */
export const FINAL_STATUSES: readonly AccessStatus[] = ['EXPIRED', 'ENDED', 'REVOKED', 'DENIED', 'CANCELLED', 'TIMED_OUT'];

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

/**
 * What every access event carries, so subscribers and the Slack notifier can show it without
 * reading the row. Reason and scope are the requester's own words, never secrets.
 */
export function accessSummary(request: AccessRequestRow) {
  return {
    requestId: request.id,
    orgId: request.orgId,
    requesterId: request.requesterId,
    status: request.status,
    ticketId: request.ticketId,
    otherDuty: request.ticketId === null,
    reason: request.reason,
    scope: request.scope,
    durationMinutes: request.durationMinutes,
    extendsRequestId: request.extendsRequestId,
    clientApprovalRequired: request.clientApprovalRequired,
    providerApprovedById: request.providerApprovedById,
    clientApprovedById: request.clientApprovedById,
    pendingUntil: request.pendingUntil.toISOString(),
    startedAt: request.startedAt?.toISOString() ?? null,
    expiresAt: request.expiresAt?.toISOString() ?? null,
  };
}
