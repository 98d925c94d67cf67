/**
 * The production access capability: who may ask, each client's policy, two-party approval,
 * time-boxed grants that end by themselves, and a recorded trail of every use.
 *
 * Its face: the commands, the queries (reads and the doors' read models), the event families, and
 * the model's states and labels. Who may do what is decided inside, by its policy.
 */
import { defineCapability, reactTo } from '../capability.ts';
import { declarationsOf } from '../events/define.ts';
import { TicketEvents } from '../tickets/index.ts';
import { AccessEvents, AccessPolicyEvents, AccessUseEvents, EligibilityEvents } from './events.ts';
import { endAccessForClosedTicket } from './grants.ts';
import { ACCESS_EXPORTERS } from './exporters.ts';
import { ACCESS_TIMERS } from './timers.ts';

export { decideAccess } from './decisions.ts';
export { setAccessEligibility } from './eligibility.ts';
export { endAccess, revokeAccess } from './grants.ts';
export { setAccessPolicy } from './org-policy.ts';
export { cancelAccessRequest, requestAccess } from './requests.ts';
export { recordAccessUse, useOrThrow, type AccessUseOutcome } from './uses.ts';
export {
  accessCard,
  accessCardAudience,
  accessDecisionsOf,
  accessHome,
  accessRequester,
  accessRequestForm,
  accessRequestsByIds,
  accessRequestTickets,
  accessUsesOf,
  activeGrants,
  followOrgAccess,
  getAccessPolicy,
  followAccessRequest,
  getAccessRequest,
  listAccessRequests,
  listEligible,
} from './queries.ts';
export type { AccessPolicy } from './internal/lookups.ts';
export { AccessEvents, AccessPolicyEvents, AccessUseEvents, EligibilityEvents } from './events.ts';
export type { AccessApproved, AccessDenied, AccessGranted, AccessRequested } from './events.ts';
export * from './model.ts';

export const access = defineCapability({
  name: 'access',
  events: declarationsOf(AccessEvents, AccessUseEvents, AccessPolicyEvents, EligibilityEvents),
  timers: ACCESS_TIMERS,
  exporters: ACCESS_EXPORTERS,
  // Closing a ticket ends the grants that served it, in the closing transaction.
  reactions: [reactTo(TicketEvents.closed, (ctx, change) => endAccessForClosedTicket(ctx, { id: change.subjectId, key: change.data.key }))],
});

export default access;
