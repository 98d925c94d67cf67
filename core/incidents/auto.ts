/**
 * Incidents that open by themselves: when an alarm that pages belongs to a public service (by the
 * service's alarm matches, or opsdesk's own checks of it), a durable timer is armed for
 * `INCIDENT_AUTO_OPEN_MINUTES` (default 10) in the same transaction; acknowledging or resolving the
 * alarm cancels it. If it fires with the alarm still unacknowledged, the alarm is linked to an open
 * incident of those services, or a new incident opens (impact major, investigating). An alarm held
 * by a maintenance window does not page, so it arms nothing until its hold is over.
 */
import type { RecordedChange } from '../capability.ts';
import type { AlarmAcknowledged, AlarmEscalated, AlarmResolved, AlarmTriggered } from '../alarms/events.ts';
import { alarmOrigin } from '../alarms/index.ts';
import type { CommandContext } from '../command.ts';
import { servicesOfAlarm } from '../status/index.ts';
import type { TimerHandler } from '../timers/service.ts';
import { linkAlarm, openIncident, openIncidentsOf } from './incidents.ts';
import { autoOpenMinutes } from './model.ts';

export const AUTO_OPEN_TIMER = 'incident.auto_open';
const autoKey = (alarmId: string) => `incident:auto-open:${alarmId}`;

/**
 * Whether alarms of a source and `service` belong to a public service, read once per transaction:
 * one ingest brings many alarms of the same few sources and services, and this runs for each.
 */
const publicByTransaction = new WeakMap<object, Map<string, Promise<boolean>>>();
function touchesPublic(ctx: CommandContext, sourceName: string, service: string | null): Promise<boolean> {
  let known = publicByTransaction.get(ctx.tx);
  if (!known) publicByTransaction.set(ctx.tx, (known = new Map()));
  const key = JSON.stringify([sourceName, service]);
  let answer = known.get(key);
  if (!answer) {
    answer = servicesOfAlarm(ctx.tx, sourceName, service).then((services) => services.some((s) => s.isPublic));
    known.set(key, answer);
  }
  return answer;
}

async function arm(ctx: CommandContext, alarmId: string, sourceName: string, service: string | null): Promise<void> {
  if (!(await touchesPublic(ctx, sourceName, service))) return;
  await ctx.schedule({ kind: AUTO_OPEN_TIMER, key: autoKey(alarmId), dueAt: new Date(ctx.now.getTime() + autoOpenMinutes() * 60_000), payload: { alarmId } });
}

export const onAlarmTriggered = async (ctx: CommandContext, change: RecordedChange<AlarmTriggered>) => {
  if (change.data.pagingHeldBy) return;
  await arm(ctx, change.subjectId, change.data.source, change.data.service);
};

/** A held alarm pages now that its maintenance is over: its clock starts now. */
export const onAlarmReleased = async (ctx: CommandContext, change: RecordedChange<AlarmEscalated>) => {
  if (!change.data.releasedFrom) return;
  const alarm = await alarmOrigin(ctx.tx, change.subjectId);
  if (alarm) await arm(ctx, alarm.id, alarm.sourceName, alarm.service);
};

export const onAlarmAnswered = async (ctx: CommandContext, change: RecordedChange<AlarmAcknowledged | AlarmResolved>) => {
  await ctx.cancelTimers(autoKey(change.subjectId));
};

export const onAutoOpenDue: TimerHandler = async (ctx, payload) => {
  const alarm = await alarmOrigin(ctx.tx, String(payload.alarmId));
  if (!alarm || alarm.state !== 'TRIGGERED' || alarm.pagingHeldBy) return;
  const services = (await servicesOfAlarm(ctx.tx, alarm.sourceName, alarm.service)).filter((s) => s.isPublic);
  if (services.length === 0) return;
  const open = await openIncidentsOf(ctx, services.map((s) => s.id));
  if (open.length > 0) {
    await linkAlarm(ctx, open[0]!, alarm.id);
    return;
  }
  const names = services.map((s) => s.name).join(', ');
  await openIncident(ctx, {
    title: `Service disruption: ${names}`.slice(0, 200),
    impact: 'major',
    status: 'investigating',
    message: `We are investigating a problem with ${names}. We will post updates here as we learn more.`,
    services,
    alarmIds: [alarm.id],
    ticketIds: [],
    origin: 'automatic',
  });
};
