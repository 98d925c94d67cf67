/**
 * Heartbeats: a job of a service reports in (`POST /hooks/heartbeat/:id` with its secret) at least
 * every `intervalSeconds`, with `graceSeconds` of slack. Each beat moves a durable timer
 * (`status.heartbeat`, one per heartbeat) to the next deadline; when it fires, the beat is missing:
 * an alarm opens (fingerprint `heartbeat:<id>`). The next beat resolves it. A new heartbeat is
 * expected from its creation on. Secrets are shown once and stored hashed, as alarm sources' are.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { heartbeats, services, type HeartbeatRow } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { hashToken, isUuid } from '../directory/index.ts';
import type { TimerHandler } from '../timers/service.ts';
import { HeartbeatEvents } from './events.ts';
import { heartbeatFingerprint, openCheckAlarm, resolveCheckAlarm } from './internal/alarms.ts';
import { serviceFor } from './internal/lookups.ts';
import type { HeartbeatView } from './model.ts';
import { HEARTBEAT, statusPolicy } from './policy.ts';

export const HEARTBEAT_TIMER = 'status.heartbeat';
export const heartbeatTimerKey = (heartbeatId: string) => `status.heartbeat:${heartbeatId}`;

const SECRET_PREFIX = 'odh_';
const newSecret = () => SECRET_PREFIX + randomBytes(32).toString('base64url');

/** When the next beat must have come, counted from `from` (the last beat, or the creation). */
export const dueBy = (heartbeat: Pick<HeartbeatRow, 'intervalSeconds' | 'graceSeconds'>, from: Date) =>
  new Date(from.getTime() + (heartbeat.intervalSeconds + heartbeat.graceSeconds) * 1000);

/** A heartbeat and its new secret: the only time the secret is shown. */
export interface HeartbeatWithSecret {
  heartbeat: HeartbeatView;
  secret: string;
}

/** A heartbeat as provider staff see it: never its secret's hash; with when the next beat is due. */
export const heartbeatView = ({ secretHash: _, ...rest }: HeartbeatRow): HeartbeatView => ({ ...rest, dueBy: dueBy(rest, rest.lastBeatAt ?? rest.createdAt) });

export const createHeartbeat = defineCommand({
  name: 'createHeartbeat',
  input: z.object({
    serviceId: z.string().max(100),
    name: z.string().trim().min(1).max(100),
    intervalSeconds: z.number().int().min(10).max(31 * 86_400),
    /** Slack on top of the interval before a beat counts as missing; default a fifth of the interval, at least 10 s. */
    graceSeconds: z.number().int().min(0).max(86_400).optional(),
  }),
  async run(ctx, input): Promise<HeartbeatWithSecret> {
    const service = await serviceFor(ctx.tx, ctx.actor, 'status.manage', input.serviceId, true);
    const secret = newSecret();
    const graceSeconds = input.graceSeconds ?? Math.max(10, Math.round(input.intervalSeconds / 5));
    const [heartbeat] = await ctx.tx
      .insert(heartbeats)
      .values({ serviceId: service.id, name: input.name, intervalSeconds: input.intervalSeconds, graceSeconds, secretHash: hashToken(secret) })
      .returning();
    await ctx.schedule({ kind: HEARTBEAT_TIMER, key: heartbeatTimerKey(heartbeat!.id), dueAt: dueBy(heartbeat!, ctx.now), payload: { heartbeatId: heartbeat!.id } });
    await ctx.record(HeartbeatEvents.created(heartbeat!, { serviceId: service.id, name: input.name, intervalSeconds: input.intervalSeconds, graceSeconds }));
    return { heartbeat: heartbeatView(heartbeat!), secret };
  },
});

async function lockHeartbeat(ctx: CommandContext, heartbeatId: string): Promise<HeartbeatRow | undefined> {
  if (!isUuid(heartbeatId)) return undefined;
  const [heartbeat] = await ctx.tx.select().from(heartbeats).where(and(eq(heartbeats.id, heartbeatId), isNull(heartbeats.archivedAt))).for('update');
  return heartbeat;
}

/** A new secret; the old one stops working at once. */
export const rotateHeartbeatSecret = defineCommand({
  name: 'rotateHeartbeatSecret',
  input: z.object({ heartbeatId: z.string().max(100) }),
  async run(ctx, input): Promise<HeartbeatWithSecret> {
    statusPolicy.authorize(ctx.actor, 'status.manage', HEARTBEAT);
    const heartbeat = await lockHeartbeat(ctx, input.heartbeatId);
    if (!heartbeat) throw statusPolicy.notFound(HEARTBEAT);
    const secret = newSecret();
    const [updated] = await ctx.tx.update(heartbeats).set({ secretHash: hashToken(secret) }).where(eq(heartbeats.id, heartbeat.id)).returning();
    await ctx.record(HeartbeatEvents.secretRotated(heartbeat, { serviceId: heartbeat.serviceId, name: heartbeat.name }));
    return { heartbeat: heartbeatView(updated!), secret };
  },
});

