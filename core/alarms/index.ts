/**
 * The alarms capability: webhook ingest, on-call rotations, escalation and the disaster-recovery
 * rule. Its face: the commands, the queries (with the views doors render), the event families, and
 * the policy a door asks when it must show a choice.
 */
import { defineCapability } from '../capability.ts';
import { ALARM_EVENT_DECLARATIONS } from './events.ts';
import { DISASTER_RECOVERY_TIMER, ESCALATION_TIMER, onDisasterRecoveryDue, onEscalationDue } from './internal/escalation.ts';

export { createAlarmSource, rotateAlarmSourceSecret, type AlarmSourceWithSecret } from './sources.ts';
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
export {
  alarmCard,
  alarmsHome,
  alarmToResolve,
  authenticateAlarmSource,
  followAlarms,
  getAlarm,
  listAlarms,
  listAlarmSources,
  listDisasterRecoveryContacts,
  listEscalationPolicies,
  listSchedules,
  onCall,
  peopleOnCall,
  type AlarmPage,
  type AlarmSourceView,
} from './queries.ts';
export {
  AlarmEvents,
  AlarmRouteEvents,
  AlarmSourceEvents,
  DisasterRecoveryEvents,
  EscalationPolicyEvents,
  ScheduleEvents,
  StrayResolutionEvents,
  isAlarmsEvent,
} from './events.ts';
export * from './model.ts';
export { alarmPolicy } from './policy.ts';

export const alarms = defineCapability({
  name: 'alarms',
  events: ALARM_EVENT_DECLARATIONS,
  timers: { [ESCALATION_TIMER]: onEscalationDue, [DISASTER_RECOVERY_TIMER]: onDisasterRecoveryDue },
});

export default alarms;
