/** Services, probes and heartbeats over GraphQL: each resolver calls one core query or command. */
import {
  archiveService,
  createHeartbeat,
  createProbe,
  createService,
  followOrgStatus,
  getService,
  listServices,
  orgStatus,
  probeResults,
  removeHeartbeat,
  removeProbe,
  rotateHeartbeatSecret,
  serviceAvailability,
  serviceChecks,
  setServiceAlarmMatches,
  setServiceOrgs,
  updateProbe,
  updateService,
} from '../../../core/status/index.ts';
import { orgNotices } from '../../../core/incidents/index.ts';
import type { Resolvers } from '../generated.ts';
import type { GraphqlContext } from '../kit/context.ts';
import { liveSignal } from '../kit/live-signal.ts';
import { followOrgPage, type OrgStatusChange } from './org-watches.ts';
import { checkStateEnum, probeMethodEnum, rollupGrainEnum, serviceStateEnum } from './models.ts';

/** GraphQL's absent and null both mean "not given" here. */
const given = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** A service as a command returns it, shown as the caller's query shows it (with its state). */
const asRead = ({ core, actor }: GraphqlContext, serviceId: string) => core.read(getService, actor, { serviceId });

export const statusResolvers: Resolvers = {
  ServiceState: serviceStateEnum,
  CheckState: checkStateEnum,
  ProbeMethod: probeMethodEnum,
  RollupGrain: rollupGrainEnum,

  Query: {
    services: (_root, _args, { core, actor }) => core.read(listServices, actor, {}),
    service: (_root, { id }, { core, actor }) => core.read(getService, actor, { serviceId: id }),
    serviceChecks: (_root, { serviceId }, { core, actor }) => core.read(serviceChecks, actor, { serviceId }),
    probeResults: (_root, { probeId, first }, { core, actor }) => core.read(probeResults, actor, { probeId, first: given(first) }),
    serviceAvailability: (_root, { serviceId, probeId, since, until, grain }, { core, actor }) =>
      core.read(serviceAvailability, actor, { serviceId, probeId: given(probeId), from: since, to: until, grain: given(grain) as never }),
    orgStatus: async (_root, { orgId }, { core, actor }) => {
      const [status, notices] = await Promise.all([core.read(orgStatus, actor, { orgId }), core.read(orgNotices, actor, { orgId })]);
      return { ...status, ...notices };
    },
  },

  StatusPage: {
    orgId: (page) => page.org.id,
    orgName: (page) => page.org.name,
  },

  StatusPageService: {
    availabilityPercent: (service) => service.availability.percent,
    availabilityDays: (service) => service.availability.days,
    last24Hours: (service) => service.responseTimes.last24Hours,
    last7Days: (service) => service.responseTimes.last7Days,
    last90Days: (service) => service.responseTimes.last90Days,
  },

  ResponseTimes: {
    chart: (times) => times.points,
  },

  ResponseTimeChart: {
    starts: (points) => points.map((p) => p.start),
    p50Ms: (points) => points.map((p) => p.p50Ms),
    p95Ms: (points) => points.map((p) => p.p95Ms),
  },

  Subscription: {
    orgStatusChanged: {
      // A signal, not the events behind it: the subscriber may read the page, not the provider's status events.
      subscribe: async (_root, { orgId }, ctx) => {
        const followed = await ctx.core.read(followOrgStatus, ctx.actor, { orgId });
        return liveSignal<OrgStatusChange>(ctx, followed.stillAllowed, (emit) => followOrgPage(ctx.core, followed.subject.orgId, emit));
      },
      resolve: (change: OrgStatusChange) => change,
    },
  },

  Availability: {
    since: (report) => report.from,
    until: (report) => report.to,
    grain: (report) => report.grain as never,
  },

  ServiceAlarmMatch: {
    source: (match) => match.sourceName,
  },

  Mutation: {
    createService: async (_root, { input }, ctx) => {
      const { core, actor } = ctx;
      const service = await core.execute(createService, actor, {
        name: input.name,
        description: given(input.description),
        isPublic: given(input.isPublic),
        orgIds: input.orgIds ?? null,
      });
      return asRead(ctx, service.id);
    },
    updateService: async (_root, { input }, ctx) => {
      const { core, actor } = ctx;
      const service = await core.execute(updateService, actor, {
        serviceId: input.serviceId,
        name: given(input.name),
        description: given(input.description),
        isPublic: given(input.isPublic),
      });
      return asRead(ctx, service.id);
    },
    setServiceOrgs: async (_root, { serviceId, orgIds }, ctx) => {
      const { core, actor } = ctx;
      const service = await core.execute(setServiceOrgs, actor, { serviceId, orgIds: orgIds ?? null });
      return asRead(ctx, service.id);
    },
    setServiceAlarmMatches: (_root, { serviceId, matches }, { core, actor }) =>
      core.execute(setServiceAlarmMatches, actor, { serviceId, matches: matches.map((m) => ({ sourceName: m.source, alarmService: m.alarmService })) }),
    archiveService: async (_root, { serviceId }, { core, actor }) => {
      const service = await core.execute(archiveService, actor, { serviceId });
      return { ...service, orgIds: service.allOrgs ? [] : service.orgIds, state: 'unknown' as const };
    },
    createProbe: (_root, { input }, { core, actor }) =>
      core.execute(createProbe, actor, {
        serviceId: input.serviceId,
        name: input.name,
        method: given(input.method) as never,
        url: input.url,
        expectedStatus: given(input.expectedStatus),
        timeoutMs: given(input.timeoutMs),
        bodyContains: input.bodyContains,
        intervalSeconds: input.intervalSeconds,
        failureThreshold: given(input.failureThreshold),
        successThreshold: given(input.successThreshold),
      }),
    updateProbe: (_root, { input }, { core, actor }) => {
      const { probeId, method, bodyContains, ...rest } = input;
      const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined));
      return core.execute(updateProbe, actor, { probeId, ...changes, method: given(method) as never, ...(bodyContains !== undefined ? { bodyContains } : {}) });
    },
    removeProbe: async (_root, { probeId }, { core, actor }) => (await core.execute(removeProbe, actor, { probeId })).id,
    createHeartbeat: (_root, { input }, { core, actor }) =>
      core.execute(createHeartbeat, actor, {
        serviceId: input.serviceId,
        name: input.name,
        intervalSeconds: input.intervalSeconds,
        graceSeconds: given(input.graceSeconds),
      }),
    rotateHeartbeatSecret: (_root, { heartbeatId }, { core, actor }) => core.execute(rotateHeartbeatSecret, actor, { heartbeatId }),
    removeHeartbeat: async (_root, { heartbeatId }, { core, actor }) => (await core.execute(removeHeartbeat, actor, { heartbeatId })).id,
  },
};
