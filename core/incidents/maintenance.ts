/**
 * Maintenance windows: planned downtime of some services. They come from announced releases with
 * downtime (covering every public service unless staff narrow them) and can be added by hand. While
 * one is in force its services' alarms are recorded but do not page (a paging hold, set with the
 * window and ended at its end or cancellation, when the alarms still open page). Each change, and
 * its start and end, is told to the orgs that use a covered service (`maintenance_notice.sent`).
 * A release's window moves with the release and starts and ends on the announcement's own notice
 * timers (reactions to `release.*`); a window by hand has its own two timers.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { maintenanceServices, maintenanceWindows, type MaintenanceWindowRow } from '../../db/schema.ts';
import type { RecordedChange } from '../capability.ts';
import { endPagingHold, setPagingHold } from '../alarms/index.ts';
import type { ReleaseAnnounced, ReleaseCancelled, ReleaseMoved, ReleaseRescheduled } from '../announcements/events.ts';
import { releaseWindow } from '../announcements/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import { alarmMatchesOfServices, publicServiceIds, servicesByIds, serviceVisibleTo, type ServiceWithOrgs } from '../status/index.ts';
import type { TimerHandler } from '../timers/service.ts';
import { MaintenanceEvents, MaintenanceNoticeEvents, type MaintenanceChanged } from './events.ts';
import { requireServices } from './incidents.ts';
import { audienceOf } from './internal/audience.ts';
import type { MaintenanceNoticeKind } from './model.ts';
import { incidentPolicy, MAINTENANCE } from './policy.ts';

export const MAINTENANCE_START_TIMER = 'maintenance.start';
export const MAINTENANCE_END_TIMER = 'maintenance.end';
const startKey = (id: string) => `maintenance:${id}:start`;
const endKey = (id: string) => `maintenance:${id}:end`;
const idInput = z.string().max(100);

/** The services a window covers now: every public one, or its own. */
export async function servicesOfWindow(db: CommandContext['tx'], window: MaintenanceWindowRow): Promise<ServiceWithOrgs[]> {
  const ids = window.allPublic
    ? await publicServiceIds(db)
    : (await db.select({ id: maintenanceServices.serviceId }).from(maintenanceServices).where(eq(maintenanceServices.windowId, window.id))).map((r) => r.id);
  return servicesByIds(db, ids);
}

function described(window: MaintenanceWindowRow, services: ServiceWithOrgs[], extra: Partial<MaintenanceChanged> = {}): MaintenanceChanged {
  return {
    title: window.title,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    releaseId: window.releaseId,
    allPublic: window.allPublic,
    serviceIds: services.map((s) => s.id),
    ...extra,
  };
}

async function tell(ctx: CommandContext, window: MaintenanceWindowRow, services: ServiceWithOrgs[], notice: MaintenanceNoticeKind, previous?: { startsAt: string; endsAt: string }) {
  for (const org of await audienceOf(ctx.tx, services)) {
    await ctx.record(
      MaintenanceNoticeEvents.sent(
        { windowId: window.id, orgId: org.orgId },
        {
          notice,
          title: window.title,
          startsAt: window.startsAt.toISOString(),
          endsAt: window.endsAt.toISOString(),
          ...(previous ? { previous } : {}),
          services: org.services,
          recipients: org.recipients,
          fromRelease: window.releaseId !== null,
        },
      ),
    );
  }
}

/** Set the window's paging hold to its times and services now. */
async function hold(ctx: CommandContext, window: MaintenanceWindowRow, services: ServiceWithOrgs[]): Promise<void> {
  await setPagingHold(ctx, {
    id: window.id,
    label: window.title,
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    matches: await alarmMatchesOfServices(ctx.tx, services.map((s) => s.id)),
  });
}

async function armTimers(ctx: CommandContext, window: MaintenanceWindowRow): Promise<void> {
  if (window.releaseId) return; // the announcement's notice timers start and end it
  const payload = { windowId: window.id };
  if (window.state === 'scheduled') await ctx.schedule({ kind: MAINTENANCE_START_TIMER, key: startKey(window.id), dueAt: window.startsAt, payload });
  await ctx.schedule({ kind: MAINTENANCE_END_TIMER, key: endKey(window.id), dueAt: window.endsAt, payload });
}

