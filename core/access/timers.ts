/**
 * What production access does when its time comes: a pending request nobody answers times out,
 * the requester is warned before a grant expires, and the grant expires. Each handler checks that
 * the state it was armed for still holds, so each fires its effect at most once.
 */
import type { AccessRequestRow } from '../../db/schema.ts';
import type { TimerHandler } from '../timers/service.ts';
import { AccessEvents } from './events.ts';
import { closeRequest, EXPIRY_TIMER, recordAccess, saveRequest, TIMEOUT_TIMER, WARNING_TIMER } from './internal/lifecycle.ts';
import { requestById } from './internal/lookups.ts';
import { formatDuration } from './model.ts';

/** Still the grant the timer was armed for: active, with the same expiry. */
const sameGrant = (request: AccessRequestRow | undefined, expiresAt: unknown): request is AccessRequestRow =>
  request?.status === 'ACTIVE' && request.expiresAt?.toISOString() === expiresAt;

const onPendingTimeout: TimerHandler = async (ctx, payload) => {
  const request = await requestById(ctx.tx, String(payload.requestId), 'update');
  if (request?.status !== 'PENDING') return;
  const waited = Math.round((ctx.now.getTime() - request.createdAt.getTime()) / 60_000);
  await closeRequest(ctx, request, { status: 'TIMED_OUT', event: AccessEvents.timedOut, reason: `nobody answered within ${formatDuration(waited)}`, data: {} });
};

const onExpiryWarning: TimerHandler = async (ctx, payload) => {
  const grant = await requestById(ctx.tx, String(payload.requestId), 'update');
  if (!sameGrant(grant, payload.expiresAt) || grant.warnedAt) return;
  const warned = await saveRequest(ctx, grant, { warnedAt: ctx.now });
  await recordAccess(ctx, warned, AccessEvents.expiryWarned, {});
};

const onExpiry: TimerHandler = async (ctx, payload) => {
  const grant = await requestById(ctx.tx, String(payload.requestId), 'update');
  if (!sameGrant(grant, payload.expiresAt)) return;
  await closeRequest(ctx, grant, { status: 'EXPIRED', event: AccessEvents.expired, reason: 'its time ran out', data: {} });
};

export const ACCESS_TIMERS: Record<string, TimerHandler> = {
  [TIMEOUT_TIMER]: onPendingTimeout,
  [WARNING_TIMER]: onExpiryWarning,
  [EXPIRY_TIMER]: onExpiry,
};
