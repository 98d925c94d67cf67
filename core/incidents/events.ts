/**
 * The incidents capability's events. What happens to an incident or a window is the provider's
 * business (its chain, its staff); what each client org is told (a notice) is on that org's chain,
 * read by whoever sees the org: the org's Slack channel, its admins' and owners' email and its
 * members' subscriptions follow those.
 */
import type { DomainEvent } from '../events/bus.ts';
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { providerStaffOnly, readersOfOrg } from '../events/read-rules.ts';
import type { IncidentImpact, IncidentNoticeKind, IncidentOrigin, IncidentStatus, MaintenanceNoticeKind } from './model.ts';

export interface IncidentDeclared {
  title: string;
  impact: IncidentImpact;
  status: IncidentStatus;
  origin: IncidentOrigin;
  serviceIds: string[];
  message: string;
  alarmIds: string[];
  /** The orgs told. */
  orgIds: string[];
}

export interface IncidentUpdated {
  updateId: string;
  status: IncidentStatus;
  previousStatus: IncidentStatus;
  impact: IncidentImpact;
  message: string;
  orgIds: string[];
}

export const IncidentEvents = eventFamily({
  prefix: 'incident',
  subject: (incident: { id: string }) => ({ orgId: null, subjectType: 'incident', subjectId: incident.id }),
  read: providerStaffOnly,
  events: {
    declared: payload<IncidentDeclared>(),
    updated: payload<IncidentUpdated>(),
    alarmLinked: payload<{ alarmId: string }>(),
    ticketLinked: payload<{ ticketId: string }>(),
  },
});

/** One org told of an incident: the services it may see, and who gets the email. */
export interface IncidentNotified {
  notice: IncidentNoticeKind;
  title: string;
  impact: IncidentImpact;
  status: IncidentStatus;
  message: string;
  services: string[];
  /** The org's admins and owners, who get it by email. */
  recipients: string[];
}

export const IncidentNoticeEvents = eventFamily({
  prefix: 'incident_notice',
  subject: (to: { incidentId: string; orgId: string }) => ({ orgId: to.orgId, subjectType: 'incident', subjectId: to.incidentId }),
  read: readersOfOrg,
  events: { sent: payload<IncidentNotified>() },
});

export interface MaintenanceChanged {
  title: string;
  startsAt: string;
  endsAt: string;
  releaseId: string | null;
  allPublic: boolean;
  serviceIds: string[];
  previous?: { startsAt: string; endsAt: string };
  reason?: string | null;
  /** Alarms that had been held and page now (at the end or a cancellation). */
  released?: string[];
}

export const MaintenanceEvents = eventFamily({
  prefix: 'maintenance',
  subject: (window: { id: string }) => ({ orgId: null, subjectType: 'maintenance_window', subjectId: window.id }),
  read: providerStaffOnly,
  events: {
    scheduled: payload<MaintenanceChanged>(),
    rescheduled: payload<MaintenanceChanged>(),
    cancelled: payload<MaintenanceChanged>(),
    started: payload<MaintenanceChanged>(),
    ended: payload<MaintenanceChanged>(),
  },
});

export interface MaintenanceNotified {
  notice: MaintenanceNoticeKind;
  title: string;
  startsAt: string;
  endsAt: string;
  previous?: { startsAt: string; endsAt: string };
  services: string[];
  recipients: string[];
  /** From an announced release: its announcement already mails the admins, so the email door skips it. */
  fromRelease: boolean;
}

export const MaintenanceNoticeEvents = eventFamily({
  prefix: 'maintenance_notice',
  subject: (to: { windowId: string; orgId: string }) => ({ orgId: to.orgId, subjectType: 'maintenance_window', subjectId: to.windowId }),
  read: readersOfOrg,
  events: { sent: payload<MaintenanceNotified>() },
});

/**
 * A status page subscription asked for, confirmed, or removed. On the provider's chain; the address
 * appears only masked (`j•••@example.com`): the trail keeps that a subscription existed, never whose.
 */
export interface StatusSubscriptionChanged {
  address: string;
}

export const StatusSubscriptionEvents = eventFamily({
  prefix: 'status_subscription',
  subject: (subscriber: { id: string }) => ({ orgId: null, subjectType: 'status_subscriber', subjectId: subscriber.id }),
  read: providerStaffOnly,
  events: {
    requested: payload<StatusSubscriptionChanged>(),
    confirmed: payload<StatusSubscriptionChanged>(),
    removed: payload<StatusSubscriptionChanged>(),
  },
});

const FAMILIES = [IncidentEvents, IncidentNoticeEvents, MaintenanceEvents, MaintenanceNoticeEvents, StatusSubscriptionEvents];
export const INCIDENT_EVENT_DECLARATIONS = declarationsOf(...FAMILIES);
export const isIncidentsEvent = (event: DomainEvent): boolean => FAMILIES.some((family) => family.has(event));
