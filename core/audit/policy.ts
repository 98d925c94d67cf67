/**
 * Who may read an org's audit trail: the system (the operator's CLI), the provider's admins, and the
 * org's client admins. Anyone who cannot see the org at all is told it does not exist.
 */
import { canSee, definePolicy, isClientAdminOf, isProviderAdmin, isSystem } from '../policy.ts';
import type { OrgRef } from '../policy.ts';

export const auditPolicy = definePolicy<OrgRef, 'audit.read'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    /** Read, verify, export and sign checkpoints of the org's trail. */
    'audit.read': {
      allow: (actor, org) => isSystem(actor) || isProviderAdmin(actor) || isClientAdminOf(actor, org),
      refusal: "only the provider's admins and the organisation's admins read its audit trail",
    },
  },
});
