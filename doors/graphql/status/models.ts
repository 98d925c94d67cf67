/** What the status resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type { PublicIncident, PublicMaintenance, PublicNotices } from '../../../core/incidents/index.ts';
import type {
  AvailabilityPoint,
  AvailabilityReport,
  HeartbeatView,
  OrgStatus,
  ProbeSampleRow,
  ProbeView,
  PublicDay,
  PublicResponseTimes,
  PublicService,
  ResponseTimePoint,
  ServiceView,
} from '../../../core/status/index.ts';
import type { OrgStatusChange } from './org-watches.ts';

export type ServiceModel = ServiceView;
export type ProbeModel = ProbeView;
export type ProbeSampleModel = ProbeSampleRow;
export type HeartbeatModel = HeartbeatView;
export type AvailabilityModel = AvailabilityReport;
export type AvailabilityPointModel = AvailabilityPoint;
export type StatusPageModel = OrgStatus & PublicNotices;
export type StatusPageServiceModel = PublicService;
export type StatusPageDayModel = PublicDay;
export type ResponseTimesModel = PublicResponseTimes;
export type ResponseTimeChartModel = ResponseTimePoint[];
export type StatusPageIncidentModel = PublicIncident;
export type StatusPageIncidentUpdateModel = PublicIncident['updates'][number];
export type StatusPageMaintenanceModel = PublicMaintenance;
export type StatusPageChangeModel = OrgStatusChange;
export type ServiceAlarmMatchModel = { sourceName: string | null; alarmService: string | null };

export const serviceStateEnum = { OPERATIONAL: 'operational', DEGRADED: 'degraded', DOWN: 'down', UNKNOWN: 'unknown' } as const;
export const checkStateEnum = { UNKNOWN: 'unknown', UP: 'up', DOWN: 'down' } as const;
export const probeMethodEnum = { GET: 'GET', HEAD: 'HEAD' } as const;
export const rollupGrainEnum = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day' } as const;
