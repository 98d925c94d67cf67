/**
 * Who may read an org's audit trail: the system (the operator's CLI), the provider's admins, and the
 * org's client admins. Anyone who cannot see the org at all is told it does not exist. Reading every
 * org's trail at once (the events of all chains, verifying every chain) is the provider's admins' and
 * the operator's alone.
 */
import type { Actor } from '../actor.ts';
import { canSee, definePolicy, isClientAdminOf, isProviderAdmin, isSystem } from '../policy.ts';
import type { OrgRef } from '../policy.ts';

const providerAdmin = (actor: Actor) => isSystem(actor) || isProviderAdmin(actor);

export const auditPolicy = definePolicy<OrgRef, 'audit.read'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    /** Read, verify, export and sign checkpoints of the org's trail. */
    'audit.read': {
      allow: (actor, org) => providerAdmin(actor) || isClientAdminOf(actor, org),
      refusal: "only the provider's admins and the organisation's admins read its audit trail",
    },
  },
});

/** Every org's trail at once: about no one org. */
export const auditTrailsPolicy = definePolicy<null, 'audit.read_all'>({
  sees: () => true,
  notFound: 'not found',
  rules: {
    'audit.read_all': { allow: providerAdmin, refusal: "only the provider's admins read every organisation's audit trail" },
  },
});
