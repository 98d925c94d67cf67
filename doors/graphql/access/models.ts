/** What the production access resolvers return for each GraphQL type (codegen mappers). */
import type { AccessPolicy, AccessRequestRow, accessDecisionsOf, accessUsesOf, listEligible, setAccessEligibility } from '../../../core/access/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { QueryResult } from '../../../core/query.ts';

export type AccessRequestModel = AccessRequestRow;
export type AccessDecisionModel = QueryResult<typeof accessDecisionsOf>[number];
export type AccessUseModel = QueryResult<typeof accessUsesOf>[number];
export type AccessPolicyModel = AccessPolicy;
/** The subscription's event as it happened: one of the access families' bus events. */
export type AccessEventModel = DomainEvent;
export type AccessEligiblePersonModel = QueryResult<typeof listEligible>[number];
export type AccessEligibilityModel = Awaited<ReturnType<(typeof setAccessEligibility)['run']>>;
