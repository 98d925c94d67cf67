/**
 * @deprecated The old seam tickets pages on-call through (`core/tickets/oncall.ts`). Other
 * capabilities use the face instead: `peopleOnCall` (a query, with the fallback to the provider's
 * members with the `oncall` role). This file goes once tickets has moved to it.
 */
export { onCallNow } from './internal/oncall.ts';
