/**
 * The alarms capability's domain events: the provider's own monitoring, read by its staff only
 * (and the system). None is on a client's chain: they go on the provider's. Payloads are JSON:
 * instants are ISO strings.
 */
import type { DomainEvent } from '../events/bus.ts';
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { providerStaffOnly } from '../events/read-rules.ts';
import type { EscalationStep } from '../../db/schema.ts';
import type { AlarmSeverity, AlarmState } from './model.ts';

const provider = (subjectType: string, subjectId: string) => ({ orgId: null, subjectType, subjectId });

/** Who one step of an escalation reaches. */
export interface StepPaged {
  /** 0-based, counted across repeats. */
  step: number;
  /** Person ids paged by the step. */
  paged: string[];
  /** Whether the step pages the whole on-call channel. */
  channel: boolean;
  /** When the next step comes if nobody acknowledges; null after the last one. */
  nextAt: string | null;
}

export interface AlarmTriggered extends StepPaged {
  /** The source's name. */
  source: string;
  fingerprint: string;
  summary: string;
  severity: AlarmSeverity;
  service: string | null;
  /** The escalation policy's name as snapshotted. */
  policy: string;
}

export interface AlarmFolded {
  /** How many times the source has sent it now. */
  count: number;
  lastSeenAt: string;
  source: string;
}

export interface AlarmAcknowledged {
  by: string;
  personId: string | null;
  step: number;
}

export interface AlarmEscalated extends StepPaged {
  /** "not acknowledged in time", or "escalated by Ada". */
  reason: string;
  /** Set when someone escalated by hand. */
  previousState?: AlarmState;
}

export interface AlarmResolved {
  /** A person's name, or "source prometheus" when the source said it is over. */
  by: string;
  rootCause: string | null;
  followUpOpen: boolean;
}

export interface RootCauseWritten {
  rootCause: string;
  previous: string | null;
  followUpOpen: false;
}

export interface DisasterRecoveryInvoked {
  /** The disaster-recovery contacts paged. */
  paged: string[];
  channel: true;
  state: AlarmState;
  openMinutes: number;
}

export const AlarmEvents = eventFamily({
  prefix: 'alarm',
  subject: (alarm: { id: string }) => provider('alarm', alarm.id),
  read: providerStaffOnly,
  events: {
    triggered: payload<AlarmTriggered>(),
    folded: payload<AlarmFolded>(),
    acknowledged: payload<AlarmAcknowledged>(),
    escalated: payload<AlarmEscalated>(),
    resolved: payload<AlarmResolved>(),
    rootCauseWritten: payload<RootCauseWritten>(),
    disasterRecoveryInvoked: payload<DisasterRecoveryInvoked>(),
  },
});

export interface ResolutionUnmatched {
  source: string;
  fingerprint: string;
}

/** A source said an alarm is over that is not open (already resolved, or never seen): about the source. */
export const StrayResolutionEvents = eventFamily({
  prefix: 'alarm',
  subject: (source: { id: string }) => provider('alarm_source', source.id),
  read: providerStaffOnly,
  events: { resolutionUnmatched: payload<ResolutionUnmatched>() },
});

export interface AlarmSourceNamed {
  name: string;
}

export const AlarmSourceEvents = eventFamily({
  prefix: 'alarm_source',
  subject: (source: { id: string }) => provider('alarm_source', source.id),
  read: providerStaffOnly,
  events: { created: payload<AlarmSourceNamed>(), secretRotated: payload<AlarmSourceNamed>() },
});

export interface AlarmRouteSet {
  sourceName: string | null;
  service: string | null;
  policyId: string;
  previousPolicyId: string | null;
}

export const AlarmRouteEvents = eventFamily({
  prefix: 'alarm_route',
  subject: (route: { id: string }) => provider('alarm_route', route.id),
  read: providerStaffOnly,
  events: { set: payload<AlarmRouteSet>() },
});

export interface ScheduleCreated {
  name: string;
  timeZone: string;
  startDate: string;
  handoffTime: string;
  shiftDays: number;
  members: string[];
}

export interface OverrideAdded {
  overrideId: string;
  personId: string;
  startsAt: string;
  endsAt: string;
}

export interface OverrideRemoved {
  overrideId: string;
  personId: string;
}

export const ScheduleEvents = eventFamily({
  prefix: 'schedule',
  subject: (schedule: { id: string }) => provider('schedule', schedule.id),
  read: providerStaffOnly,
  events: { created: payload<ScheduleCreated>(), overrideAdded: payload<OverrideAdded>(), overrideRemoved: payload<OverrideRemoved>() },
});

export interface EscalationPolicyCreated {
  name: string;
  steps: EscalationStep[];
  repeat: number;
}

export const EscalationPolicyEvents = eventFamily({
  prefix: 'escalation_policy',
  subject: (policy: { id: string }) => provider('escalation_policy', policy.id),
  read: providerStaffOnly,
  events: { created: payload<EscalationPolicyCreated>() },
});

export interface DisasterRecoveryContactsSet {
  personIds: string[];
  previous: string[];
}

/** The disaster-recovery contacts: one list, provider-wide. */
export const DisasterRecoveryEvents = eventFamily({
  prefix: 'disaster_recovery',
  subject: (_list: 'contacts') => provider('disaster_recovery', 'contacts'),
  read: providerStaffOnly,
  events: { contactsSet: payload<DisasterRecoveryContactsSet>() },
});

const FAMILIES = [AlarmEvents, StrayResolutionEvents, AlarmSourceEvents, AlarmRouteEvents, ScheduleEvents, EscalationPolicyEvents, DisasterRecoveryEvents];

/** Every event the capability records, with who may read it. */
export const ALARM_EVENT_DECLARATIONS = declarationsOf(...FAMILIES);

/** Is this one of the alarms capability's events (any family)? What the `alarmEvents` stream carries. */
export const isAlarmsEvent = (event: DomainEvent): boolean => FAMILIES.some((family) => family.has(event));
