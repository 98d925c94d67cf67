/**
 * The production access capability's domain events. What happens to a client's data is read by the
 * provider's staff and that client's admins, exactly as `accessRequests` shows it; plain contacts see
 * none of it. Who may ask at all is the provider's own list.
 */
import { providerStaffOnly, sameRule } from '../events/read-rules.ts';
import { typesOf, type EventDeclarations, type ReadRule } from '../events/catalogue.ts';
import { canReadAccessOf } from './policy.ts';

/** A refused attempt by provider staff who do not hold the grant is on the provider's chain (no org): staff only. */
const accessReaders: ReadRule = (actor, event) =>
  event.orgId === null ? providerStaffOnly(actor, event) : canReadAccessOf(actor, event.orgId);

export const ACCESS_EVENTS: EventDeclarations = {
  ...sameRule(
    [
      'access.requested',
      'access.approved',
      'access.denied',
      'access.cancelled',
      'access.timed_out',
      'access.granted',
      'access.expiry_warned',
      'access.expired',
      'access.ended',
      'access.revoked',
      'access.used',
      'access.use_refused',
      'access.policy_set',
    ],
    accessReaders,
  ),
  ...sameRule(['access.eligibility_granted', 'access.eligibility_removed'], providerStaffOnly),
};

export const ACCESS_EVENT_TYPES = typesOf(ACCESS_EVENTS);
