/**
 * The production access capability's domain events. What happens to a client's data is read by
 * the provider's staff and that client's admins, exactly as `listAccessRequests` shows it; plain
 * contacts see none of it. A refusal on the provider's chain (an attempt by provider staff who do
 * not hold the grant) is for the provider's staff only, and so is the list of who may ask.
 * Payloads are JSON: instants are ISO strings.
 */
import { eventFamily, payload } from '../events/define.ts';
import { mayInOrg, providerStaffOnly } from '../events/read-rules.ts';
import type { ReadRule } from '../events/catalogue.ts';
import type { Severity } from '../tickets/model.ts';
import type { AccessStatus, ClientApprovalRule, Side } from './model.ts';
import { accessOrgPolicy } from './policy.ts';

const readersOfOrgAccess = mayInOrg(accessOrgPolicy, 'access.read');
/** The org's access readers; an event on the provider's chain (no org), the provider's staff. */
const accessReaders: ReadRule = (actor, event) => (event.orgId === null ? providerStaffOnly(actor, event) : readersOfOrgAccess(actor, event));

/**
 * What every event of a request carries, so subscribers and the Slack notifier can show it
 * without reading the row. Reason and scope are the requester's own words, never secrets.
 */
export interface AccessSummary {
  requestId: string;
  orgId: string;
  requesterId: string;
  status: AccessStatus;
  ticketId: string | null;
  otherDuty: boolean;
  reason: string;
  scope: string;
  durationMinutes: number;
  extendsRequestId: string | null;
  clientApprovalRequired: boolean;
  providerApprovedById: string | null;
  clientApprovedById: string | null;
  pendingUntil: string;
  startedAt: string | null;
  expiresAt: string | null;
}

export interface AccessRequested extends AccessSummary {
  ticketKey: string | null;
  ticketSeverity: Severity | null;
  otherDutyJustification: string | null;
  requesterName: string;
}

/** Who decided, for which side, and what they said. */
export interface Decision {
  side: Side;
  deciderId: string;
  deciderName: string;
  comment: string | null;
}

export interface AccessApproved extends AccessSummary, Decision {}

export interface AccessGranted extends AccessSummary {
  /** False when the provider's approval sufficed (an URGENT ticket, by the org's policy): the client is told at once. */
  clientApproved: boolean;
}

/** A request or grant put in a final state. */
export interface AccessClosed extends Omit<AccessSummary, 'reason'> {
  from: AccessStatus;
  /** Why it was closed (in place of the request's own reason). */
  reason: string | null;
}

export interface AccessDenied extends AccessClosed, Decision {}

export interface AccessEnded extends AccessClosed {
  /** The key of the ticket whose closure ended it. */
  ticketClosed?: string;
  /** The extension that replaced it. */
  extendedBy?: string;
}

export interface AccessCancelled extends AccessClosed {
  ticketClosed?: string;
}

export interface AccessRevoked extends AccessClosed {
  revokedById: string;
  revokedByName: string;
}

/** The subject of a request's events: the request, on its org's chain. */
export interface AccessRequestRef {
  id: string;
  orgId: string;
}

/** A request's way from asking to its end. */
export const AccessEvents = eventFamily({
  prefix: 'access',
  subject: (request: AccessRequestRef) => ({ orgId: request.orgId, subjectType: 'access_request', subjectId: request.id }),
  read: accessReaders,
  events: {
    requested: payload<AccessRequested>(),
    approved: payload<AccessApproved>(),
    denied: payload<AccessDenied>(),
    cancelled: payload<AccessCancelled>(),
    timedOut: payload<AccessClosed>(),
    granted: payload<AccessGranted>(),
    expiryWarned: payload<AccessSummary>(),
    expired: payload<AccessClosed>(),
    ended: payload<AccessEnded>(),
    revoked: payload<AccessRevoked>(),
  },
});

/** What a use (or an attempt at one) says: what was done, to what, by whom. */
export interface UseAttempt {
  action: string;
  target: string;
  personId: string;
  requestId: string;
}

/** A use by the grant's holder, recorded or refused (outside the grant's time). */
export interface HolderUse extends UseAttempt {
  useId: string;
  requesterId: string;
  status: AccessStatus;
  holder: true;
  /** Why it was refused; null for a recorded use. */
  reason: string | null;
}

/** An attempt by someone who may see the grant but does not hold it. */
export interface BystanderAttempt extends UseAttempt {
  grantOrgId: string;
  holder: false;
  reason: string;
}

/**
 * The subject of a use: the grant, on the chain of the org the actor acts in. The holder's uses are
 * on the grant's org's chain; a bystander's attempt on their own (null: the provider's).
 */
export interface UseChain {
  grantId: string;
  chainOrgId: string | null;
}

export const AccessUseEvents = eventFamily({
  prefix: 'access',
  subject: (use: UseChain) => ({ orgId: use.chainOrgId, subjectType: 'access_request', subjectId: use.grantId }),
  read: accessReaders,
  events: {
    used: payload<HolderUse>(),
    useRefused: payload<HolderUse | BystanderAttempt>(),
  },
});

export interface AccessPolicySettings {
  clientApproval: ClientApprovalRule;
  maxDurationMinutes: number;
  pendingTimeoutMinutes: number;
}

export interface AccessPolicySet {
  before: AccessPolicySettings;
  after: AccessPolicySettings;
}

/** An org's access policy: about the org, not one request. */
export const AccessPolicyEvents = eventFamily({
  prefix: 'access',
  subject: (org: { id: string }) => ({ orgId: org.id, subjectType: 'org', subjectId: org.id }),
  read: accessReaders,
  events: { policySet: payload<AccessPolicySet>() },
});

export interface EligibilityChanged {
  personId: string;
  name: string;
  eligible: boolean;
}

/** The provider's list of who may ask: provider-wide, for its staff. */
export const EligibilityEvents = eventFamily({
  prefix: 'access',
  subject: (person: { id: string }) => ({ orgId: null, subjectType: 'person', subjectId: person.id }),
  read: providerStaffOnly,
  events: {
    eligibilityGranted: payload<EligibilityChanged>(),
    eligibilityRemoved: payload<EligibilityChanged>(),
  },
});
