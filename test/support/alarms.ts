/** Alarm fixtures: a source with its secret, a webhook actor, and payloads in both formats. */
import { randomUUID } from 'node:crypto';
import { systemActor, type SystemActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { createAlarmSource, ingestAlarms, type IncomingAlarm } from '../../core/alarms/index.ts';
import { operator } from './core.ts';

export async function makeAlarmSource(core: Core, name = `mon-${randomUUID().slice(0, 6)}`) {
  return core.execute(createAlarmSource, operator(), { name });
}

export function webhookActor(sourceName: string): SystemActor {
  return { ...systemActor('webhook', 'webhook', `test-${randomUUID()}`), name: `alarm source ${sourceName}` };
}

export function firing(fingerprint: string, extra: Partial<IncomingAlarm> = {}): IncomingAlarm {
  return { fingerprint, summary: `Disk full on ${fingerprint}`, severity: 'critical', service: 'storage', status: 'firing', ...extra };
}

export async function ingest(core: Core, source: { id: string; name: string }, ...items: IncomingAlarm[]) {
  return core.execute(ingestAlarms, webhookActor(source.name), { sourceId: source.id, alarms: items });
}

/** An Alertmanager v4 webhook body (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export function alertmanagerBody(
  status: 'firing' | 'resolved',
  alerts: Array<{ fingerprint: string; status?: 'firing' | 'resolved'; alertname?: string; severity?: string; summary?: string; service?: string }>,
) {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status,
    receiver: 'opsdesk',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? status,
      labels: { alertname: a.alertname ?? 'DiskFull', severity: a.severity ?? 'critical', instance: `${a.fingerprint}:9100`, ...(a.service ? { service: a.service } : {}) },
      annotations: { summary: a.summary ?? `Disk full on ${a.fingerprint}` },
      startsAt: '2026-11-23T08:59:00Z',
      endsAt: (a.status ?? status) === 'resolved' ? '2026-11-23T09:10:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk',
      fingerprint: a.fingerprint,
    })),
  };
}
