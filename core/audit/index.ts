/** The audit trail's face: verification, signed checkpoints and their schedule. */
import { defineCapability } from '../capability.ts';
import { AUDIT_EVENTS } from './events.ts';
import { armSchedule, scheduleTimers } from './schedule.ts';

export { signCheckpointWith, CHECKPOINT_ACTION, type CheckpointView, type SignedCheckpoint } from './checkpoints.ts';
export { PUBLISHED_ACTION } from './schedule.ts';

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
