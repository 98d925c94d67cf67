/**
 * Ingest: one webhook request's alarms in one transaction. A firing alarm that is already open
 * (same source and fingerprint) folds into it: its count and last-seen time go up and nobody is
 * paged again. The partial unique index on open alarms and `insert ... on conflict do update`
 * make folding race-free when identical webhooks arrive at once.
 */
import { and, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { alarms, alarmSources, ALARM_SEVERITIES, type AlarmRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { uuidSchema } from '../directory/lookups.ts';
import {
  armNextStep,
  DISASTER_RECOVERY_AFTER_MS,
  DISASTER_RECOVERY_TIMER,
  disasterRecoveryKey,
  planStep,
  snapshotPolicy,
} from './escalation.ts';
import type { EscalationSnapshot } from '../../db/schema.ts';

/**
 * Look-ups shared by the alarms of one request (an Alertmanager group): the routed policy per
 * service and who is on call per schedule are the same for all of them within one transaction.
 */
interface BatchCache {
  snapshots: Map<string, Promise<EscalationSnapshot>>;
  onCall: Map<string, Promise<string[]>>;
}
import { authorizeAlarms } from './policy.ts';

export const incomingAlarmSchema = z.object({
  fingerprint: z.string().trim().min(1).max(500),
  summary: z.string().trim().min(1).max(1000),
  severity: z.enum(ALARM_SEVERITIES),
  service: z.string().trim().min(1).max(200).nullish(),
  details: z.record(z.unknown()).default({}),
  status: z.enum(['firing', 'resolved']),
  /** When the source saw it; kept in the details (opsdesk's own clock decides the timers). */
  time: z.coerce.date().nullish(),
});
export type IncomingAlarm = z.input<typeof incomingAlarmSchema>;

export interface IngestOutcome {
  alarmId: string | null;
  fingerprint: string;
  outcome: 'triggered' | 'folded' | 'resolved' | 'unmatched';
  count: number;
}

export const ingestAlarms = defineCommand({
  name: 'ingestAlarms',
  input: z
    .object({
      sourceId: uuidSchema,
      alarms: z.array(incomingAlarmSchema).min(1).max(1000),
      /** One per alarm, when the alarms come from several webhook requests committed together. */
      requestIds: z.array(z.string().min(1).max(200)).optional(),
    })
    .refine((input) => !input.requestIds || input.requestIds.length === input.alarms.length, {
      message: 'give one request id per alarm',
      path: ['requestIds'],
    }),
  async run(ctx, input): Promise<IngestOutcome[]> {
    authorizeAlarms(ctx.actor, 'alarm.ingest');
    const [source] = await ctx.tx.select().from(alarmSources).where(eq(alarmSources.id, input.sourceId));
    if (!source) throw new OpsdeskError('NOT_FOUND', 'alarm source not found');
    const outcomes: IngestOutcome[] = [];
    const cache: BatchCache = { snapshots: new Map(), onCall: new Map() };
    for (const [i, alarm] of input.alarms.entries()) {
      const requestId = input.requestIds?.[i];
      outcomes.push(
        alarm.status === 'firing'
          ? await fire(ctx, cache, source.id, source.name, alarm, requestId)
          : await resolveFromSource(ctx, source.id, source.name, alarm, requestId),
      );
    }
    return outcomes;
  },
});

type Parsed = z.output<typeof incomingAlarmSchema>;

async function fire(
  ctx: CommandContext,
  cache: BatchCache,
  sourceId: string,
  sourceName: string,
  incoming: Parsed,
  requestId: string | undefined,
): Promise<IngestOutcome> {
  const service = incoming.service ?? null;
  const details = { ...incoming.details, ...(incoming.time ? { reportedAt: incoming.time.toISOString() } : {}) };
  let snapshot = cache.snapshots.get(service ?? '');
  if (!snapshot) {
    snapshot = snapshotPolicy(ctx.tx, sourceId, service);
    cache.snapshots.set(service ?? '', snapshot);
  }
  const escalation = await snapshot;
  // Planned before the insert so that a new alarm is written whole in one statement; a fold ignores it.
  const paging = await planStep(ctx.tx, ctx.now, escalation, 0, cache.onCall);
  const [row] = await ctx.tx
    .insert(alarms)
    .values({
      sourceId,
      fingerprint: incoming.fingerprint,
      summary: incoming.summary,
      severity: incoming.severity,
      service,
      details,
      triggeredAt: ctx.now,
      lastSeenAt: ctx.now,
      escalation,
      escalationStep: 0,
      paged: paging.paged,
    })
    .onConflictDoUpdate({
      target: [alarms.sourceId, alarms.fingerprint],
      targetWhere: ne(alarms.state, 'RESOLVED'),
      set: {
        count: sql`${alarms.count} + 1`,
        lastSeenAt: ctx.now,
        summary: incoming.summary,
        severity: incoming.severity,
        details,
      },
    })
    // xmax is 0 on a freshly inserted row version and set on one written by the conflict's update.
    .returning({ ...getTableColumns(alarms), inserted: sql<boolean>`(xmax = 0)` });
  const { inserted, ...alarm } = row! as AlarmRow & { inserted: boolean };
  if (!inserted) {
    await ctx.record({
      orgId: null,
      action: 'alarm.folded',
      subjectType: 'alarm',
      subjectId: alarm.id,
      data: { count: alarm.count, lastSeenAt: alarm.lastSeenAt, source: sourceName },
      requestId,
    });
    return { alarmId: alarm.id, fingerprint: alarm.fingerprint, outcome: 'folded', count: alarm.count };
  }
  await armNextStep(ctx, alarm.id, paging);
  await ctx.schedule({
    kind: DISASTER_RECOVERY_TIMER,
    key: disasterRecoveryKey(alarm.id),
    dueAt: new Date(alarm.triggeredAt.getTime() + DISASTER_RECOVERY_AFTER_MS),
    payload: { alarmId: alarm.id },
  });
  await ctx.record({
    orgId: null,
    action: 'alarm.triggered',
    subjectType: 'alarm',
    subjectId: alarm.id,
    data: {
      source: sourceName,
      fingerprint: alarm.fingerprint,
      summary: alarm.summary,
      severity: alarm.severity,
      service,
      policy: escalation.name,
      ...paging,
    },
    requestId,
  });
  return { alarmId: alarm.id, fingerprint: alarm.fingerprint, outcome: 'triggered', count: 1 };
}

/** The source says it is over: the open alarm resolves by itself (with a follow-up until a root cause is written). */
async function resolveFromSource(
  ctx: CommandContext,
  sourceId: string,
  sourceName: string,
  incoming: Parsed,
  requestId: string | undefined,
): Promise<IngestOutcome> {
  const [alarm] = await ctx.tx
    .update(alarms)
    .set({ state: 'RESOLVED', resolvedAt: ctx.now, resolvedBy: `source ${sourceName}`, lastSeenAt: ctx.now })
    .where(and(eq(alarms.sourceId, sourceId), eq(alarms.fingerprint, incoming.fingerprint), ne(alarms.state, 'RESOLVED')))
    .returning();
  if (!alarm) {
    // Nothing open to resolve (already resolved, or never seen): on the trail, but no state changed.
    await ctx.record({
      orgId: null,
      action: 'alarm.resolution_unmatched',
      subjectType: 'alarm_source',
      subjectId: sourceId,
      data: { source: sourceName, fingerprint: incoming.fingerprint },
      requestId,
    });
    return { alarmId: null, fingerprint: incoming.fingerprint, outcome: 'unmatched', count: 0 };
  }
  await ctx.cancelTimers(`alarm:${alarm.id}:*`);
  await ctx.record({
    orgId: null,
    action: 'alarm.resolved',
    subjectType: 'alarm',
    subjectId: alarm.id,
    data: { by: alarm.resolvedBy, rootCause: null, followUpOpen: true },
    requestId,
  });
  return { alarmId: alarm.id, fingerprint: alarm.fingerprint, outcome: 'resolved', count: alarm.count };
}