export async function archiveHeartbeatRow(ctx: CommandContext, heartbeat: HeartbeatRow): Promise<void> {
  await ctx.tx.update(heartbeats).set({ archivedAt: ctx.now }).where(eq(heartbeats.id, heartbeat.id));
  await ctx.cancelTimers(heartbeatTimerKey(heartbeat.id));
  await ctx.record(HeartbeatEvents.removed(heartbeat, { serviceId: heartbeat.serviceId, name: heartbeat.name }));
}

/** No longer expect the heartbeat; its secret stops working. An alarm open for it stays open for on-call. */
export const removeHeartbeat = defineCommand({
  name: 'removeHeartbeat',
  input: z.object({ heartbeatId: z.string().max(100) }),
  async run(ctx, input): Promise<{ id: string }> {
    statusPolicy.authorize(ctx.actor, 'status.manage', HEARTBEAT);
    const heartbeat = await lockHeartbeat(ctx, input.heartbeatId);
    if (!heartbeat) throw statusPolicy.notFound(HEARTBEAT);
    await archiveHeartbeatRow(ctx, heartbeat);
    return { id: heartbeat.id };
  },
});

export interface BeatOutcome {
  heartbeatId: string;
  /** When the next beat must come by. */
  dueBy: Date;
  /** Whether this beat ended a missing-beat alarm. */
  recovered: boolean;
}

/**
 * A beat, from the webhook door once it has checked the heartbeat's secret: the deadline moves on,
 * and a heartbeat that was missing is back (its alarm resolves).
 */
export const recordHeartbeat = defineCommand({
  name: 'recordHeartbeat',
  input: z.object({ heartbeatId: z.string().max(100) }),
  async run(ctx, input): Promise<BeatOutcome> {
    statusPolicy.authorize(ctx.actor, 'status.beat', HEARTBEAT);
    const heartbeat = await lockHeartbeat(ctx, input.heartbeatId);
    if (!heartbeat) throw statusPolicy.notFound(HEARTBEAT);
    const next = dueBy(heartbeat, ctx.now);
    await ctx.tx.update(heartbeats).set({ state: 'up', lastBeatAt: ctx.now }).where(eq(heartbeats.id, heartbeat.id));
    await ctx.schedule({ kind: HEARTBEAT_TIMER, key: heartbeatTimerKey(heartbeat.id), dueAt: next, payload: { heartbeatId: heartbeat.id } });
    if (heartbeat.state === 'down') {
      const alarmId = await resolveCheckAlarm(ctx, heartbeatFingerprint(heartbeat.id), `heartbeat ${heartbeat.name} is back`);
      await ctx.record(HeartbeatEvents.recovered(heartbeat, { serviceId: heartbeat.serviceId, dueBy: next.toISOString(), alarmId }));
      return { heartbeatId: heartbeat.id, dueBy: next, recovered: true };
    }
    await ctx.record(HeartbeatEvents.beat(heartbeat, { serviceId: heartbeat.serviceId, dueBy: next.toISOString() }));
    return { heartbeatId: heartbeat.id, dueBy: next, recovered: false };
  },
});

/** The deadline passed without a beat: the heartbeat is down and an alarm opens. */
export const onHeartbeatMissed: TimerHandler = async (ctx, payload) => {
  const heartbeat = await lockHeartbeat(ctx, String(payload.heartbeatId));
  if (!heartbeat || heartbeat.state === 'down') return;
  const deadline = dueBy(heartbeat, heartbeat.lastBeatAt ?? heartbeat.createdAt);
  // A beat that committed after this timer was claimed elsewhere would have moved it; be sure anyway.
  if (heartbeat.lastBeatAt && deadline > ctx.now) return;
  const [service] = await ctx.tx.select({ name: services.name }).from(services).where(eq(services.id, heartbeat.serviceId));
  await ctx.tx.update(heartbeats).set({ state: 'down' }).where(eq(heartbeats.id, heartbeat.id));
  const alarmId = await openCheckAlarm(ctx, {
    fingerprint: heartbeatFingerprint(heartbeat.id),
    summary: `${service?.name ?? 'a service'}: heartbeat ${heartbeat.name} is missing`,
    service: service?.name ?? heartbeat.serviceId,
    details: { heartbeatId: heartbeat.id, lastBeatAt: heartbeat.lastBeatAt?.toISOString() ?? null, intervalSeconds: heartbeat.intervalSeconds, graceSeconds: heartbeat.graceSeconds },
  });
  await ctx.record(
    HeartbeatEvents.missed(heartbeat, {
      serviceId: heartbeat.serviceId,
      lastBeatAt: heartbeat.lastBeatAt?.toISOString() ?? null,
      dueBy: (heartbeat.lastBeatAt ? deadline : ctx.now).toISOString(),
      alarmId,
    }),
  );
};
