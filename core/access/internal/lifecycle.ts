/**
 * Moving a request through its states, shared by the commands and the timers: every move
 * updates the row, keeps the timers true to the new state, and records one event.
 */
import { eq } from 'drizzle-orm';
import { accessRequests, type AccessRequestRow } from '../../../db/schema.ts';
import type { CommandContext } from '../../command.ts';
import type { EventType } from '../../events/define.ts';
import { AccessEvents, type AccessClosed, type AccessRequestRef, type AccessSummary } from '../events.ts';
import { EXPIRY_WARNING_MINUTES, type FinalStatus } from '../model.ts';

export const TIMEOUT_TIMER = 'access.pending_timeout';
export const WARNING_TIMER = 'access.expiry_warning';
export const EXPIRY_TIMER = 'access.expiry';

const timerKey = (requestId: string, what: 'timeout' | 'warning' | 'expiry') => `access:${requestId}:${what}`;

/** What every access event carries (see `AccessSummary`). */
export function accessSummary(request: AccessRequestRow): AccessSummary {
  return {
    requestId: request.id,
    orgId: request.orgId,
    requesterId: request.requesterId,
    status: request.status,
    ticketId: request.ticketId,
    otherDuty: request.ticketId === null,
    reason: request.reason,
    scope: request.scope,
    durationMinutes: request.durationMinutes,
    extendsRequestId: request.extendsRequestId,
    clientApprovalRequired: request.clientApprovalRequired,
    providerApprovedById: request.providerApprovedById,
    clientApprovedById: request.clientApprovedById,
    pendingUntil: request.pendingUntil.toISOString(),
    startedAt: request.startedAt?.toISOString() ?? null,
    expiresAt: request.expiresAt?.toISOString() ?? null,
  };
}

export async function saveRequest(ctx: CommandContext, request: AccessRequestRow, changes: Partial<AccessRequestRow>): Promise<AccessRequestRow> {
  const [updated] = await ctx.tx
    .update(accessRequests)
    .set({ ...changes, updatedAt: ctx.now })
    .where(eq(accessRequests.id, request.id))
    .returning();
  return updated!;
}

/** Record one of the request's events: the summary of the request as it is now, and the event's own data. */
export async function recordAccess<P extends AccessSummary>(
  ctx: CommandContext,
  request: AccessRequestRow,
  event: EventType<AccessRequestRef, P>,
  data: Omit<P, keyof AccessSummary>,
): Promise<void> {
  await ctx.record(event(request, { ...accessSummary(request), ...data } as P));
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
  await recordAccess(ctx, granted, AccessEvents.granted, { clientApproved: granted.clientApprovedById !== null });
  return granted;
}

export interface Closing<P extends AccessClosed> {
  status: FinalStatus;
  event: EventType<AccessRequestRef, P>;
  reason: string | null;
  /** The event's own data beyond the summary, the state it left and the reason. */
  data: Omit<P, keyof AccessClosed>;
}

/** Put a request in a final state; its pending timers go with it. */
export async function closeRequest<P extends AccessClosed>(ctx: CommandContext, request: AccessRequestRow, closing: Closing<P>): Promise<AccessRequestRow> {
  const closed = await saveRequest(ctx, request, {
    status: closing.status,
    closedAt: ctx.now,
    closedById: ctx.actor.type === 'person' ? ctx.actor.id : null,
    closeReason: closing.reason,
  });
  await ctx.cancelTimers(`access:${request.id}:*`);
  await ctx.record(closing.event(closed, { ...accessSummary(closed), from: request.status, reason: closing.reason, ...closing.data } as P));
  return closed;
}
