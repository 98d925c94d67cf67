/**
 * The production access capability: who may ask, each client's policy, two-party approval,
 * time-boxed grants that end by themselves, and a recorded trail of every use.
 */
import { defineCapability, reactTo } from '../capability.ts';
import { TicketEvents } from '../tickets/index.ts';
import { ACCESS_EVENTS } from './events.ts';
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

export const access = defineCapability({
  name: 'access',
  events: ACCESS_EVENTS,
  timers: { [TIMEOUT_TIMER]: onPendingTimeout, [WARNING_TIMER]: onExpiryWarning, [EXPIRY_TIMER]: onExpiry },
  // Closing a ticket ends the grants that served it, in the closing transaction.
  reactions: [reactTo(TicketEvents.closed, (ctx, change) => endAccessForClosedTicket(ctx, { id: change.subjectId, key: change.data.key }))],
});

export default access;
