/** Alarms and on-call over GraphQL: each resolver calls one core query or command. */
import {
  acknowledgeAlarm,
  addOverride,
  alarmPagesOf,
  getNotificationRules,
  setNotificationRules,
  createAlarmSource,
  createEscalationPolicy,
  createSchedule,
  escalateAlarm,
  followAlarms,
  followUpOpen,
  getAlarm,
  isAlarmsEvent,
  listAlarms,
  listAlarmSources,
  listDisasterRecoveryContacts,
  listEscalationPolicies,
  listSchedules,
  onCall,
  removeOverride,
  resolveAlarm,
  rotateAlarmSourceSecret,
  setAlarmRoute,
  setDisasterRecoveryContacts,
  writeRootCause,
} from '../../../core/alarms/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { EscalationStepInput, Resolvers } from '../generated.ts';
import { liveSubscription } from '../kit/live.ts';
import { batchLoader } from '../kit/loaders.ts';
import type { DomainEventModel } from '../directory/models.ts';
import { alarmSeverityEnum, escalationTargetTypeEnum, pageChannelEnum } from './models.ts';

function stepFromInput(step: EscalationStepInput) {
  const target =
    step.targetType === 'schedule'
      ? { type: 'schedule' as const, scheduleId: step.scheduleId ?? '' }
      : step.targetType === 'person'
        ? { type: 'person' as const, personId: step.personId ?? '' }
        : { type: 'channel' as const };
  return { target, waitMinutes: step.waitMinutes ?? undefined };
}

/** The names of the sources of every alarm in a response that came without one (a command's result), in one query. */
const sourceName = batchLoader(async ({ core, actor }, ids) => {
  const sources = await core.read(listAlarmSources, actor, { ids: [...ids] });
  return new Map(sources.map((source) => [source.id, source.name]));
});

export const alarmResolvers: Resolvers = {
  AlarmSeverity: alarmSeverityEnum,
  EscalationTargetType: escalationTargetTypeEnum,
  PageChannel: pageChannelEnum,

  Query: {
    alarms: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await core.read(listAlarms, actor, {
        states: filter?.states ?? undefined,
        severities: filter?.severities ?? undefined,
        sourceName: filter?.source ?? undefined,
        followUpOpen: filter?.followUpOpen ?? undefined,
        first: first ?? undefined,
        after: after ?? undefined,
      });
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    alarm: (_root, { id }, { core, actor }) => core.read(getAlarm, actor, { alarmId: id }),
    alarmSources: (_root, _args, { core, actor }) => core.read(listAlarmSources, actor, {}),
    schedules: (_root, _args, { core, actor }) => core.read(listSchedules, actor, {}),
    escalationPolicies: (_root, _args, { core, actor }) => core.read(listEscalationPolicies, actor, {}),
    onCall: (_root, { scheduleId, at }, { core, actor }) => core.read(onCall, actor, { scheduleId: scheduleId ?? undefined, at: at ?? undefined }),
    disasterRecoveryContacts: (_root, _args, { core, actor }) => core.read(listDisasterRecoveryContacts, actor, {}),
    notificationRules: (_root, { personId }, { core, actor }) => core.read(getNotificationRules, actor, { personId: personId ?? actor.id }),
  },

  Alarm: {
    source: async (alarm, _args, ctx) => alarm.sourceName ?? (await sourceName(ctx, alarm.sourceId)) ?? alarm.sourceId,
    acknowledgedBy: ({ acknowledgedByName }) => acknowledgedByName,
    escalationPolicy: ({ escalation }) => escalation,
    followUpOpen: (alarm) => followUpOpen(alarm),
    pages: ({ id }, _args, { core, actor }) => core.read(alarmPagesOf, actor, { alarmId: id }),
  },

  EscalationStep: {
    // codegen types a mapped enum's resolver result as null; the internal value is what Apollo maps.
    targetType: ({ target }) => target.type as never,
    scheduleId: ({ target }) => (target.type === 'schedule' ? target.scheduleId : null),
    personId: ({ target }) => (target.type === 'person' ? target.personId : null),
  },

  Mutation: {
    setNotificationRules: (_root, { input }, { core, actor }) =>
      core.execute(setNotificationRules, actor, { personId: input.personId ?? actor.id, steps: input.steps ?? null }),
    acknowledgeAlarm: (_root, { id }, { core, actor }) => core.execute(acknowledgeAlarm, actor, { alarmId: id }),
    escalateAlarm: (_root, { id }, { core, actor }) => core.execute(escalateAlarm, actor, { alarmId: id }),
    resolveAlarm: (_root, { id, rootCause }, { core, actor }) =>
      core.execute(resolveAlarm, actor, { alarmId: id, rootCause: rootCause ?? undefined }),
    writeRootCause: (_root, { id, rootCause }, { core, actor }) => core.execute(writeRootCause, actor, { alarmId: id, rootCause }),
    createAlarmSource: async (_root, { name }, { core, actor }) => {
      const { secret, ...source } = await core.execute(createAlarmSource, actor, { name });
      return { source, secret };
    },
    rotateAlarmSourceSecret: async (_root, { name }, { core, actor }) => {
      const { secret, ...source } = await core.execute(rotateAlarmSourceSecret, actor, { name });
      return { source, secret };
    },
    // A schedule just made has no overrides yet.
    createSchedule: async (_root, { input }, { core, actor }) => ({
      ...(await core.execute(createSchedule, actor, {
        ...input,
        handoffTime: input.handoffTime ?? undefined,
        shiftDays: input.shiftDays ?? undefined,
      })),
      overrides: [],
    }),
    addOverride: (_root, { input }, { core, actor }) => core.execute(addOverride, actor, input),
    removeOverride: (_root, { id }, { core, actor }) => core.execute(removeOverride, actor, { overrideId: id }),
    createEscalationPolicy: (_root, { input }, { core, actor }) =>
      core.execute(createEscalationPolicy, actor, {
        name: input.name,
        steps: input.steps.map(stepFromInput),
        repeat: input.repeat ?? undefined,
      }),
    setAlarmRoute: (_root, { input }, { core, actor }) =>
      core.execute(setAlarmRoute, actor, {
        sourceName: input.source ?? undefined,
        service: input.service ?? undefined,
        policyId: input.policyId,
      }),
    setDisasterRecoveryContacts: (_root, { personIds }, { core, actor }) =>
      core.execute(setDisasterRecoveryContacts, actor, { personIds }),
  },

  Subscription: {
    /** Every event of the alarms capability, as it was published (schema.graphql's `DomainEvent`). */
    alarmEvents: {
      subscribe: (_root, _args, ctx) =>
        liveSubscription(ctx, {
          subject: async (actor) => (await ctx.core.read(followAlarms, actor, {})).stillAllowed,
          topic: isAlarmsEvent,
        }),
      resolve: (event: DomainEvent): DomainEventModel => event,
    },
  },
};
