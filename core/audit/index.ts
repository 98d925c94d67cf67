/**
 * The audit trail's face: reading, verifying and exporting an org's trail, signed checkpoints and
 * their schedule, and the events they are announced by. The chain itself (appending, hashing) is
 * the kernel's (chain.ts); verification walks it (verify.ts), offline too (offline.ts).
 */
import { defineCapability } from '../capability.ts';
import { AUDIT_EVENTS } from './events.ts';
import { armSchedule, scheduleTimers } from './schedule.ts';

export { signCheckpointWith, type SignedCheckpoint } from './checkpoints.ts';
export {
  auditChainEvents,
  auditFilterSchema,
  checkpointKeepers,
  currentAuditCheckpoint,
  followAuditTrail,
  listAuditCheckpoints,
  listAuditEvents,
  verifyAllChainsWith,
  verifyAuditTrailWith,
  type AuditFilter,
} from './queries.ts';
export { exportAuditTrail, type ExportItem } from './export.ts';
export { AuditEvents, type CheckpointData, type CheckpointPublished } from './events.ts';
export { CHECKPOINT_REASONS, checkpointOfEvent, checkpointView, type AuditEventRow, type CheckpointReason, type CheckpointView } from './model.ts';
export { auditPolicy } from './policy.ts';
export { verifyExport } from './offline.ts';
export { NoteError } from './note.ts';
export type { ChainProblem, VerifyResult } from './verify.ts';

export const audit = defineCapability({
  name: 'audit',
  events: AUDIT_EVENTS,
  // A core without a signing key (some tests) signs nothing and schedules nothing.
  timers: (core) => (core.audit.key ? scheduleTimers(core) : {}),
  onStart: async (core) => {
    if (core.audit.key && core.audit.schedule) await armSchedule(core);
  },
});

export default audit;
