/** Alarms and on-call over GraphQL: each resolver calls one core query or command. */
import { eq } from 'drizzle-orm';
import {
  acknowledgeAlarm,
  addOverride,
  createAlarmSource,
  createEscalationPolicy,
  createSchedule,
  escalateAlarm,
  removeOverride,
  resolveAlarm,
  rotateAlarmSourceSecret,
  setAlarmRoute,
  setDisasterRecoveryContacts,
  writeRootCause,
} from '../../../core/alarms/index.ts';
import { authorizeAlarms } from '../../../core/alarms/policy.ts';
import {
  getAlarm,
  listAlarms,
  listAlarmSources,
  listDisasterRecoveryContacts,
  listEscalationPolicies,
  listSchedules,
  onCall,
} from '../../../core/alarms/queries.ts';
import { alarmSources, onCallOverrides } from '../../../db/schema.ts';
import { ALARM_EVENT_TYPES } from '../../../core/alarms/events.ts';
import { liveSubscription } from '../kit/live.ts';
import type { EscalationStepInput, Resolvers } from '../generated.ts';
import { alarmSeverityEnum, escalationTargetTypeEnum } from './models.ts';

/** Subjects whose events the `alarmEvents` subscription carries. */
function stepFromInput(step: EscalationStepInput) {
  const target =
    step.targetType === 'schedule'
      ? { type: 'schedule' as const, scheduleId: step.scheduleId ?? '' }
      : step.targetType === 'person'
        ? { type: 'person' as const, personId: step.personId ?? '' }
        : { type: 'channel' as const };
  return { target, waitMinutes: step.waitMinutes ?? undefined };
}

export const alarmResolvers: Resolvers = {
  AlarmSeverity: alarmSeverityEnum,
  EscalationTargetType: escalationTargetTypeEnum,

  Query: {
    alarms: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await listAlarms(
        core.database.db,
        actor,
        {
          states: filter?.states ?? undefined,
          severities: filter?.severities ?? undefined,
          sourceName: filter?.source ?? undefined,
          followUpOpen: filter?.followUpOpen ?? undefined,
        },
        Math.min(Math.max(first ?? 50, 1), 200),
        after ?? undefined,
      );
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    alarm: (_root, { id }, { core, actor }) => getAlarm(core.database.db, actor, id),
    alarmSources: (_root, _args, { core, actor }) => listAlarmSources(core.database.db, actor),
    schedules: (_root, _args, { core, actor }) => listSchedules(core.database.db, actor),
    escalationPolicies: (_root, _args, { core, actor }) => listEscalationPolicies(core.database.db, actor),
    onCall: (_root, { scheduleId, at }, { core, actor }) => onCall(core.database.db, actor, scheduleId ?? undefined, at ?? core.clock.now()),
    disasterRecoveryContacts: (_root, _args, { core, actor }) => listDisasterRecoveryContacts(core.database.db, actor),
  },

  Alarm: {
    source: async ({ sourceId }, _args, { core }) => {
      const [source] = await core.database.db.select({ name: alarmSources.name }).from(alarmSources).where(eq(alarmSources.id, sourceId));
      return source?.name ?? sourceId;
    },
    acknowledgedBy: ({ acknowledgedByName }) => acknowledgedByName,
    escalationPolicy: ({ escalation }) => escalation,
    followUpOpen: ({ state, rootCause }) => state === 'RESOLVED' && rootCause === null,
  },

  Schedule: {
    overrides: async (schedule, _args, { core }) =>
      schedule.overrides ?? core.database.db.select().from(onCallOverrides).where(eq(onCallOverrides.scheduleId, schedule.id)),
  },

  EscalationStep: {
    // codegen types a mapped enum's resolver result as null; the internal value is what Apollo maps.
    targetType: ({ target }) => target.type as never,
    scheduleId: ({ target }) => (target.type === 'schedule' ? target.scheduleId : null),
    personId: ({ target }) => (target.type === 'person' ? target.personId : null),
  },

  Mutation: {
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
    createSchedule: (_root, { input }, { core, actor }) =>
      core.execute(createSchedule, actor, {
        ...input,
        handoffTime: input.handoffTime ?? undefined,
        shiftDays: input.shiftDays ?? undefined,
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
    alarmEvents: {
      subscribe: (_root, _args, ctx) =>
        liveSubscription(ctx, {
          subject: () => (actor) => authorizeAlarms(actor, 'alarm.read'),
          topic: (event) => ALARM_EVENT_TYPES.has(event.type),
        }),
      resolve: (event: unknown) => event as never,
    },
  },
};
