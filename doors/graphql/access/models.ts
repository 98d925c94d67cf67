/** What the production access resolvers return for each GraphQL type (codegen mappers). */
import type { AccessPolicy } from '../../../core/access/org-policy.ts';
import type { decisionsOf, listEligible, setAccessEligibility } from '../../../core/access/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { AccessRequestRow, AccessUseRow } from '../../../db/schema.ts';

export type AccessRequestModel = AccessRequestRow;
export type AccessDecisionModel = Awaited<ReturnType<typeof decisionsOf>>[number];
export type AccessUseModel = AccessUseRow;
export type AccessPolicyModel = AccessPolicy;
export type AccessEventModel = DomainEvent;
export type AccessEligiblePersonModel = Awaited<ReturnType<typeof listEligible>>[number];
export type AccessEligibilityModel = Awaited<ReturnType<(typeof setAccessEligibility)['run']>>;
