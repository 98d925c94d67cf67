/** What the audit resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type { CheckpointView } from '../../../core/audit/checkpoints.ts';

export type AuditCheckpointModel = CheckpointView;
export const auditCheckpointReasonEnum = { SCHEDULE: 'schedule', EXPORT: 'export', DEMAND: 'demand' } as const;
