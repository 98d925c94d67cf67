/** The words and colours of incidents and maintenance windows in the console. */
import type { IncidentImpact, IncidentStatus, MaintenanceState } from '../../gql/graphql';

export const IMPACTS: { value: IncidentImpact; label: string; help: string }[] = [
  { value: 'NONE', label: 'None', help: 'no impact on clients (told for information)' },
  { value: 'MINOR', label: 'Minor', help: 'degraded performance, or a small part unavailable' },
  { value: 'MAJOR', label: 'Major', help: 'a significant part unavailable for many clients' },
  { value: 'CRITICAL', label: 'Critical', help: 'the service is unavailable for everyone' },
];

export const STATUSES: { value: IncidentStatus; label: string }[] = [
  { value: 'INVESTIGATING', label: 'Investigating' },
  { value: 'IDENTIFIED', label: 'Identified' },
  { value: 'MONITORING', label: 'Monitoring' },
  { value: 'RESOLVED', label: 'Resolved' },
];

const IMPACT_CLASS: Record<IncidentImpact, string> = { NONE: 'sev-low', MINOR: 'sev-medium', MAJOR: 'sev-high', CRITICAL: 'sev-urgent' };

export const impactLabel = (impact: IncidentImpact) => IMPACTS.find((i) => i.value === impact)!.label;
export const statusLabel = (status: IncidentStatus) => STATUSES.find((s) => s.value === status)!.label;

export function ImpactBadge({ impact }: { impact: IncidentImpact }) {
  return <span className={`badge ${IMPACT_CLASS[impact]}`}>{impactLabel(impact)} impact</span>;
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`badge ${status === 'RESOLVED' ? 'status-resolved' : 'attention'}`}>{statusLabel(status)}</span>;
}

const MAINTENANCE_LABELS: Record<MaintenanceState, { label: string; className: string }> = {
  SCHEDULED: { label: 'Scheduled', className: 'state-acknowledged' },
  IN_PROGRESS: { label: 'In progress', className: 'attention' },
  COMPLETED: { label: 'Completed', className: 'status-resolved' },
  CANCELLED: { label: 'Cancelled', className: 'sev-low' },
};

export function MaintenanceStateBadge({ state }: { state: MaintenanceState }) {
  const { label, className } = MAINTENANCE_LABELS[state];
  return <span className={`badge ${className}`}>{label}</span>;
}
