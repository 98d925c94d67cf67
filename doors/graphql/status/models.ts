/** What the status resolvers return for each GraphQL type (codegen mappers), and the enum values. */
import type { AvailabilityPoint, AvailabilityReport, HeartbeatView, ProbeSampleRow, ProbeView, ServiceView } from '../../../core/status/index.ts';

export type ServiceModel = ServiceView;
export type ProbeModel = ProbeView;
export type ProbeSampleModel = ProbeSampleRow;
export type HeartbeatModel = HeartbeatView;
export type AvailabilityModel = AvailabilityReport;
export type AvailabilityPointModel = AvailabilityPoint;
export type ServiceAlarmMatchModel = { sourceName: string | null; alarmService: string | null };

export const serviceStateEnum = { OPERATIONAL: 'operational', DEGRADED: 'degraded', DOWN: 'down', UNKNOWN: 'unknown' } as const;
export const checkStateEnum = { UNKNOWN: 'unknown', UP: 'up', DOWN: 'down' } as const;
export const probeMethodEnum = { GET: 'GET', HEAD: 'HEAD' } as const;
export const rollupGrainEnum = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day' } as const;
