/** The alarms capability's domain events: the provider's own monitoring, read by its staff only. */
import { providerStaffOnly, sameRule } from '../events/read-rules.ts';
import { typesOf, type EventDeclarations } from '../events/catalogue.ts';

export const ALARM_EVENTS: EventDeclarations = sameRule(
  [
    'alarm.triggered',
    'alarm.folded',
    'alarm.acknowledged',
    'alarm.escalated',
    'alarm.resolved',
    'alarm.resolution_unmatched',
    'alarm.root_cause_written',
    'alarm.disaster_recovery_invoked',
    'alarm_source.created',
    'alarm_source.secret_rotated',
    'alarm_route.set',
    'schedule.created',
    'schedule.override_added',
    'schedule.override_removed',
    'escalation_policy.created',
    'disaster_recovery.contacts_set',
  ],
  providerStaffOnly,
);

export const ALARM_EVENT_TYPES = typesOf(ALARM_EVENTS);
