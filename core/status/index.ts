/**
 * The status capability (first slice): the provider's services, which client orgs use each and
 * which alarms belong to each; HTTP probes and heartbeats that watch them, on durable timers,
 * opening and resolving alarms through the alarms capability; raw samples and rollups from which
 * availability and p50/p95 latency come, with the time incidents declared each service down
 * (set by the incidents capability). Its face: commands, queries, events, the policy.
 */
import { defineCapability } from '../capability.ts';
import { STATUS_EVENT_DECLARATIONS } from './events.ts';
import { HEARTBEAT_TIMER, onHeartbeatMissed } from './heartbeats.ts';
import { onProbeDue, PROBE_TIMER } from './probes.ts';
import { onPruneDue, PRUNE_TIMER } from './internal/retention.ts';

export { archiveService, createService, setServiceAlarmMatches, setServiceOrgs, updateService } from './services.ts';
export { createProbe, probesSettled, removeProbe, runCheck, updateProbe, type ProbeResult } from './probes.ts';
export { createHeartbeat, recordHeartbeat, removeHeartbeat, rotateHeartbeatSecret, type BeatOutcome, type HeartbeatWithSecret } from './heartbeats.ts';
export { setDeclaredDown, type DeclaredDown } from './outages.ts';
export { authenticateHeartbeat, getProbe, getService, listServices, probeResults, serviceAvailability, serviceChecks } from './queries.ts';
export {
  AVAILABILITY_RULE,
  PUBLIC_STATUS_DAYS,
  percentOf,
  publicStatus,
  type PublicDay,
  type PublicResponseTimes,
  type PublicService,
  type PublicStatus,
  type ResponseTimePoint,
} from './public.ts';
export { followOrgStatus, orgPageServices, orgStatus, type OrgStatus } from './org.ts';
export { HeartbeatEvents, ProbeEvents, ServiceEvents, isStatusEvent } from './events.ts';
export { ROLLUP_RETENTION_DAYS, SAMPLE_RETENTION_DAYS } from './internal/retention.ts';
export { STATUS_ALARM_SOURCE } from './internal/alarms.ts';
export * from './model.ts';
export { statusPolicy } from './policy.ts';
export { alarmMatchesOfServices, orgsUsing, publicServiceIds, servicesByIds, servicesOfAlarm, serviceVisibleTo, type ServiceWithOrgs } from './linked.ts';

export const status = defineCapability({
  name: 'status',
  events: STATUS_EVENT_DECLARATIONS,
  // The daily pruning of old samples and rollups is armed by the first probe and re-arms itself.
  timers: (core) => ({ [PROBE_TIMER]: onProbeDue(core), [HEARTBEAT_TIMER]: onHeartbeatMissed, [PRUNE_TIMER]: onPruneDue }),
});

export default status;
