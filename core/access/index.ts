/**
 * The production access capability: who may ask, each client's policy, two-party approval,
 * time-boxed grants that end by themselves, and a recorded trail of every use.
 */
import type { Core } from '../core.ts';
import { ACCESS_EVENTS } from './events.ts';
import { whenTicketCloses } from '../tickets/index.ts';
import { endAccessForClosedTicket, onExpiry, onExpiryWarning, onPendingTimeout } from './grants.ts';
import { EXPIRY_TIMER, TIMEOUT_TIMER, WARNING_TIMER } from './lifecycle.ts';

export { decideAccess } from './decisions.ts';
export { setAccessEligibility, isEligible, listEligible, requireEligibleRequester } from './eligibility.ts';
export { endAccess, revokeAccess } from './grants.ts';
export { accessPolicyFor, getAccessPolicy, setAccessPolicy, type AccessPolicy } from './org-policy.ts';
export { cancelAccessRequest, requestAccess } from './requests.ts';
export { recordAccessUse, useOrThrow, type AccessUseOutcome } from './uses.ts';
export * from './queries.ts';
export * from './model.ts';
export { canReadAccessOf, isAccessApprover, isClientApproverOf } from './policy.ts';

export function registerAccess(core: Core): void {
  core.events.declare(ACCESS_EVENTS);
  core.timers.register(TIMEOUT_TIMER, onPendingTimeout);
  core.timers.register(WARNING_TIMER, onExpiryWarning);
  core.timers.register(EXPIRY_TIMER, onExpiry);
  whenTicketCloses(endAccessForClosedTicket);
}
