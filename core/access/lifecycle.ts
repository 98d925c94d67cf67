/**
 * Moving a request through its states, shared by the commands and the timers: every move
 * updates the row, keeps the timers true to the new state, and records one event.
 */
import { eq } from 'drizzle-orm';
import { accessRequests, type AccessRequestRow, type AccessStatus } from '../../db/schema.ts';
import type { CommandContext } from '../command.ts';
import { accessSummary, EXPIRY_WARNING_MINUTES } from './model.ts';

export const TIMEOUT_TIMER = 'access.pending_timeout';
export const WARNING_TIMER = 'access.expiry_warning';
export const EXPIRY_TIMER = 'access.expiry';

const timerKey = (requestId: string, what: 'timeout' | 'warning' | 'expiry') => `access:${requestId}:${what}`;

export async function saveRequest(ctx: CommandContext, request: AccessRequestRow, changes: Partial<AccessRequestRow>): Promise<AccessRequestRow> {
  const [updated] = await ctx.tx
    .update(accessRequests)
    .set({ ...changes, updatedAt: ctx.now })
    .where(eq(accessRequests.id, request.id))
    .returning();
  return updated!;
}

export async function recordAccess(ctx: CommandContext, request: AccessRequestRow, action: string, data: Record<string, unknown> = {}) {
  await ctx.record({
    orgId: request.orgId,
    action,
    subjectType: 'access_request',
    subjectId: request.id,
    data: { ...accessSummary(request), ...data },
  });
}

export async function scheduleTimeout(ctx: CommandContext, request: AccessRequestRow): Promise<void> {
  await ctx.schedule({
    kind: TIMEOUT_TIMER,
    key: timerKey(request.id, 'timeout'),
    dueAt: request.pendingUntil,
    payload: { requestId: request.id },
  });
}

/** The last required approval landed: the clock starts now. */
export async function activate(ctx: CommandContext, request: AccessRequestRow): Promise<AccessRequestRow> {
  const expiresAt = new Date(ctx.now.getTime() + request.durationMinutes * 60_000);
  const granted = await saveRequest(ctx, request, { status: 'ACTIVE', startedAt: ctx.now, expiresAt });
  await ctx.cancelTimers(timerKey(request.id, 'timeout'));
  const payload = { requestId: request.id, expiresAt: expiresAt.toISOString() };
  const timers = [{ kind: EXPIRY_TIMER, key: timerKey(request.id, 'expiry'), dueAt: expiresAt, payload }];
  if (request.durationMinutes > EXPIRY_WARNING_MINUTES) {
    const warnAt = new Date(expiresAt.getTime() - EXPIRY_WARNING_MINUTES * 60_000);
    timers.push({ kind: WARNING_TIMER, key: timerKey(request.id, 'warning'), dueAt: warnAt, payload });
  }
  await ctx.scheduleAll(timers);
  await recordAccess(ctx, granted, 'access.granted', { clientApproved: granted.clientApprovedById !== null });
  return granted;
}

export interface Closing {
  status: Extract<AccessStatus, 'EXPIRED' | 'ENDED' | 'REVOKED' | 'DENIED' | 'CANCELLED' | 'TIMED_OUT'>;
  action: string;
  reason: string | null;
  data?: Record<string, unknown>;
}

/** Put a request in a final state; its pending timers go with it. */
export async function closeRequest(ctx: CommandContext, request: AccessRequestRow, closing: Closing): Promise<AccessRequestRow> {
  const closed = await saveRequest(ctx, request, {
    status: closing.status,
    closedAt: ctx.now,
    closedById: ctx.actor.type === 'person' ? ctx.actor.id : null,
    closeReason: closing.reason,
  });
  await ctx.cancelTimers(`access:${request.id}:*`);
  await recordAccess(ctx, closed, closing.action, { from: request.status, reason: closing.reason, ...closing.data });
  return closed;
}
