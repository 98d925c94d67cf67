/** What the production access resolvers return for each GraphQL type (codegen mappers). */
import type { AccessPolicy, accessDecisionsOf, listEligible, setAccessEligibility } from '../../../core/access/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { QueryResult } from '../../../core/query.ts';
import type { AccessRequestRow, AccessUseRow } from '../../../db/schema.ts';

export type AccessRequestModel = AccessRequestRow;
export type AccessDecisionModel = QueryResult<typeof accessDecisionsOf>[number];
export type AccessUseModel = AccessUseRow;
export type AccessPolicyModel = AccessPolicy;
/** The subscription's event as it happened: one of the access families' bus events. */
export type AccessEventModel = DomainEvent;
export type AccessEligiblePersonModel = QueryResult<typeof listEligible>[number];
export type AccessEligibilityModel = Awaited<ReturnType<(typeof setAccessEligibility)['run']>>;
