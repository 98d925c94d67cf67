/**
 * Managing on-call: schedules (rotations), overrides, escalation policies, routes from a
 * source/service to a policy, and the disaster-recovery contacts. Provider admins and the system.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { alarmRoutes, alarmSources, disasterRecoveryContacts, escalationPolicies, onCallOverrides, onCallSchedules } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { nameSchema, uuidSchema } from '../directory/index.ts';
import { calendarDateSchema, instantSchema } from '../input.ts';
import { AlarmRouteEvents, DisasterRecoveryEvents, EscalationPolicyEvents, ScheduleEvents } from './events.ts';
import { DEFAULT_WAIT_MINUTES } from './internal/escalation.ts';
import { requireProviderPeople, sourceNameSchema } from './internal/lookups.ts';
import { alarmPolicy, ALARM_ROUTE, ALARM_SOURCE, DR_CONTACTS, ESCALATION_POLICY, OVERRIDE, SCHEDULE } from './policy.ts';
import { isValidTimeZone } from './rotation.ts';

export const createSchedule = defineCommand({
  name: 'createSchedule',
  input: z.object({
    name: nameSchema,
    timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone name, e.g. Europe/Stockholm (fixed offsets: Etc/GMT-14 to Etc/GMT+12)'),
    startDate: calendarDateSchema,
    handoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM').default('09:00'),
    shiftDays: z.number().int().min(1).max(366).default(7),
    members: z.array(uuidSchema).min(1, 'a rotation needs at least one member').max(100),
  }),
  async run(ctx, input) {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', SCHEDULE);
    await requireProviderPeople(ctx.tx, input.members, 'members');
    const [taken] = await ctx.tx.select({ id: onCallSchedules.id }).from(onCallSchedules).where(eq(onCallSchedules.name, input.name));
    if (taken) throw new OpsdeskError('CONFLICT', `a schedule named ${input.name} already exists`);
    const [schedule] = await ctx.tx.insert(onCallSchedules).values(input).returning();
    await ctx.record(ScheduleEvents.created(schedule!, { ...input }));
    return schedule!;
  },
});

export const addOverride = defineCommand({
  name: 'addOverride',
  input: z
    .object({ scheduleId: uuidSchema, personId: uuidSchema, startsAt: instantSchema, endsAt: instantSchema })
    .refine((o) => o.endsAt > o.startsAt, { message: 'must be after startsAt', path: ['endsAt'] }),
  async run(ctx, input) {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', SCHEDULE);
    const [schedule] = await ctx.tx.select().from(onCallSchedules).where(eq(onCallSchedules.id, input.scheduleId));
    if (!schedule) throw alarmPolicy.notFound(SCHEDULE);
    await requireProviderPeople(ctx.tx, [input.personId], 'personId');
    const [override] = await ctx.tx.insert(onCallOverrides).values(input).returning();
    await ctx.record(
      ScheduleEvents.overrideAdded(schedule, {
        overrideId: override!.id,
        personId: input.personId,
        startsAt: input.startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
      }),
    );
    return override!;
  },
});

export const removeOverride = defineCommand({
  name: 'removeOverride',
  input: z.object({ overrideId: uuidSchema }),
  async run(ctx, input) {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', OVERRIDE);
    const [removed] = await ctx.tx.delete(onCallOverrides).where(eq(onCallOverrides.id, input.overrideId)).returning();
    if (!removed) throw alarmPolicy.notFound(OVERRIDE);
    await ctx.record(ScheduleEvents.overrideRemoved({ id: removed.scheduleId }, { overrideId: removed.id, personId: removed.personId }));
    return removed;
  },
});

const stepSchema = z.object({
  target: z.discriminatedUnion('type', [
    z.object({ type: z.literal('schedule'), scheduleId: uuidSchema }),
    z.object({ type: z.literal('person'), personId: uuidSchema }),
    z.object({ type: z.literal('channel') }),
  ]),
  waitMinutes: z.number().int().min(1).max(24 * 60).default(DEFAULT_WAIT_MINUTES),
});

export const createEscalationPolicy = defineCommand({
  name: 'createEscalationPolicy',
  input: z.object({
    name: nameSchema,
    steps: z.array(stepSchema).min(1, 'a policy needs at least one step').max(20),
    repeat: z.number().int().min(0).max(10).default(0),
  }),
  async run(ctx, input) {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', ESCALATION_POLICY);
    const scheduleIds = input.steps.flatMap((s) => (s.target.type === 'schedule' ? [s.target.scheduleId] : []));
    if (scheduleIds.length > 0) {
      const found = await ctx.tx.select({ id: onCallSchedules.id }).from(onCallSchedules).where(inArray(onCallSchedules.id, scheduleIds));
      if (found.length !== new Set(scheduleIds).size) throw new OpsdeskError('INVALID_INPUT', 'steps: a step names a schedule that does not exist', { fields: { steps: 'unknown schedule' } });
    }
    await requireProviderPeople(ctx.tx, input.steps.flatMap((s) => (s.target.type === 'person' ? [s.target.personId] : [])), 'steps');
    const [taken] = await ctx.tx.select({ id: escalationPolicies.id }).from(escalationPolicies).where(eq(escalationPolicies.name, input.name));
    if (taken) throw new OpsdeskError('CONFLICT', `an escalation policy named ${input.name} already exists`);
    const [policy] = await ctx.tx.insert(escalationPolicies).values(input).returning();
    await ctx.record(EscalationPolicyEvents.created(policy!, { ...input }));
    return policy!;
  },
});

/** Route alarms of a source and/or service to a policy; setting the same match again moves it. */
export const setAlarmRoute = defineCommand({
  name: 'setAlarmRoute',
  input: z.object({
    sourceName: sourceNameSchema.optional(),
    service: z.string().trim().min(1).max(200).optional(),
    policyId: uuidSchema,
  }),
  async run(ctx, input) {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', ALARM_ROUTE);
    const [policy] = await ctx.tx.select().from(escalationPolicies).where(eq(escalationPolicies.id, input.policyId));
    if (!policy) throw alarmPolicy.notFound(ESCALATION_POLICY);
    let sourceId: string | null = null;
    if (input.sourceName) {
      const [source] = await ctx.tx.select().from(alarmSources).where(eq(alarmSources.name, input.sourceName));
      if (!source) throw alarmPolicy.notFound(ALARM_SOURCE);
      sourceId = source.id;
    }
    const service = input.service ?? null;
    const match = and(sourceId ? eq(alarmRoutes.sourceId, sourceId) : isNull(alarmRoutes.sourceId), service ? eq(alarmRoutes.service, service) : isNull(alarmRoutes.service));
    const [previous] = await ctx.tx.select().from(alarmRoutes).where(match).for('update');
    const [route] = previous
      ? await ctx.tx.update(alarmRoutes).set({ policyId: policy.id }).where(eq(alarmRoutes.id, previous.id)).returning()
      : await ctx.tx.insert(alarmRoutes).values({ sourceId, service, policyId: policy.id }).returning();
    await ctx.record(
      AlarmRouteEvents.set(route!, { sourceName: input.sourceName ?? null, service, policyId: policy.id, previousPolicyId: previous?.policyId ?? null }),
    );
    return route!;
  },
});

/** Who is paged when an alarm is still open two hours after it triggered; replaces the list. */
export const setDisasterRecoveryContacts = defineCommand({
  name: 'setDisasterRecoveryContacts',
  input: z.object({ personIds: z.array(uuidSchema).max(50) }),
  async run(ctx, input) {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', DR_CONTACTS);
    const personIds = [...new Set(input.personIds)];
    await requireProviderPeople(ctx.tx, personIds, 'personIds');
    const previous = (await ctx.tx.select().from(disasterRecoveryContacts)).map((r) => r.personId);
    await ctx.tx.delete(disasterRecoveryContacts);
    if (personIds.length > 0) await ctx.tx.insert(disasterRecoveryContacts).values(personIds.map((personId) => ({ personId })));
    await ctx.record(DisasterRecoveryEvents.contactsSet('contacts', { personIds, previous }));
    return personIds;
  },
});
