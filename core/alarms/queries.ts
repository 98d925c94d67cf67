/**
 * Reads of alarms and on-call, run with the actor they are for (`core.read(query, actor, input)`)
 * and authorised by the capability's policy: client people are told there is no such thing.
 *
 * The read models doors render live here too: an alarm's card (with its source's name and the people
 * it pages, and where Slack reaches them), a responder's App Home section, the choice behind
 * Resolve, who is on call with their names, and what the `alarmEvents` stream follows.
 */
import { and, arrayContains, asc, desc, eq, getTableColumns, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { alarms, alarmSources, disasterRecoveryContacts, escalationPolicies, ALARM_SEVERITIES, ALARM_STATES, type EscalationPolicyRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { cursorCodec } from '../cursor.ts';
import { secretMatches } from '../directory/index.ts';
import { isUuid, uuidSchema } from '../directory/index.ts';
import { personRefs, slackIdSchema, slackUsers } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import { defineQuery, type Followed } from '../query.ts';
import { sourceNameSchema } from './internal/lookups.ts';
import { onCallShifts, peopleOnCallNow, schedulesWithOverrides } from './internal/oncall.ts';
import { describeTaken, type AlarmCardView, type AlarmsHomeView, type AlarmView, type OnCallView, type ScheduleView, type ShiftView } from './model.ts';
import { alarmPolicy, ALARM, ALARM_SOURCE, DR_CONTACTS, ESCALATION_POLICY, SCHEDULE, type AlarmAction, type AlarmSubject } from './policy.ts';
import type { Shift } from './rotation.ts';

const idInput = z.string().max(100);

/** An alarm row with its source's name, in one statement. */
const viewsOf = (db: Queryable) =>
  db
    .select({ ...getTableColumns(alarms), sourceName: alarmSources.name })
    .from(alarms)
    .innerJoin(alarmSources, eq(alarmSources.id, alarms.sourceId));

/** The alarm, for an actor who may do `action` with alarms; NOT_FOUND when there is no such alarm. */
async function alarmFor(db: Queryable, actor: Actor, action: AlarmAction, alarmId: string): Promise<AlarmView> {
  alarmPolicy.authorize(actor, action, ALARM);
  const [view] = isUuid(alarmId) ? await viewsOf(db).where(eq(alarms.id, alarmId)) : [];
  if (!view) throw alarmPolicy.notFound(ALARM);
  return view;
}

/** Newest first: the position is the last alarm's trigger time and id. */
const alarmCursor = cursorCodec('alarms', z.object({ triggeredAt: instantSchema, id: uuidSchema }).strict());

export interface AlarmPage {
  nodes: AlarmView[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A page of alarms, newest first. */
export const listAlarms = defineQuery({
  name: 'listAlarms',
  input: z.object({
    states: z.array(z.enum(ALARM_STATES)).optional(),
    severities: z.array(z.enum(ALARM_SEVERITIES)).optional(),
    /** The source's name. */
    sourceName: z.string().max(1000).optional(),
    /** Only resolved alarms still waiting for a root cause. */
    followUpOpen: z.boolean().optional(),
    /** Between 1 and 200; anything outside is taken as the nearest. */
    first: z
      .number()
      .int()
      .default(50)
      .transform((n) => Math.min(Math.max(n, 1), 200)),
    after: z.string().optional(),
  }),
  async run({ db, actor }, filter): Promise<AlarmPage> {
    // Input first, as a command's schema is checked before its policy: a bad cursor is bad whoever sends it.
    const cursor = filter.after ? alarmCursor.decode(filter.after) : undefined;
    alarmPolicy.authorize(actor, 'alarm.read', ALARM);
    const where: SQL[] = [];
    if (filter.states?.length) where.push(inArray(alarms.state, filter.states));
    if (filter.severities?.length) where.push(inArray(alarms.severity, filter.severities));
    if (filter.followUpOpen) where.push(and(eq(alarms.state, 'RESOLVED'), isNull(alarms.rootCause))!);
    if (filter.sourceName !== undefined) where.push(eq(alarmSources.name, filter.sourceName));
    if (cursor) {
      where.push(or(lt(alarms.triggeredAt, cursor.triggeredAt), and(eq(alarms.triggeredAt, cursor.triggeredAt), lt(alarms.id, cursor.id)))!);
    }
    const rows = await viewsOf(db)
      .where(and(...where))
      .orderBy(desc(alarms.triggeredAt), desc(alarms.id))
      .limit(filter.first + 1);
    const nodes = rows.slice(0, filter.first);
    const last = nodes.at(-1);
    return { nodes, hasNextPage: rows.length > filter.first, endCursor: last ? alarmCursor.encode({ triggeredAt: last.triggeredAt, id: last.id }) : null };
  },
});

export const getAlarm = defineQuery({
  name: 'getAlarm',
  input: z.object({ alarmId: idInput }),
  async run({ db, actor }, { alarmId }): Promise<AlarmView> {
    return alarmFor(db, actor, 'alarm.read', alarmId);
  },
});

/**
 * The on-call channel's card of an alarm: the alarm with its source's name, and the people its
 * current step pages, with their names and the Slack user each is reached at in `teamId` (the
 * provider's). For opsdesk's own doors (the Slack notifier), which address people in Slack.
 */
export const alarmCard = defineQuery({
  name: 'alarmCard',
  input: z.object({ alarmId: idInput, teamId: slackIdSchema }),
  async run(ctx, { alarmId, teamId }): Promise<AlarmCardView> {
    const alarm = await alarmFor(ctx.db, ctx.actor, 'alarm.read', alarmId);
    if (alarm.paged.length === 0) return { alarm, paged: [] };
    const [names, reach] = await Promise.all([personRefs.run(ctx, { ids: alarm.paged }), slackUsers.run(ctx, { teamId, personIds: alarm.paged })]);
    const nameOf = new Map(names.map((p) => [p.id, p.name]));
    return { alarm, paged: alarm.paged.map((id) => ({ id, name: nameOf.get(id) ?? id, slackUserId: reach.get(id) ?? null })) };
  },
});

const HOME_ROWS = 15;

/**
 * A responder's part of App Home: the open alarms paging them now (newest first) and the resolved
 * alarms still waiting for a root cause (latest first). Null for anyone who does not answer alarms.
 */
export const alarmsHome = defineQuery({
  name: 'alarmsHome',
  input: z.object({}),
  async run({ db, actor }): Promise<AlarmsHomeView | null> {
    if (actor.type !== 'person' || !alarmPolicy.may(actor, 'alarm.respond', ALARM)) return null;
    const [paging, followUps] = await Promise.all([
      viewsOf(db)
        .where(and(ne(alarms.state, 'RESOLVED'), arrayContains(alarms.paged, [actor.id])))
        .orderBy(desc(alarms.triggeredAt))
        .limit(HOME_ROWS),
      viewsOf(db)
        .where(and(eq(alarms.state, 'RESOLVED'), isNull(alarms.rootCause)))
        .orderBy(desc(alarms.resolvedAt))
        .limit(HOME_ROWS),
    ]);
    return { paging, followUps };
  },
});

/** The alarm Resolve is about to ask a root cause for: refused, before the modal opens, to whoever may not resolve it or when it is already resolved. */
export const alarmToResolve = defineQuery({
  name: 'alarmToResolve',
  input: z.object({ alarmId: idInput }),
  async run({ db, actor }, { alarmId }): Promise<AlarmView> {
    const alarm = await alarmFor(db, actor, 'alarm.respond', alarmId);
    if (alarm.state === 'RESOLVED') throw new OpsdeskError('INVALID_TRANSITION', `this alarm was ${describeTaken(alarm)}`);
    return alarm;
  },
});

/** Every alarm event, for as long as the actor may see alarms (the `alarmEvents` stream). */
export const followAlarms = defineQuery({
  name: 'followAlarms',
  input: z.object({}),
  async run({ actor }): Promise<Followed<AlarmSubject>> {
    return alarmPolicy.follow(actor, 'alarm.read', ALARM);
  },
});

export const listSchedules = defineQuery({
  name: 'listSchedules',
  input: z.object({}),
  async run({ db, actor }): Promise<ScheduleView[]> {
    alarmPolicy.authorize(actor, 'alarm.read', SCHEDULE);
    return schedulesWithOverrides(db);
  },
});

export const listEscalationPolicies = defineQuery({
  name: 'listEscalationPolicies',
  input: z.object({}),
  async run({ db, actor }): Promise<EscalationPolicyRow[]> {
    alarmPolicy.authorize(actor, 'alarm.read', ESCALATION_POLICY);
    return db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.name));
  },
});

export interface AlarmSourceView {
  id: string;
  name: string;
  createdAt: Date;
}

/** The alarm sources (never their secrets' hashes), by name; only those named by `ids` when given. */
export const listAlarmSources = defineQuery({
  name: 'listAlarmSources',
  input: z.object({ ids: z.array(idInput).max(1000).optional() }),
  async run({ db, actor }, { ids }): Promise<AlarmSourceView[]> {
    alarmPolicy.authorize(actor, 'alarm.read', ALARM_SOURCE);
    const wanted = ids?.filter(isUuid);
    if (wanted && wanted.length === 0) return [];
    return db
      .select({ id: alarmSources.id, name: alarmSources.name, createdAt: alarmSources.createdAt })
      .from(alarmSources)
      .where(wanted ? inArray(alarmSources.id, wanted) : undefined)
      .orderBy(asc(alarmSources.name));
  },
});

/** Person ids paged when an alarm is still open two hours after it triggered. */
export const listDisasterRecoveryContacts = defineQuery({
  name: 'listDisasterRecoveryContacts',
  input: z.object({}),
  async run({ db, actor }): Promise<string[]> {
    alarmPolicy.authorize(actor, 'alarm.read', DR_CONTACTS);
    return (await db.select().from(disasterRecoveryContacts)).map((r) => r.personId);
  },
});

/** Who is on call at `at` (default now) in one schedule, or in each (oldest first): now and next, with their names. */
export const onCall = defineQuery({
  name: 'onCall',
  input: z.object({ scheduleId: idInput.optional(), at: instantSchema.optional() }),
  async run(ctx, { scheduleId, at }): Promise<OnCallView[]> {
    alarmPolicy.authorize(ctx.actor, 'alarm.read', SCHEDULE);
    if (scheduleId !== undefined && !isUuid(scheduleId)) throw alarmPolicy.notFound(SCHEDULE);
    const answers = await onCallShifts(ctx.db, scheduleId, at ?? ctx.now);
    if (scheduleId && answers.length === 0) throw alarmPolicy.notFound(SCHEDULE);
    const ids = answers.flatMap((a) => [a.now?.personId, a.next?.personId]).filter((id): id is string => Boolean(id));
    const names = new Map((await personRefs.run(ctx, { ids })).map((p) => [p.id, p.name]));
    const named = (shift: Shift | undefined): ShiftView | undefined => shift && { ...shift, name: names.get(shift.personId) ?? null };
    return answers.map(({ schedule, now, next }) => ({ schedule, now: named(now), next: named(next) }));
  },
});

/**
 * Who to reach when someone must be on call now (another capability pages them: a client's URGENT
 * ticket): whoever the rotations have on call at `at` (one person per schedule, deduplicated), or,
 * before any rotation has anyone, the provider's members with the `oncall` role.
 */
export const peopleOnCall = defineQuery({
  name: 'peopleOnCall',
  input: z.object({ at: instantSchema.optional() }),
  async run({ db, actor, now }, { at }): Promise<string[]> {
    alarmPolicy.authorize(actor, 'alarm.read', SCHEDULE);
    return peopleOnCallNow(db, at ?? now);
  },
});

/**
 * The source a webhook names, when the presented secret is its own; null otherwise (never saying
 * which was wrong). For the webhook door's own system actor, before it knows who is sending.
 */
export const authenticateAlarmSource = defineQuery({
  name: 'authenticateAlarmSource',
  input: z.object({ name: z.string(), secret: z.string().optional() }),
  async run({ db, actor }, { name, secret }): Promise<AlarmSourceView | null> {
    alarmPolicy.authorize(actor, 'alarm.ingest', ALARM_SOURCE);
    if (!secret || secret.length > 200) return null;
    const parsed = sourceNameSchema.safeParse(name);
    if (!parsed.success) return null;
    const [source] = await db.select().from(alarmSources).where(eq(alarmSources.name, parsed.data));
    if (!source) return null;
    if (!secretMatches(secret, source.secretHash)) return null;
    return { id: source.id, name: source.name, createdAt: source.createdAt };
  },
});