const windowTimes = z
  .object({ startsAt: instantSchema, endsAt: instantSchema })
  .refine((w) => w.endsAt > w.startsAt, { message: 'must be after startsAt', path: ['endsAt'] });

async function createWindow(
  ctx: CommandContext,
  values: { title: string; description: string; startsAt: Date; endsAt: Date; releaseId: string | null; allPublic: boolean; serviceIds: string[] },
): Promise<MaintenanceWindowRow> {
  const [window] = await ctx.tx
    .insert(maintenanceWindows)
    .values({ title: values.title, description: values.description, startsAt: values.startsAt, endsAt: values.endsAt, releaseId: values.releaseId, allPublic: values.allPublic, updatedAt: ctx.now })
    .returning();
  if (values.serviceIds.length) await ctx.tx.insert(maintenanceServices).values(values.serviceIds.map((serviceId) => ({ windowId: window!.id, serviceId })));
  const services = await servicesOfWindow(ctx.tx, window!);
  await hold(ctx, window!, services);
  await armTimers(ctx, window!);
  await ctx.record(MaintenanceEvents.scheduled(window!, described(window!, services)));
  await tell(ctx, window!, services, 'scheduled');
  return window!;
}

export const scheduleMaintenance = defineCommand({
  name: 'scheduleMaintenance',
  input: z
    .object({
      title: z.string().trim().min(1).max(200),
      description: z.string().trim().max(5000).default(''),
      startsAt: instantSchema,
      endsAt: instantSchema,
      serviceIds: z.array(idInput).min(1).max(100),
    })
    .refine((w) => w.endsAt > w.startsAt, { message: 'must be after startsAt', path: ['endsAt'] }),
  async run(ctx, input): Promise<MaintenanceWindowRow> {
    incidentPolicy.authorize(ctx.actor, 'incidents.manage', MAINTENANCE);
    if (input.endsAt <= ctx.now) throw new OpsdeskError('INVALID_INPUT', 'invalid input: endsAt: must be in the future', { fields: { endsAt: 'must be in the future' } });
    const services = await requireServices(ctx, input.serviceIds);
    return createWindow(ctx, { ...input, releaseId: null, allPublic: false, serviceIds: services.map((s) => s.id) });
  },
});

async function windowFor(ctx: CommandContext, windowId: string): Promise<MaintenanceWindowRow> {
  const [window] = /^[0-9a-f-]{36}$/i.test(windowId) ? await ctx.tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, windowId)).for('update') : [];
  if (!window) throw incidentPolicy.notFound(MAINTENANCE);
  // Someone who sees none of its services is told it does not exist, as for an unknown id.
  const services = await servicesOfWindow(ctx.tx, window);
  incidentPolicy.authorize(ctx.actor, 'incidents.manage', { kind: 'maintenance window', touchesVisible: services.some((s) => serviceVisibleTo(ctx.actor, s)) });
  return window;
}

/** A change subscribed calendars must take: the maintenance feed's SEQUENCE rises. */
const nextRevision = sql`${maintenanceWindows.revision} + 1`;

const isOver = (window: MaintenanceWindowRow) => window.state === 'completed' || window.state === 'cancelled';

async function moveWindow(ctx: CommandContext, window: MaintenanceWindowRow, startsAt: Date, endsAt: Date, reason: string | null): Promise<MaintenanceWindowRow> {
  const previous = { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() };
  const [after] = await ctx.tx.update(maintenanceWindows).set({ startsAt, endsAt, revision: nextRevision, updatedAt: ctx.now }).where(eq(maintenanceWindows.id, window.id)).returning();
  const services = await servicesOfWindow(ctx.tx, after!);
  await hold(ctx, after!, services);
  await armTimers(ctx, after!);
  await ctx.record(MaintenanceEvents.rescheduled(after!, described(after!, services, { previous, reason })));
  await tell(ctx, after!, services, 'rescheduled', previous);
  return after!;
}

