/**
 * A check's alarm, through the alarms capability's own ingest (the command the webhooks use), from
 * opsdesk's own source: it folds, routes (by the service's name as the alarm's `service`), pages,
 * escalates and resolves like any other alarm. The fingerprint names the check: `probe:<id>`,
 * `heartbeat:<id>`.
 */
import { ingestAlarms, ownAlarmSource } from '../../alarms/index.ts';
import { parseInput, type CommandContext } from '../../command.ts';

/** The alarm source opsdesk's own checks send as. */
export const STATUS_ALARM_SOURCE = 'opsdesk-status';

export const probeFingerprint = (probeId: string) => `probe:${probeId}`;
export const heartbeatFingerprint = (heartbeatId: string) => `heartbeat:${heartbeatId}`;

export async function openCheckAlarm(
  ctx: CommandContext,
  alarm: { fingerprint: string; summary: string; service: string; details: Record<string, unknown> },
): Promise<string | null> {
  const source = await ownAlarmSource(ctx, STATUS_ALARM_SOURCE);
  const input = parseInput(ingestAlarms.input, {
    sourceId: source.id,
    alarms: [{ fingerprint: alarm.fingerprint, summary: alarm.summary.slice(0, 1000), severity: 'critical', service: alarm.service.slice(0, 200), details: alarm.details, status: 'firing' }],
  });
  const [outcome] = await ingestAlarms.run(ctx, input);
  return outcome?.alarmId ?? null;
}

export async function resolveCheckAlarm(ctx: CommandContext, fingerprint: string, summary: string): Promise<string | null> {
  const source = await ownAlarmSource(ctx, STATUS_ALARM_SOURCE);
  const input = parseInput(ingestAlarms.input, {
    sourceId: source.id,
    alarms: [{ fingerprint, summary: summary.slice(0, 1000), severity: 'critical', status: 'resolved' }],
  });
  const [outcome] = await ingestAlarms.run(ctx, input);
  return outcome?.alarmId ?? null;
}
