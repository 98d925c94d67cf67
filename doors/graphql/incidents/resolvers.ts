/** Incidents and maintenance windows over GraphQL: each resolver calls one core query or command. */
import type { DomainEvent } from '../../../core/events/bus.ts';
import {
  cancelMaintenance,
  declareIncident,
  followIncidents,
  getIncident,
  getMaintenanceWindow,
  isIncidentsEvent,
  linkIncidentAlarm,
  linkIncidentTicket,
  listIncidents,
  listMaintenanceWindows,
  postIncidentUpdate,
  rescheduleMaintenance,
  scheduleMaintenance,
  setMaintenanceServices,
} from '../../../core/incidents/index.ts';
import type { Resolvers } from '../generated.ts';
import type { GraphqlContext } from '../kit/context.ts';
import { liveSubscription } from '../kit/live.ts';
import { incidentImpactEnum, incidentOriginEnum, incidentStatusEnum, maintenanceStateEnum } from './models.ts';

const given = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
const incidentAsRead = ({ core, actor }: GraphqlContext, incidentId: string) => core.read(getIncident, actor, { incidentId });
const windowAsRead = ({ core, actor }: GraphqlContext, windowId: string) => core.read(getMaintenanceWindow, actor, { windowId });

export const incidentResolvers: Resolvers = {
  IncidentImpact: incidentImpactEnum,
  IncidentStatus: incidentStatusEnum,
  IncidentOrigin: incidentOriginEnum,
  MaintenanceState: maintenanceStateEnum,

  Query: {
    incidents: (_root, _args, { core, actor }) => core.read(listIncidents, actor, {}),
    incident: (_root, { id }, { core, actor }) => core.read(getIncident, actor, { incidentId: id }),
    maintenanceWindows: (_root, { all }, { core, actor }) => core.read(listMaintenanceWindows, actor, { all: all ?? false }),
    maintenanceWindow: (_root, { id }, { core, actor }) => core.read(getMaintenanceWindow, actor, { windowId: id }),
  },

  Mutation: {
    declareIncident: async (_root, { input }, ctx) => {
      const incident = await ctx.core.execute(declareIncident, ctx.actor, {
        title: input.title,
        impact: input.impact,
        status: given(input.status),
        message: input.message,
        serviceIds: input.serviceIds,
        alarmIds: given(input.alarmIds),
        ticketIds: given(input.ticketIds),
      });
      return incidentAsRead(ctx, incident.id);
    },
    postIncidentUpdate: async (_root, { input }, ctx) => {
      const incident = await ctx.core.execute(postIncidentUpdate, ctx.actor, {
        incidentId: input.incidentId,
        status: input.status,
        message: input.message,
        impact: given(input.impact),
      });
      return incidentAsRead(ctx, incident.id);
    },
    linkIncidentTicket: async (_root, { incidentId, ticketId }, ctx) => {
      const incident = await ctx.core.execute(linkIncidentTicket, ctx.actor, { incidentId, ticketId });
      return incidentAsRead(ctx, incident.id);
    },
    linkIncidentAlarm: async (_root, { incidentId, alarmId }, ctx) => {
      const incident = await ctx.core.execute(linkIncidentAlarm, ctx.actor, { incidentId, alarmId });
      return incidentAsRead(ctx, incident.id);
    },
    scheduleMaintenance: async (_root, { input }, ctx) => {
      const window = await ctx.core.execute(scheduleMaintenance, ctx.actor, {
        title: input.title,
        description: given(input.description),
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        serviceIds: input.serviceIds,
      });
      return windowAsRead(ctx, window.id);
    },
    rescheduleMaintenance: async (_root, { windowId, startsAt, endsAt, reason }, ctx) => {
      const window = await ctx.core.execute(rescheduleMaintenance, ctx.actor, { windowId, startsAt, endsAt, reason: given(reason) });
      return windowAsRead(ctx, window.id);
    },
    cancelMaintenance: async (_root, { windowId, reason }, ctx) => {
      const window = await ctx.core.execute(cancelMaintenance, ctx.actor, { windowId, reason: given(reason) });
      return windowAsRead(ctx, window.id);
    },
    setMaintenanceServices: async (_root, { windowId, serviceIds }, ctx) => {
      const window = await ctx.core.execute(setMaintenanceServices, ctx.actor, { windowId, serviceIds: serviceIds ?? null });
      return windowAsRead(ctx, window.id);
    },
  },

  Subscription: {
    incidentEvents: {
      // Every event (provider staff), or what one org is told; the core decides which and for how long.
      subscribe: async (_root, { orgId }, ctx) => {
        const followed = await ctx.core.read(followIncidents, ctx.actor, { orgId: orgId ?? undefined });
        const scope = followed.subject.orgId;
        return liveSubscription(ctx, {
          subject: () => followed.stillAllowed,
          topic: (event) => isIncidentsEvent(event) && (scope === null || event.orgId === scope),
        });
      },
      resolve: (event: DomainEvent): DomainEvent => event,
    },
  },
};
