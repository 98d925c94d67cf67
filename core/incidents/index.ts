/**
 * The incidents capability: what clients are told about faults (incidents with public updates,
 * declared by staff or opened when a paging alarm on a public service stays unacknowledged) and
 * about planned downtime (maintenance windows, from announced releases or by hand, which hold the
 * paging of their services' alarms). Builds on status (services) and alarms (paging holds).
 */
import { defineCapability, reactTo } from '../capability.ts';
import { AlarmEvents } from '../alarms/index.ts';
import { ReleaseEvents } from '../announcements/index.ts';
import { ServiceEvents } from '../status/index.ts';
import { AUTO_OPEN_TIMER, onAlarmAnswered, onAlarmReleased, onAlarmTriggered, onAutoOpenDue } from './auto.ts';
import { INCIDENT_EVENT_DECLARATIONS } from './events.ts';
import {
  MAINTENANCE_END_TIMER,
  MAINTENANCE_START_TIMER,
  onMaintenanceEndDue,
  onMaintenanceStartDue,
  onReleaseAnnounced,
  onReleaseCancelled,
  onReleaseCompleted,
  onReleaseRescheduled,
  onReleaseWindowStarted,
  onServiceChanged,
} from './maintenance.ts';

export { declareIncident, linkIncidentAlarm, linkIncidentTicket, postIncidentUpdate } from './incidents.ts';
export { cancelMaintenance, rescheduleMaintenance, scheduleMaintenance, setMaintenanceServices } from './maintenance.ts';
export { followIncidents, getIncident, incidentChoices, incidentToUpdate, getMaintenanceWindow, listIncidents, listMaintenanceWindows } from './queries.ts';
export {
  IncidentEvents,
  IncidentNoticeEvents,
  isIncidentsEvent,
  MaintenanceEvents,
  MaintenanceNoticeEvents,
  StatusSubscriptionEvents,
  type IncidentNotified,
  type MaintenanceNotified,
} from './events.ts';
export * from './model.ts';
export { changesStatusPage } from './page-changes.ts';
export { PUBLIC_INCIDENT_DAYS, orgNotices, publicNotices, type PublicIncident, type PublicMaintenance, type PublicNotices } from './public.ts';
export { FEED_ENDED_WINDOW_DAYS, FEED_INCIDENT_DAYS, publicFeed, type FeedIncident, type FeedMaintenance, type PublicFeed } from './feed.ts';
export { incidentPolicy } from './policy.ts';
export {
  CONFIRM_LINK_HOURS,
  CONFIRMATION_INTERVAL_MINUTES,
  confirmStatusSubscription,
  dropBouncingStatusSubscriber,
  requestStatusSubscription,
  statusSubscribersToNotify,
  unsubscribeFromStatus,
  type StatusSubscriber,
} from './subscriptions.ts';

export const incidents = defineCapability({
  name: 'incidents',
  events: INCIDENT_EVENT_DECLARATIONS,
  timers: { [AUTO_OPEN_TIMER]: onAutoOpenDue, [MAINTENANCE_START_TIMER]: onMaintenanceStartDue, [MAINTENANCE_END_TIMER]: onMaintenanceEndDue },
  reactions: [
    reactTo(AlarmEvents.triggered, onAlarmTriggered),
    reactTo(AlarmEvents.escalated, onAlarmReleased),
    reactTo(AlarmEvents.acknowledged, onAlarmAnswered),
    reactTo(AlarmEvents.resolved, onAlarmAnswered),
    reactTo(ReleaseEvents.announced, onReleaseAnnounced),
    reactTo(ReleaseEvents.rescheduled, onReleaseRescheduled),
    reactTo(ReleaseEvents.cancelled, onReleaseCancelled),
    reactTo(ReleaseEvents.windowStarted, onReleaseWindowStarted),
    reactTo(ReleaseEvents.completed, onReleaseCompleted),
    // What a window holds follows its services as they are now.
    reactTo(ServiceEvents.created, onServiceChanged),
    reactTo(ServiceEvents.updated, onServiceChanged),
    reactTo(ServiceEvents.alarmsMatched, onServiceChanged),
    reactTo(ServiceEvents.archived, onServiceChanged),
  ],
});

export default incidents;
