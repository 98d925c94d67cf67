/**
 * The status capability's domain events: changes to services and their checks, and a check going
 * down or coming back. All are the provider's business (on its chain, read by its staff); what
 * clients are shown of a service comes from its queries.
 */
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { providerStaffOnly } from '../events/read-rules.ts';
import type { DomainEvent } from '../events/bus.ts';

const provider = (subjectType: string, subjectId: string) => ({ orgId: null, subjectType, subjectId });

export interface ServiceChanged {
  name: string;
  description: string;
  isPublic: boolean;
  /** Null: every client org uses it. */
  orgIds: string[] | null;
  /** What the change replaced (for updates). */
  previous?: { name: string; description: string; isPublic: boolean; orgIds: string[] | null };
}

export interface ServiceArchived {
  name: string;
  probes: number;
  heartbeats: number;
}

export interface ServiceAlarmsMatched {
  matches: Array<{ sourceName: string | null; alarmService: string | null }>;
  previous: Array<{ sourceName: string | null; alarmService: string | null }>;
}

export const ServiceEvents = eventFamily({
  prefix: 'service',
  subject: (service: { id: string }) => provider('service', service.id),
  read: providerStaffOnly,
  events: {
    created: payload<ServiceChanged>(),
    updated: payload<ServiceChanged>(),
    orgsSet: payload<ServiceChanged>(),
    archived: payload<ServiceArchived>(),
    alarmsMatched: payload<ServiceAlarmsMatched>(),
  },
});

export interface ProbeConfigured {
  serviceId: string;
  name: string;
  method: 'GET' | 'HEAD';
  url: string;
  expectedStatus: number;
  timeoutMs: number;
  bodyContains: string | null;
  intervalSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

export interface ProbeRemoved {
  serviceId: string;
  name: string;
}

/** A probe failed `failureThreshold` times in a row: an alarm opened. */
export interface ProbeDown {
  serviceId: string;
  consecutiveFailures: number;
  statusCode: number | null;
  error: string;
  alarmId: string | null;
}

/** A probe that was down succeeded `successThreshold` times in a row: its alarm resolved. */
export interface ProbeRecovered {
  serviceId: string;
  consecutiveSuccesses: number;
  alarmId: string | null;
}

export const ProbeEvents = eventFamily({
  prefix: 'probe',
  subject: (probe: { id: string }) => provider('probe', probe.id),
  read: providerStaffOnly,
  events: {
    created: payload<ProbeConfigured>(),
    updated: payload<ProbeConfigured>(),
    removed: payload<ProbeRemoved>(),
    down: payload<ProbeDown>(),
    recovered: payload<ProbeRecovered>(),
  },
});

export interface HeartbeatConfigured {
  serviceId: string;
  name: string;
  intervalSeconds: number;
  graceSeconds: number;
}

export interface HeartbeatBeat {
  serviceId: string;
  /** When the next beat must come by. */
  dueBy: string;
}

export interface HeartbeatMissed {
  serviceId: string;
  lastBeatAt: string | null;
  dueBy: string;
  alarmId: string | null;
}

export interface HeartbeatRecovered extends HeartbeatBeat {
  alarmId: string | null;
}

export const HeartbeatEvents = eventFamily({
  prefix: 'heartbeat',
  subject: (heartbeat: { id: string }) => provider('heartbeat', heartbeat.id),
  read: providerStaffOnly,
  events: {
    created: payload<HeartbeatConfigured>(),
    secretRotated: payload<{ serviceId: string; name: string }>(),
    removed: payload<{ serviceId: string; name: string }>(),
    beat: payload<HeartbeatBeat>(),
    missed: payload<HeartbeatMissed>(),
    recovered: payload<HeartbeatRecovered>(),
  },
});

const FAMILIES = [ServiceEvents, ProbeEvents, HeartbeatEvents];

export const STATUS_EVENT_DECLARATIONS = declarationsOf(...FAMILIES);

/** Is this one of the status capability's events? */
export const isStatusEvent = (event: DomainEvent): boolean => FAMILIES.some((family) => family.has(event));
