/**
 * The alarms capability: webhook ingest, on-call rotations, escalation and the disaster-recovery
 * rule. Its face: the commands, the queries (with the views doors render), the event families, and
 * the policy a door asks when it must show a choice.
 */
import { defineCapability, reactTo } from '../capability.ts';
import { ALARM_EVENT_DECLARATIONS, AlarmEvents as Events } from './events.ts';
import { NOTIFY_TIMER, onDisasterRecoveryPage, onEscalatedPage, onNotifyDue, onTriggeredPage } from './notify.ts';
import { DISASTER_RECOVERY_TIMER, ESCALATION_TIMER, onDisasterRecoveryDue, onEscalationDue } from './internal/escalation.ts';

export { activeHolds, endPagingHold, holdFor, setPagingHold, type HoldMatch, type PagingHold } from './holds.ts';
export { alarmOrigin, createAlarmSource, openAlarmOrigins, ownAlarmSource, rotateAlarmSourceSecret, type AlarmSourceWithSecret } from './sources.ts';
export { ingestAlarms, type IncomingAlarm, type IngestOutcome } from './ingest.ts';
export {
  alarmPagesOf,
  DEFAULT_NOTIFICATION_RULES,
  getNotificationRules,
  notificationStepsSchema,
  PAGE_CHANNELS,
  reportPageUndelivered,
  setNotificationRules,
} from './notify.ts';
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
  NotificationRuleEvents,
  ScheduleEvents,
  type PageChannel,
  StrayResolutionEvents,
  isAlarmsEvent,
} from './events.ts';
export * from './model.ts';
export { alarmPolicy } from './policy.ts';

export const alarms = defineCapability({
  name: 'alarms',
  events: ALARM_EVENT_DECLARATIONS,
  timers: { [ESCALATION_TIMER]: onEscalationDue, [DISASTER_RECOVERY_TIMER]: onDisasterRecoveryDue, [NOTIFY_TIMER]: onNotifyDue },
  // A step that pages people starts their notification rules, in the same transaction.
  reactions: [reactTo(Events.triggered, onTriggeredPage), reactTo(Events.escalated, onEscalatedPage), reactTo(Events.disasterRecoveryInvoked, onDisasterRecoveryPage)],
});

export default alarms;
