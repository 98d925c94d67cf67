/**
 * Who may take an org's back-up: its client admins (space admin, contract admin, contract owner), the
 * provider's admins for any org, and the operator's CLI. Another member of the org, or provider staff
 * who are not admins, are refused (FORBIDDEN); anyone who cannot see the org is told it does not
 * exist (NOT_FOUND), so another client's admin learns nothing of it. The same rule reads, starts and
 * downloads: an export holds the whole org.
 */
import type { Actor } from '../actor.ts';
import { canSee, definePolicy, isClientAdminOf, isProviderAdmin, isSystem, type OrgRef } from '../policy.ts';

const mayTakeBackUp = (actor: Actor, org: OrgRef) => isSystem(actor) || isProviderAdmin(actor) || isClientAdminOf(actor, org);

export const exportPolicy = definePolicy<OrgRef, 'export.take'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    /** Start an export of the org, follow it, download its archive. */
    'export.take': {
      allow: mayTakeBackUp,
      refusal: "only the organisation's admins and the provider's admins take its back-up",
    },
  },
});
