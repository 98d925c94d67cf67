/**
 * What an incident and a maintenance window are, in words: Statuspage's impact and status words,
 * and the views doors render.
 */
import { INCIDENT_IMPACTS, INCIDENT_ORIGINS, INCIDENT_STATUSES, MAINTENANCE_STATES } from '../../db/schema.ts';

export { INCIDENT_IMPACTS, INCIDENT_ORIGINS, INCIDENT_STATUSES, MAINTENANCE_STATES };
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentOrigin = (typeof INCIDENT_ORIGINS)[number];
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];

/** Statuspage's impact levels, as clients read them. */
export const IMPACT_LABELS: Record<IncidentImpact, string> = {
  none: 'No impact',
  minor: 'Minor: degraded performance or a small part unavailable',
  major: 'Major: a significant part unavailable for many',
  critical: 'Critical: unavailable for everyone',
};

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** Impacts that declare the affected services down for their availability (none and minor do not). */
export const DOWN_IMPACTS: readonly IncidentImpact[] = ['major', 'critical'];

/** Whether an incident in this state declares its services down: a down impact, until it is resolved. */
export const declaresDown = (impact: IncidentImpact, status: IncidentStatus): boolean => status !== 'resolved' && DOWN_IMPACTS.includes(impact);

/** How long a paging alarm on a public service may stay unacknowledged before an incident opens by itself. */
export const DEFAULT_AUTO_OPEN_MINUTES = 10;

/** `INCIDENT_AUTO_OPEN_MINUTES` (1 to 1440), else the default; read when an alarm triggers. */
export function autoOpenMinutes(env: Record<string, string | undefined> = process.env): number {
  const raw = Number(env.INCIDENT_AUTO_OPEN_MINUTES);
  return Number.isInteger(raw) && raw >= 1 && raw <= 1440 ? raw : DEFAULT_AUTO_OPEN_MINUTES;
}

export interface ServiceRef {
  id: string;
  name: string;
}

export interface IncidentUpdateView {
  id: string;
  status: IncidentStatus;
  message: string;
  byName: string;
  at: Date;
}

export interface IncidentView {
  id: string;
  title: string;
  impact: IncidentImpact;
  status: IncidentStatus;
  origin: IncidentOrigin;
  openedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  /** The affected services the reader may see. */
  services: ServiceRef[];
  /** Newest first. */
  updates: IncidentUpdateView[];
  /** Provider staff only; empty for clients. */
  alarmIds: string[];
  ticketIds: string[];
}

export interface MaintenanceView {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  state: MaintenanceState;
  releaseId: string | null;
  allPublic: boolean;
  /** The covered services the reader may see. */
  services: ServiceRef[];
}

/** What a notice tells an org about an incident. */
export type IncidentNoticeKind = 'opened' | 'updated' | 'resolved';
export type MaintenanceNoticeKind = 'scheduled' | 'rescheduled' | 'cancelled' | 'started' | 'ended';
