/**
 * @deprecated The directory's helpers live in internal/ now, and what other capabilities use is on
 * its face: import from `core/directory/index.ts`. This file only keeps the imports of capabilities
 * still being converted working; it goes once none imports it (nothing in the directory does).
 */
export { isUuid, nameSchema, slackIdSchema, uuidSchema } from './model.ts';
export { orgById, requireOrg, requireProviderOrg } from './internal/lookups.ts';
