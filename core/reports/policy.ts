/**
 * Who may read the operations reports.
 *
 * - an org's SLA report (its tickets, and the alarms of the services it uses, as figures): provider
 *   staff and the system for every client org; a client admin (space admin, contract admin, contract
 *   owner) for their own org. Other members of the org are told FORBIDDEN; anyone who is not a member
 *   is told the organisation does not exist (NOT_FOUND), so client B's admin learns nothing of org A.
 * - the provider-wide alarm figures (every alarm, whatever its service): provider staff and the system.
 */
import type { Actor } from '../actor.ts';
import { canSee, definePolicy, isClientAdminOf, seesEveryOrg, type OrgRef } from '../policy.ts';

export type ReportAction = 'report.read' | 'report.read_provider_wide';

export const reportPolicy = definePolicy<OrgRef, ReportAction>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    'report.read': {
      allow: (actor: Actor, org: OrgRef) => seesEveryOrg(actor) || isClientAdminOf(actor, org),
      refusal: "only the organisation's admins and the provider's staff read its SLA report",
    },
    'report.read_provider_wide': { allow: seesEveryOrg, refusal: "only the provider's staff read the provider-wide alarm figures" },
  },
});
