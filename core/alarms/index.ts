/** The alarms capability: webhook ingest, on-call rotations, escalation and the disaster-recovery rule. */
import { defineCapability } from '../capability.ts';
import { ALARM_EVENTS } from './events.ts';
import { DISASTER_RECOVERY_TIMER, ESCALATION_TIMER, onDisasterRecoveryDue, onEscalationDue } from './escalation.ts';

export { createAlarmSource, rotateAlarmSourceSecret, authenticateSource } from './sources.ts';
export { ingestAlarms, type IncomingAlarm, type IngestOutcome } from './ingest.ts';
export { acknowledgeAlarm, escalateAlarm, resolveAlarm, writeRootCause } from './lifecycle.ts';
export {
  addOverride,
  createEscalationPolicy,
  createSchedule,
  removeOverride,
  setAlarmRoute,
  setDisasterRecoveryContacts,
} from './setup.ts';
export { onCallNow, onCallShifts } from './oncall.ts';

export const alarms = defineCapability({
  name: 'alarms',
  events: ALARM_EVENTS,
  timers: { [ESCALATION_TIMER]: onEscalationDue, [DISASTER_RECOVERY_TIMER]: onDisasterRecoveryDue },
});

export default alarms;
