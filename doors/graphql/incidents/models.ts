/** What the incidents resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type { IncidentUpdateView, IncidentView, MaintenanceView, ServiceRef } from '../../../core/incidents/index.ts';

export type IncidentModel = IncidentView;
export type IncidentUpdateModel = IncidentUpdateView;
export type MaintenanceWindowModel = MaintenanceView;
export type ServiceRefModel = ServiceRef;

export const incidentImpactEnum = { NONE: 'none', MINOR: 'minor', MAJOR: 'major', CRITICAL: 'critical' } as const;
export const incidentStatusEnum = { INVESTIGATING: 'investigating', IDENTIFIED: 'identified', MONITORING: 'monitoring', RESOLVED: 'resolved' } as const;
export const incidentOriginEnum = { DECLARED: 'declared', AUTOMATIC: 'automatic' } as const;
export const maintenanceStateEnum = { SCHEDULED: 'scheduled', IN_PROGRESS: 'in_progress', COMPLETED: 'completed', CANCELLED: 'cancelled' } as const;
