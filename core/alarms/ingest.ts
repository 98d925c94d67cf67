/**
 * Ingest: one webhook request's alarms (or several requests', of one source or several, committed
 * together) in one transaction, consecutive firing alarms in one upsert. A firing alarm that is already open
 * (same source and fingerprint) folds into it: its count and last-seen time go up and nobody is
 * paged again. The partial unique index on open alarms and `insert ... on conflict do update`
 * make folding race-free when identical webhooks arrive at once.
 */
import { and, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { alarms, alarmSources, ALARM_SEVERITIES, type AlarmRow, type EscalationSnapshot, type PagingHoldRow } from '../../db/schema.ts';
import { activeHolds, holdFor } from './holds.ts';
import { defineCommand, type Change, type CommandContext, type TimerRequest } from '../command.ts';
import { uuidSchema } from '../directory/index.ts';
import { instantSchema } from '../input.ts';
import { AlarmEvents, StrayResolutionEvents } from './events.ts';
import {
  DISASTER_RECOVERY_AFTER_MS,
  DISASTER_RECOVERY_TIMER,
  disasterRecoveryKey,
  ESCALATION_TIMER,
  escalationKey,
  planStep,
  snapshotPolicy,
  stepPaged,
  timersOf,
} from './internal/escalation.ts';
import { alarmPolicy, ALARM_SOURCE } from './policy.ts';

/**
 * Look-ups shared by the alarms of one request (an Alertmanager group): the routed policy per
 * service and who is on call per schedule are the same for all of them within one transaction.
 */
interface BatchCache {
  snapshots: Map<string, Promise<EscalationSnapshot>>;
  onCall: Map<string, Promise<string[]>>;
  /** The paging holds (maintenance windows) in force, read once per transaction. */
  holds?: Promise<PagingHoldRow[]>;
}

export const incomingAlarmSchema = z.object({
  fingerprint: z.string().trim().min(1).max(500),
  summary: z.string().trim().min(1).max(1000),
  severity: z.enum(ALARM_SEVERITIES),
  service: z.string().trim().min(1).max(200).nullish(),
  details: z.record(z.unknown()).default({}),
  status: z.enum(['firing', 'resolved']),
  /** When the source saw it; kept in the details (opsdesk's own clock decides the timers). */
  time: instantSchema.nullish(),
});
export type IncomingAlarm = z.input<typeof incomingAlarmSchema>;

export interface IngestOutcome {
  alarmId: string | null;
  fingerprint: string;
  outcome: 'triggered' | 'folded' | 'resolved' | 'unmatched';
  count: number;
}

const MAX_ALARMS_PER_COMMAND = 1000;

/** One webhook request's alarms, when several requests (of one source or several) are committed together. */
const deliverySchema = z.object({
  sourceId: uuidSchema,
  requestId: z.string().min(1).max(200),
  /** The sender as the door authenticated it (`alarm source prometheus`): its events' audit actor. */
  actorName: z.string().min(1).max(300),
  alarms: z.array(incomingAlarmSchema).min(1).max(MAX_ALARMS_PER_COMMAND),
});

export const ingestAlarms = defineCommand({
  name: 'ingestAlarms',
  input: z.union([
    z
      .object({
        sourceId: uuidSchema,
        alarms: z.array(incomingAlarmSchema).min(1).max(MAX_ALARMS_PER_COMMAND),
        /** One per alarm, when the alarms come from several webhook requests committed together. */
        requestIds: z.array(z.string().min(1).max(200)).optional(),
      })
      .refine((input) => !input.requestIds || input.requestIds.length === input.alarms.length, {
        message: 'give one request id per alarm',
        path: ['requestIds'],
      }),
    z
      .object({ deliveries: z.array(deliverySchema).min(1).max(MAX_ALARMS_PER_COMMAND) })
      .refine((input) => input.deliveries.reduce((n, d) => n + d.alarms.length, 0) <= MAX_ALARMS_PER_COMMAND, {
        message: `at most ${MAX_ALARMS_PER_COMMAND} alarms in all`,
        path: ['deliveries'],
      }),
  ]),
  async run(ctx, input): Promise<IngestOutcome[]> {
    alarmPolicy.authorize(ctx.actor, 'alarm.ingest', ALARM_SOURCE);
    const arrived: Array<{ sourceId: string; alarm: Parsed; by: Occurrence['by'] }> =
      'deliveries' in input
        ? input.deliveries.flatMap((d) => d.alarms.map((alarm) => ({ sourceId: d.sourceId, alarm, by: { requestId: d.requestId, actorName: d.actorName } })))
        : input.alarms.map((alarm, i) => ({ sourceId: input.sourceId, alarm, by: { requestId: input.requestIds?.[i] } }));
    const sourceIds = [...new Set(arrived.map((a) => a.sourceId))];
    const found = await ctx.tx.select().from(alarmSources).where(inArray(alarmSources.id, sourceIds));
    const sources = new Map(found.map((source) => [source.id, { id: source.id, name: source.name }]));
    if (sources.size !== sourceIds.length) throw alarmPolicy.notFound(ALARM_SOURCE);
    const outcomes: IngestOutcome[] = [];
    const cache: BatchCache = { snapshots: new Map(), onCall: new Map() };
    // Consecutive firing alarms are written together, of every source; a resolution ends such a
    // run, so the alarms mean what they would one after the other.
    let firing: Occurrence[] = [];
    const fireWaiting = async () => {
      outcomes.push(...(await fireAll(ctx, cache, firing)));
      firing = [];
    };
    for (const { sourceId, alarm, by } of arrived) {
      const occurrence: Occurrence = { alarm, source: sources.get(sourceId)!, by };
      if (alarm.status === 'firing') {
        firing.push(occurrence);
        continue;
      }
      await fireWaiting();
      outcomes.push(await resolveFromSource(ctx, occurrence));
    }
    await fireWaiting();
    return outcomes;
  },
});

/** One alarm as it came: from which source, and for which request and sender its events are recorded. */
interface Occurrence {
  alarm: Parsed;
  source: { id: string; name: string };
  by: { requestId?: string; actorName?: string };
}

/** The events' options: the request and the sender, when the transaction serves several. */
const recordedFor = ({ requestId, actorName }: Occurrence['by']) => ({ ...(requestId ? { requestId } : {}), ...(actorName ? { actorName } : {}) });

type Parsed = z.output<typeof incomingAlarmSchema>;

/**
 * Fire a run of alarms in one upsert. Repeats of one fingerprint within the run fold as they would
 * one after the other: the first occurrence opens the alarm (or folds into the open one), each later
 * one folds, and the alarm ends with the latest occurrence's summary, severity and details. Each
 * occurrence keeps its own audit event and outcome.
 */
async function fireAll(ctx: CommandContext, cache: BatchCache, run: Occurrence[]): Promise<IngestOutcome[]> {
  if (run.length === 0) return [];
  // An alarm is one source's fingerprint: the same fingerprint of two sources is two alarms.
  const byAlarm = new Map<string, Array<Occurrence & { index: number }>>();
  run.forEach((occurrence, index) => {
    const key = alarmKey(occurrence.source.id, occurrence.alarm.fingerprint);
    const list = byAlarm.get(key) ?? [];
    list.push({ ...occurrence, index });
    byAlarm.set(key, list);
  });

  const rows = await Promise.all(
    [...byAlarm.values()].map(async (occurrences) => {
      const first = occurrences[0]!.alarm;
      const latest = occurrences[occurrences.length - 1]!.alarm;
      const sourceId = occurrences[0]!.source.id;
      const service = first.service ?? null;
      const escalation = await routed(ctx, cache, sourceId, service);
      cache.holds ??= activeHolds(ctx.tx, ctx.now);
      const hold = holdFor(await cache.holds, occurrences[0]!.source.name, service);
      // Planned before the insert so that a new alarm is written whole in one statement; a fold ignores it.
      // A held alarm pages nobody until its hold is over (holds.ts).
      const paging = hold ? { step: 0, paged: [], channel: false, nextAt: null } : await planStep(ctx.tx, ctx.now, escalation, 0, cache.onCall);
      return {
        paging,
        escalation,
        hold,
        values: {
          sourceId,
          fingerprint: first.fingerprint,
          summary: latest.summary,
          severity: latest.severity,
          service,
          details: detailsOf(latest),
          count: occurrences.length,
          triggeredAt: ctx.now,
          lastSeenAt: ctx.now,
          escalation,
          escalationStep: 0,
          paged: paging.paged,
          pagingHeldBy: hold?.id ?? null,
        },
      };
    }),
  );

  const written = await ctx.tx
    .insert(alarms)
    .values(rows.map((r) => r.values))
    .onConflictDoUpdate({
      target: [alarms.sourceId, alarms.fingerprint],
      targetWhere: ne(alarms.state, 'RESOLVED'),
      set: {
        count: sql`${alarms.count} + excluded.count`,
        lastSeenAt: sql`excluded.last_seen_at`,
        summary: sql`excluded.summary`,
        severity: sql`excluded.severity`,
        details: sql`excluded.details`,
      },
    })
    // xmax is 0 on a freshly inserted row version and set on one written by the conflict's update.
    .returning({ ...getTableColumns(alarms), inserted: sql<boolean>`(xmax = 0)` });
  const writtenBy = new Map(written.map((row) => [alarmKey(row.sourceId, row.fingerprint), row as AlarmRow & { inserted: boolean }]));

  const timers: TimerRequest[] = [];
  const outcomes: IngestOutcome[] = new Array(run.length);
  const changes: Array<{ index: number; change: Change }> = [];
  for (const [i, occurrences] of [...byAlarm.values()].entries()) {
    const { paging, escalation, hold } = rows[i]!;
    const { inserted, ...alarm } = writtenBy.get(alarmKey(occurrences[0]!.source.id, occurrences[0]!.alarm.fingerprint))!;
    const sourceName = occurrences[0]!.source.name;
    // The count before this run: a new alarm starts at 0 and its first occurrence makes it 1.
    const before = alarm.count - occurrences.length;
    occurrences.forEach(({ index, by }, k) => {
      const count = before + k + 1;
      if (inserted && k === 0) {
        changes.push({
          index,
          change: AlarmEvents.triggered(
            alarm,
            {
              source: sourceName,
              fingerprint: alarm.fingerprint,
              summary: occurrences[0]!.alarm.summary,
              severity: occurrences[0]!.alarm.severity,
              service: alarm.service,
              policy: escalation.name,
              ...stepPaged(paging),
              ...(hold ? { pagingHeldBy: { id: hold.id, label: hold.label } } : {}),
            },
            recordedFor(by),
          ),
        });
        outcomes[index] = { alarmId: alarm.id, fingerprint: alarm.fingerprint, outcome: 'triggered', count };
        return;
      }
      changes.push({
        index,
        change: AlarmEvents.folded(alarm, { count, lastSeenAt: alarm.lastSeenAt.toISOString(), source: sourceName }, recordedFor(by)),
      });
      outcomes[index] = { alarmId: alarm.id, fingerprint: alarm.fingerprint, outcome: 'folded', count };
    });
    // A held alarm's escalation and two-hour clock start when its hold is over (holds.ts).
    if (!inserted || hold) continue;
    if (paging.nextAt) {
      timers.push({ kind: ESCALATION_TIMER, key: escalationKey(alarm.id), dueAt: paging.nextAt, payload: { alarmId: alarm.id, step: paging.step + 1 } });
    }
    timers.push({
      kind: DISASTER_RECOVERY_TIMER,
      key: disasterRecoveryKey(alarm.id),
      dueAt: new Date(alarm.triggeredAt.getTime() + DISASTER_RECOVERY_AFTER_MS),
      payload: { alarmId: alarm.id },
    });
  }
  await ctx.scheduleAll(timers);
  // Events in the order the alarms came.
  for (const { change } of changes.sort((a, b) => a.index - b.index)) await ctx.record(change);
  return outcomes;
}

const alarmKey = (sourceId: string, fingerprint: string) => `${sourceId}\u0000${fingerprint}`;

/** The escalation policy routed for a source's service, looked up once per source and service within a transaction. */
function routed(ctx: CommandContext, cache: BatchCache, sourceId: string, service: string | null): Promise<EscalationSnapshot> {
  const key = `${sourceId}\u0000${service ?? ''}`;
  let snapshot = cache.snapshots.get(key);
  if (!snapshot) {
    snapshot = snapshotPolicy(ctx.tx, sourceId, service);
    cache.snapshots.set(key, snapshot);
  }
  return snapshot;
}

function detailsOf(incoming: Parsed): Record<string, unknown> {
  return { ...incoming.details, ...(incoming.time ? { reportedAt: incoming.time.toISOString() } : {}) };
}

/** The source says it is over: the open alarm resolves by itself (with a follow-up until a root cause is written). */
async function resolveFromSource(ctx: CommandContext, { alarm: incoming, source, by }: Occurrence): Promise<IngestOutcome> {
  const [alarm] = await ctx.tx
    .update(alarms)
    .set({ state: 'RESOLVED', resolvedAt: ctx.now, resolvedBy: `source ${source.name}`, lastSeenAt: ctx.now })
    .where(and(eq(alarms.sourceId, source.id), eq(alarms.fingerprint, incoming.fingerprint), ne(alarms.state, 'RESOLVED')))
    .returning();
  if (!alarm) {
    // Nothing open to resolve (already resolved, or never seen): on the trail, but no state changed.
    await ctx.record(StrayResolutionEvents.resolutionUnmatched({ id: source.id }, { source: source.name, fingerprint: incoming.fingerprint }, recordedFor(by)));
    return { alarmId: null, fingerprint: incoming.fingerprint, outcome: 'unmatched', count: 0 };
  }
  await ctx.cancelTimers(timersOf(alarm.id));
  await ctx.record(AlarmEvents.resolved(alarm, { by: alarm.resolvedBy!, rootCause: null, followUpOpen: true }, recordedFor(by)));
  return { alarmId: alarm.id, fingerprint: alarm.fingerprint, outcome: 'resolved', count: alarm.count };
}
