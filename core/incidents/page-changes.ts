/**
 * Which domain events may change what a status page shows (a service's state, its list, its
 * incidents and maintenance), for the doors that keep pages live: a check going down or coming back,
 * an alarm from other monitoring opening or resolving (it may be matched to a service), a service
 * changing, and every incident and maintenance event. Probe results that only move the availability
 * figures are not events: a page's slow refresh picks them up.
 */
import { AlarmEvents } from '../alarms/index.ts';
import type { DomainEvent } from '../events/bus.ts';
import { HeartbeatEvents, ProbeEvents, ServiceEvents } from '../status/index.ts';
import { IncidentEvents, MaintenanceEvents } from './events.ts';

const CHANGES = [
  ProbeEvents.down,
  ProbeEvents.recovered,
  ProbeEvents.removed,
  HeartbeatEvents.missed,
  HeartbeatEvents.recovered,
  HeartbeatEvents.removed,
  AlarmEvents.triggered,
  AlarmEvents.resolved,
];

export const changesStatusPage = (event: DomainEvent): boolean =>
  ServiceEvents.has(event) || IncidentEvents.has(event) || MaintenanceEvents.has(event) || CHANGES.some((kind) => kind.is(event));