export const rescheduleMaintenance = defineCommand({
  name: 'rescheduleMaintenance',
  input: z.object({ windowId: idInput, startsAt: instantSchema, endsAt: instantSchema, reason: z.string().trim().max(2000).nullish() }).and(windowTimes),
  async run(ctx, input): Promise<MaintenanceWindowRow> {
    const window = await windowFor(ctx, input.windowId);
    if (window.releaseId) throw new OpsdeskError('INVALID_TRANSITION', 'this window comes from a release: reschedule the release');
    if (isOver(window)) throw new OpsdeskError('INVALID_TRANSITION', `this window is ${window.state}`);
    if (input.endsAt <= ctx.now) throw new OpsdeskError('INVALID_INPUT', 'invalid input: endsAt: must be in the future', { fields: { endsAt: 'must be in the future' } });
    return moveWindow(ctx, window, input.startsAt, input.endsAt, input.reason ?? null);
  },
});

async function cancelWindow(ctx: CommandContext, window: MaintenanceWindowRow, reason: string | null): Promise<MaintenanceWindowRow> {
  const [after] = await ctx.tx.update(maintenanceWindows).set({ state: 'cancelled', cancelledAt: ctx.now, revision: nextRevision, updatedAt: ctx.now }).where(eq(maintenanceWindows.id, window.id)).returning();
  await ctx.cancelTimers(`maintenance:${window.id}:*`);
  const released = await endPagingHold(ctx, window.id);
  const services = await servicesOfWindow(ctx.tx, after!);
  await ctx.record(MaintenanceEvents.cancelled(after!, described(after!, services, { reason, released })));
  await tell(ctx, after!, services, 'cancelled');
  return after!;
}

export const cancelMaintenance = defineCommand({
  name: 'cancelMaintenance',
  input: z.object({ windowId: idInput, reason: z.string().trim().max(2000).nullish() }),
  async run(ctx, input): Promise<MaintenanceWindowRow> {
    const window = await windowFor(ctx, input.windowId);
    if (window.releaseId) throw new OpsdeskError('INVALID_TRANSITION', 'this window comes from a release: cancel the release');
    if (isOver(window)) throw new OpsdeskError('INVALID_TRANSITION', `this window is ${window.state}`);
    return cancelWindow(ctx, window, input.reason ?? null);
  },
});

/** Which services a window covers: a list, or null for every public service (a release's default). */
export const setMaintenanceServices = defineCommand({
  name: 'setMaintenanceServices',
  input: z.object({ windowId: idInput, serviceIds: z.array(idInput).min(1).max(100).nullable() }),
  async run(ctx, input): Promise<MaintenanceWindowRow> {
    const window = await windowFor(ctx, input.windowId);
    if (isOver(window)) throw new OpsdeskError('INVALID_TRANSITION', `this window is ${window.state}`);
    const chosen = input.serviceIds === null ? [] : await requireServices(ctx, input.serviceIds);
    await ctx.tx.delete(maintenanceServices).where(eq(maintenanceServices.windowId, window.id));
    if (chosen.length) await ctx.tx.insert(maintenanceServices).values(chosen.map((s) => ({ windowId: window.id, serviceId: s.id })));
    const [after] = await ctx.tx.update(maintenanceWindows).set({ allPublic: input.serviceIds === null, revision: nextRevision, updatedAt: ctx.now }).where(eq(maintenanceWindows.id, window.id)).returning();
    const services = await servicesOfWindow(ctx.tx, after!);
    await hold(ctx, after!, services);
    await ctx.record(MaintenanceEvents.rescheduled(after!, described(after!, services, { previous: { startsAt: after!.startsAt.toISOString(), endsAt: after!.endsAt.toISOString() }, reason: 'services changed' })));
    return after!;
  },
});

async function startWindow(ctx: CommandContext, window: MaintenanceWindowRow): Promise<void> {
  if (window.state !== 'scheduled') return;
  const [after] = await ctx.tx.update(maintenanceWindows).set({ state: 'in_progress', updatedAt: ctx.now }).where(eq(maintenanceWindows.id, window.id)).returning();
  const services = await servicesOfWindow(ctx.tx, after!);
  await ctx.record(MaintenanceEvents.started(after!, described(after!, services)));
  await tell(ctx, after!, services, 'started');
}

