/** What the alarm resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type {
  AlarmPageRow,
  NotificationStep,
  AlarmRouteRow,
  AlarmRow,
  AlarmSourceView,
  EscalationPolicyRow,
  EscalationSnapshot,
  EscalationStep,
  OnCallOverrideRow,
  OnCallView,
  ScheduleView,
  ShiftView,
} from '../../../core/alarms/index.ts';

/** An alarm from a query carries its source's name; one from a command does not (a loader finds it). */
export type AlarmModel = AlarmRow & { sourceName?: string };
export type AlarmSourceModel = AlarmSourceView;
export type ScheduleModel = ScheduleView;
export type OnCallOverrideModel = OnCallOverrideRow;
export type OnCallModel = OnCallView;
export type OnCallShiftModel = ShiftView;
export type EscalationStepModel = EscalationStep;
export type EscalationPolicyModel = EscalationPolicyRow;
export type EscalationPolicySnapshotModel = EscalationSnapshot;
export type AlarmRouteModel = AlarmRouteRow;
export type AlarmPageModel = AlarmPageRow;
export type NotificationStepModel = NotificationStep;
export type NotificationRulesModel = { personId: string; steps: NotificationStep[]; isDefault: boolean };

export const pageChannelEnum = { SLACK: 'slack', SMS: 'sms', EMAIL: 'email' } as const;

export const alarmSeverityEnum = { CRITICAL: 'critical', WARNING: 'warning', INFO: 'info' } as const;
export const escalationTargetTypeEnum = { SCHEDULE: 'schedule', PERSON: 'person', CHANNEL: 'channel' } as const;
