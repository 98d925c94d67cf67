/**
 * The two webhook formats, validated with zod and turned into opsdesk's incoming alarms:
 * a generic JSON body, and Prometheus Alertmanager's webhook (version 4), which carries a group
 * of alerts, each with its own fingerprint and status.
 */
import { z } from 'zod';
import type { IncomingAlarm } from '../../../core/alarms/index.ts';
import { parseInstant } from '../../../core/input.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** An ISO 8601 date-time with its offset, on the calendar and within 1970-9999. */
const instant = z
  .string()
  .datetime({ offset: true, message: 'an ISO 8601 date-time' })
  .superRefine((value, ctx) => {
    const parsed = parseInstant(value);
    if ('problem' in parsed) ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
  });

export const genericAlarmSchema = z
  .object({
    fingerprint: text(500).optional(),
    /** PagerDuty's word for the same thing. */
    dedupKey: text(500).optional(),
    summary: text(1000),
    severity: z.enum(['critical', 'warning', 'info']),
    service: text(200).optional(),
    details: z.record(z.unknown()).default({}),
    status: z.enum(['firing', 'resolved']).default('firing'),
    time: instant.optional(),
  })
  .strict()
  .refine((b) => b.fingerprint ?? b.dedupKey, { message: 'required (or dedupKey)', path: ['fingerprint'] });

export function fromGeneric(body: z.output<typeof genericAlarmSchema>): IncomingAlarm[] {
  return [
    {
      fingerprint: (body.fingerprint ?? body.dedupKey)!,
      summary: body.summary,
      severity: body.severity,
      service: body.service ?? null,
      details: body.details,
      status: body.status,
      time: body.time ? new Date(body.time) : null,
    },
  ];
}

const labels = z.record(z.string());

export const alertmanagerSchema = z.object({
  version: z.literal('4', { errorMap: () => ({ message: 'only version "4" of the Alertmanager webhook is understood' }) }),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels,
        annotations: labels.default({}),
        startsAt: instant,
        // Alertmanager sends its zero time (0001-01-01) while an alert fires; only a resolved alert's end counts.
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: text(500),
      })
      .superRefine((alert, ctx) => {
        if (alert.status !== 'resolved' || alert.endsAt === undefined) return;
        const parsed = instant.safeParse(alert.endsAt);
        if (!parsed.success) ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message, path: ['endsAt'] });
      }),
    )
    .min(1, 'an Alertmanager group carries at least one alert')
    .max(1000),
});

/** Alertmanager's severities are free text: anything unknown counts as a warning. */
function severityOf(value: string | undefined): IncomingAlarm['severity'] {
  const v = (value ?? '').toLowerCase();
  if (['critical', 'crit', 'error', 'page', 'high', 'p1', 'emergency'].includes(v)) return 'critical';
  if (['info', 'informational', 'low', 'none', 'p4', 'p5'].includes(v)) return 'info';
  return 'warning';
}

export function fromAlertmanager(body: z.output<typeof alertmanagerSchema>): IncomingAlarm[] {
  return body.alerts.map((alert) => {
    const labelsOf = { ...body.commonLabels, ...alert.labels };
    const annotations = { ...body.commonAnnotations, ...alert.annotations };
    return {
      fingerprint: alert.fingerprint,
      summary: annotations.summary ?? annotations.description ?? labelsOf.alertname ?? alert.fingerprint,
      severity: severityOf(labelsOf.severity),
      service: labelsOf.service ?? labelsOf.job ?? null,
      details: {
        labels: labelsOf,
        annotations,
        groupKey: body.groupKey ?? null,
        generatorURL: alert.generatorURL ?? null,
        startsAt: alert.startsAt,
        endsAt: alert.endsAt ?? null,
      },
      status: alert.status,
      time: new Date(alert.status === 'resolved' && alert.endsAt ? alert.endsAt : alert.startsAt),
    };
  });
}
