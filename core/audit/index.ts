/** The audit trail's face: verification, signed checkpoints and their schedule. */
import type { Core } from '../core.ts';
import { AUDIT_EVENTS } from './events.ts';
import { registerAuditSchedule } from './schedule.ts';

export { signCheckpointWith, CHECKPOINT_ACTION, type CheckpointView, type SignedCheckpoint } from './checkpoints.ts';
export { PUBLISHED_ACTION } from './schedule.ts';

export function registerAudit(core: Core): void {
  core.events.declare(AUDIT_EVENTS);
  registerAuditSchedule(core);
}
