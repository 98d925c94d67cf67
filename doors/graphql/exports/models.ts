/** What the exports resolvers return for each GraphQL type (codegen mappers). */
import type { OrgExportView } from '../../../core/exports/index.ts';

export type OrgExportModel = OrgExportView;

export const orgExportStateEnum = { QUEUED: 'queued', RUNNING: 'running', COMPLETED: 'completed', FAILED: 'failed', EXPIRED: 'expired' } as const;
