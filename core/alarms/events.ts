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
  /** Set when a paging hold (a maintenance window) covered it: recorded, but nobody was paged. */
  pagingHeldBy?: { id: string; label: string };
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
  /** Set when the paging hold (maintenance window) that kept it from paging is over: it pages now. */
  releasedFrom?: string;
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

export type PageChannel = 'slack' | 'sms' | 'email';

/** A page went out to one person on one channel, by a step of their notification rules. */
export interface AlarmPageSent {
  pageId: string;
  personId: string;
  channel: PageChannel;
  /** The escalation step that paged them. */
  step: number;
  /** The index of the step in their notification rules, and its delay after the page. */
  rule: number;
  delayMinutes: number;
  /** Why they are paged: "new alarm", "not acknowledged in time", "escalated by Ada". */
  reason: string;
  /** Set when the step was brought forward because the channel before it did not get through. */
  early?: boolean;
  /** Set when the person is paged as a disaster-recovery contact (step DISASTER_RECOVERY_STEP). */
  disasterRecovery?: boolean;
}

/** A page did not get through (the door gave up, or the channel does not reach the person); the next step goes at once. */
export interface AlarmPageFailed {
  pageId: string | null;
  personId: string;
  channel: PageChannel;
  reason: string;
  /** The channel paged next, at once; null when no step was left (or the alarm is no longer waiting). */
  next: PageChannel | null;
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
    pageSent: payload<AlarmPageSent>(),
    pageFailed: payload<AlarmPageFailed>(),
  },
});

export interface NotificationRulesSet {
  steps: Array<{ channel: PageChannel; delayMinutes: number }>;
  previous: Array<{ channel: PageChannel; delayMinutes: number }> | null;
}

/** A person's notification rules: provider staff's business. */
export const NotificationRuleEvents = eventFamily({
  prefix: 'notification_rules',
  subject: (person: { personId: string }) => provider('person', person.personId),
  read: providerStaffOnly,
  events: { set: payload<NotificationRulesSet>() },
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

const FAMILIES = [AlarmEvents, NotificationRuleEvents, StrayResolutionEvents, AlarmSourceEvents, AlarmRouteEvents, ScheduleEvents, EscalationPolicyEvents, DisasterRecoveryEvents];

/** Every event the capability records, with who may read it. */
export const ALARM_EVENT_DECLARATIONS = declarationsOf(...FAMILIES);

/** Is this one of the alarms capability's events (any family)? What the `alarmEvents` stream carries. */
export const isAlarmsEvent = (event: DomainEvent): boolean => FAMILIES.some((family) => family.has(event));