async function endWindow(ctx: CommandContext, window: MaintenanceWindowRow): Promise<void> {
  if (isOver(window)) return;
  const [after] = await ctx.tx.update(maintenanceWindows).set({ state: 'completed', updatedAt: ctx.now }).where(eq(maintenanceWindows.id, window.id)).returning();
  await ctx.cancelTimers(`maintenance:${window.id}:*`);
  const released = await endPagingHold(ctx, window.id);
  const services = await servicesOfWindow(ctx.tx, after!);
  await ctx.record(MaintenanceEvents.ended(after!, described(after!, services, { released })));
  await tell(ctx, after!, services, 'ended');
}

const lockWindow = async (ctx: CommandContext, id: string) =>
  (await ctx.tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).for('update'))[0];

export const onMaintenanceStartDue: TimerHandler = async (ctx, payload) => {
  const window = await lockWindow(ctx, String(payload.windowId));
  if (window) await startWindow(ctx, window);
};

export const onMaintenanceEndDue: TimerHandler = async (ctx, payload) => {
  const window = await lockWindow(ctx, String(payload.windowId));
  if (window) await endWindow(ctx, window);
};

/** The live window of a release, if any. */
async function windowOfRelease(ctx: CommandContext, releaseId: string): Promise<MaintenanceWindowRow | undefined> {
  const [window] = await ctx.tx
    .select()
    .from(maintenanceWindows)
    .where(and(eq(maintenanceWindows.releaseId, releaseId), ne(maintenanceWindows.state, 'cancelled')))
    .for('update');
  return window;
}

export const onReleaseAnnounced = async (ctx: CommandContext, change: RecordedChange<ReleaseAnnounced>) => {
  const release = await releaseWindow(ctx.tx, change.subjectId);
  if (!release?.downtime || (await windowOfRelease(ctx, release.id))) return;
  await createWindow(ctx, {
    title: `${release.version}: ${release.title}`.slice(0, 200),
    description: `The service window of release ${release.version}.`,
    startsAt: release.windowStart,
    endsAt: release.windowEnd,
    releaseId: release.id,
    allPublic: true,
    serviceIds: [],
  });
};

export const onReleaseRescheduled = async (ctx: CommandContext, change: RecordedChange<ReleaseRescheduled>) => {
  const window = await windowOfRelease(ctx, change.subjectId);
  if (!window || isOver(window)) return;
  await moveWindow(ctx, window, new Date(change.data.windowStart), new Date(change.data.windowEnd), change.data.reason);
};

export const onReleaseCancelled = async (ctx: CommandContext, change: RecordedChange<ReleaseCancelled>) => {
  const window = await windowOfRelease(ctx, change.subjectId);
  if (!window || isOver(window)) return;
  await cancelWindow(ctx, window, change.data.reason);
};

export const onReleaseWindowStarted = async (ctx: CommandContext, change: RecordedChange<ReleaseMoved>) => {
  const window = await windowOfRelease(ctx, change.subjectId);
  if (window) await startWindow(ctx, window);
};

export const onReleaseCompleted = async (ctx: CommandContext, change: RecordedChange<ReleaseMoved>) => {
  const window = await windowOfRelease(ctx, change.subjectId);
  if (window) await endWindow(ctx, window);
};

/**
 * A service changed (made public or internal, renamed, its alarm matches replaced, archived): the
 * holds of the windows not over are set again from their services as they are now, so a window
 * holds exactly the alarms of what it covers at the moment an alarm comes.
 */
export const onServiceChanged = async (ctx: CommandContext) => {
  const open = await ctx.tx
    .select()
    .from(maintenanceWindows)
    .where(inArray(maintenanceWindows.state, ['scheduled', 'in_progress']));
  for (const window of open) await hold(ctx, window, (await servicesOfWindow(ctx.tx, window)).filter((s) => s.archivedAt === null));
};
