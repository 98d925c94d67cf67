/**
 * What an alarm is, in words and derived facts: its states and severities with their labels, the
 * views doors render (an alarm with its source's name, who is on call with their names), and the
 * predicates every door shows the same way (a follow-up is open, who took it first).
 */
import { ALARM_SEVERITIES, ALARM_STATES, type AlarmRow, type OnCallOverrideRow, type OnCallScheduleRow } from '../../db/schema.ts';
import { formatUtc } from '../clock.ts';
import type { Shift } from './rotation.ts';

export { ALARM_SEVERITIES, ALARM_STATES };
export type { AlarmPageRow, AlarmRouteRow, NotificationStep, AlarmRow, EscalationPolicyRow, EscalationSnapshot, EscalationStep, OnCallOverrideRow, OnCallScheduleRow } from '../../db/schema.ts';
export type { Shift } from './rotation.ts';
export type AlarmState = (typeof ALARM_STATES)[number];
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export const STATE_LABELS: Record<AlarmState, string> = { TRIGGERED: 'Triggered', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved' };

/** An alarm as every door shows it: the row, and the name of the source that sent it. */
export interface AlarmView extends AlarmRow {
  sourceName: string;
}

/** A person an alarm pages, and where Slack reaches them (null: nowhere). */
export interface PagedPerson {
  id: string;
  name: string;
  slackUserId: string | null;
}

/** What the on-call channel's card of an alarm shows: the alarm, and the people its current step pages. */
export interface AlarmCardView {
  alarm: AlarmView;
  paged: PagedPerson[];
}

/** What a responder's App Home lists: the open alarms paging them, and the resolved ones waiting for a root cause. */
export interface AlarmsHomeView {
  paging: AlarmView[];
  followUps: AlarmView[];
}

/** A schedule with every override it has. */
export interface ScheduleView extends OnCallScheduleRow {
  overrides: OnCallOverrideRow[];
}

/** A shift with the name of the person on it (null when the person is unknown). */
export interface ShiftView extends Shift {
  name: string | null;
}

/** Who is on call in a schedule at an instant, and who comes next. */
export interface OnCallView {
  schedule: ScheduleView;
  now?: ShiftView;
  next?: ShiftView;
}

/** Resolved without a root cause: a follow-up stays open until one is written. */
export function followUpOpen(alarm: Pick<AlarmRow, 'state' | 'rootCause'>): boolean {
  return alarm.state === 'RESOLVED' && alarm.rootCause === null;
}

/** "already acknowledged by Ada at 2026-11-23 09:03 UTC": what the second person pressing is told. */
export function describeTaken(alarm: AlarmRow): string {
  if (alarm.state === 'ACKNOWLEDGED') {
    return `already acknowledged by ${alarm.acknowledgedByName ?? 'someone'} at ${formatUtc(alarm.acknowledgedAt!)}`;
  }
  if (alarm.state === 'RESOLVED') return `already resolved by ${alarm.resolvedBy ?? 'someone'} at ${formatUtc(alarm.resolvedAt!)}`;
  return 'still triggered';
}

/** Where an alarm is in its escalation: step `step` of `steps`, in round `round` of `rounds` (all 1-based). */
export function escalationPosition(alarm: Pick<AlarmRow, 'escalation' | 'escalationStep'>) {
  const { steps, repeat, name } = alarm.escalation;
  return {
    policy: name,
    step: (alarm.escalationStep % steps.length) + 1,
    steps: steps.length,
    round: Math.floor(alarm.escalationStep / steps.length) + 1,
    rounds: repeat + 1,
  };
}
