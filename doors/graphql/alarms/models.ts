/** What the alarm resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type { OnCallAnswer } from '../../../core/alarms/oncall.ts';
import type { Shift } from '../../../core/alarms/rotation.ts';
import type {
  AlarmRouteRow,
  AlarmRow,
  EscalationPolicyRow,
  EscalationSnapshot,
  EscalationStep,
  OnCallOverrideRow,
  OnCallScheduleRow,
} from '../../../db/schema.ts';

export type AlarmModel = AlarmRow;
export type AlarmSourceModel = { id: string; name: string; createdAt: Date };
export type ScheduleModel = OnCallScheduleRow & { overrides?: OnCallOverrideRow[] };
export type OnCallOverrideModel = OnCallOverrideRow;
export type OnCallModel = OnCallAnswer;
export type OnCallShiftModel = Shift;
export type EscalationStepModel = EscalationStep;
export type EscalationPolicyModel = EscalationPolicyRow;
export type EscalationPolicySnapshotModel = EscalationSnapshot;
export type AlarmRouteModel = AlarmRouteRow;

export const alarmSeverityEnum = { CRITICAL: 'critical', WARNING: 'warning', INFO: 'info' } as const;
export const escalationTargetTypeEnum = { SCHEDULE: 'schedule', PERSON: 'person', CHANNEL: 'channel' } as const;
