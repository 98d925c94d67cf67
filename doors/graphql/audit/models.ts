/** What the audit resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type { CheckpointView } from '../../../core/audit/index.ts';
import type { AuditEventRow } from '../../../core/audit/index.ts';

export type AuditCheckpointModel = CheckpointView;
export type AuditEventModel = AuditEventRow;
export const auditCheckpointReasonEnum = { SCHEDULE: 'schedule', EXPORT: 'export', DEMAND: 'demand' } as const;
