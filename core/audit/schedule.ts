/**
 * Checkpoints on a schedule, as durable timers that re-arm themselves:
 * - every interval (default hourly) one round picks the chains that moved since their latest
 *   checkpoint (something other than that checkpoint's own event was appended) and arms one timer
 *   per org, so each org is signed in its own short transaction, exactly once across instances;
 * - every Monday at 09:00 Stockholm time, each client org's latest checkpoint is recorded as
 *   `audit.checkpoint_published` (AuditEvents.checkpointPublished), which the Slack notifier posts to the org's linked client
 *   channel and the email door mails to the org's admins: the client holds a copy the provider cannot take back.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { auditChainHeads, orgs, timers } from '../../db/schema.ts';
import { parseInput, type TimerRequest } from '../command.ts';
import type { Core } from '../core.ts';
import { OpsdeskError } from '../errors.ts';
import type { TimerHandler } from '../timers/service.ts';
import { signCheckpointWith } from './checkpoints.ts';
import { AuditEvents, type CheckpointData } from './events.ts';
import { CHECKPOINT_SIGNED, latestCheckpointRow, rowView } from './internal/checkpoint-rows.ts';

export const ROUND_TIMER = 'audit.checkpoint_round';
export const ROUND_KEY = 'audit:checkpoint-round';
export const ORG_TIMER = 'audit.checkpoint';
export const WEEKLY_TIMER = 'audit.checkpoint_weekly_post';
export const WEEKLY_KEY = 'audit:checkpoint-weekly-post';

export const DEFAULT_INTERVAL_MINUTES = 60;

export function nextWeeklyPostAt(now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: 'Europe/Stockholm' });
  let next = local.startOf('week').set({ hour: 9 }); // luxon weeks start on Monday
  if (next <= local) next = next.plus({ weeks: 1 });
  return next.toJSDate();
}

const intervalMs = (core: Core) => (core.audit.checkpointIntervalMinutes ?? DEFAULT_INTERVAL_MINUTES) * 60_000;

/** The round: arm a checkpoint for each org whose chain moved, and the next round. */
const onRoundDue =
  (core: Core): TimerHandler =>
  async (ctx) => {
    const latestCheckpoint = sql`(select max(e.seq) from audit_events e where e.chain_id = ${orgs.id} and e.action = ${CHECKPOINT_SIGNED})`;
    const moved = await ctx.tx
      .select({ orgId: orgs.id })
      .from(orgs)
      .innerJoin(auditChainHeads, eq(auditChainHeads.chainId, orgs.id))
      .where(sql`${auditChainHeads.seq} > coalesce(${latestCheckpoint}, 0)`);
    await ctx.scheduleAll([
      ...moved.map(({ orgId }) => ({ kind: ORG_TIMER, key: `audit:checkpoint:${orgId}`, dueAt: ctx.now, payload: { orgId } })),
      { kind: ROUND_TIMER, key: ROUND_KEY, dueAt: new Date(ctx.now.getTime() + intervalMs(core)), payload: {} },
    ]);
  };

/** One org's scheduled checkpoint. A broken chain is not signed: said loudly, every round, until mended. */
const onOrgDue =
  (core: Core): TimerHandler =>
  async (ctx, payload) => {
    const command = signCheckpointWith(core.auditKey);
    try {
      await command.run(ctx, parseInput(command.input, { orgId: payload.orgId, reason: 'schedule', onlyIfMoved: true }));
    } catch (error) {
      if (!(error instanceof OpsdeskError)) throw error;
      core.logger.error({ orgId: payload.orgId, code: error.code, reason: error.message }, 'audit checkpoint not signed');
    }
  };

/**
 * The weekly post: each client org gets its latest checkpoint (in its linked client channel, if it
 * has one, and by email to its admins).
 */
const onWeeklyDue: TimerHandler = async (ctx) => {
  const clients = await ctx.tx.select({ orgId: orgs.id }).from(orgs).where(eq(orgs.kind, 'client')).orderBy(orgs.createdAt);
  for (const { orgId } of clients) {
    const latest = await latestCheckpointRow(ctx.tx, orgId);
    if (!latest) continue;
    const checkpoint = rowView(latest);
    await ctx.record(
      AuditEvents.checkpointPublished(
        { id: orgId },
        {
          checkpointSeq: checkpoint.seq,
          size: checkpoint.size,
          headHash: checkpoint.headHash,
          keyId: checkpoint.keyId,
          reason: checkpoint.reason,
          signedAt: checkpoint.signedAt.toISOString(),
          note: checkpoint.note,
        },
      ),
    );
  }
  await ctx.schedule({ kind: WEEKLY_TIMER, key: WEEKLY_KEY, dueAt: nextWeeklyPostAt(ctx.now), payload: {} });
};

/**
 * At start: make sure the round and the weekly post are pending (the first round at once), without
 * moving them when another instance armed them already; and warn when this instance's key is not
 * the one that signed the latest checkpoint (instances must share one key file).
 */
export async function armSchedule(core: Core): Promise<void> {
  const now = core.clock.now();
  const wanted: TimerRequest[] = [
    { kind: ROUND_TIMER, key: ROUND_KEY, dueAt: now, payload: {} },
    { kind: WEEKLY_TIMER, key: WEEKLY_KEY, dueAt: nextWeeklyPostAt(now), payload: {} },
  ];
  const db = core.database.db;
  await db
    .insert(timers)
    .values(wanted)
    .onConflictDoNothing({ target: timers.key, where: eq(timers.status, 'pending') });
  const pending = await db
    .select({ kind: timers.kind, key: timers.key, dueAt: timers.dueAt, payload: timers.payload })
    .from(timers)
    .where(and(eq(timers.status, 'pending'), inArray(timers.key, [ROUND_KEY, WEEKLY_KEY])));
  core.timers.armCommitted(pending.map((t) => ({ ...t, payload: t.payload as Record<string, unknown> })));
  const provider = core.providerId;
  const latest = provider ? await latestCheckpointRow(db, provider) : undefined;
  const latestKey = (latest?.data as Partial<CheckpointData> | undefined)?.keyId;
  if (latestKey && latestKey !== core.auditKey.keyIdHex) {
    core.logger.warn(
      { keyId: core.auditKey.keyIdHex, latestCheckpointKeyId: latestKey },
      'this instance signs audit checkpoints with another key than the latest checkpoint: give every instance the same AUDIT_SIGNING_KEY_FILE',
    );
  }
}

/** The schedule's timer handlers, for a core that has a signing key. */
export function scheduleTimers(core: Core): Record<string, TimerHandler> {
  return { [ROUND_TIMER]: onRoundDue(core), [ORG_TIMER]: onOrgDue(core), [WEEKLY_TIMER]: onWeeklyDue };
}
