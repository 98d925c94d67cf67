/**
 * The SLA report as a CSV download: `GET /reports/sla/:orgId/:month` (month as YYYY-MM) answers the
 * figures of the `slaReport` query as one table of `section,item,measure,value` rows, for a
 * spreadsheet. By the console's session (with its CSRF token, like every console request) or by a
 * bearer token, for a client's reporting job. The query decides who may read it.
 */
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../core/command.ts';
import { satisfactionReport, slaReport, type AlarmFigures, type SatisfactionFigures, type SlaReport, type TicketFigures } from '../../core/reports/index.ts';
import type { Host } from '../../server/door.ts';
import { downloadActor } from './download-auth.ts';

const params = z.object({ orgId: z.string().max(100), month: z.string().max(20) });

export function mountReportsExport(app: Express, host: Host): void {
  const { core } = host;
  app.get('/reports/sla/:orgId/:month', async (req: Request, res: Response, next) => {
    try {
      const actor = await downloadActor(host, req);
      const { orgId, month } = parseInput(params, req.params);
      const report = await core.read(slaReport, actor, { orgId, month });
      const satisfaction = await core.read(satisfactionReport, actor, { orgId, month });
      res.status(200);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-disposition', `attachment; filename="opsdesk-sla-${report.org.slug}-${report.month}.csv"`);
      res.send(slaReportCsv(report, satisfaction));
    } catch (error) {
      next(error);
    }
  });
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const TICKET_MEASURES: (keyof TicketFigures)[] = ['opened', 'responded', 'responseMedianSeconds', 'responseP90Seconds', 'met', 'breached', 'pending', 'noTarget', 'metRatio'];
const ALARM_MEASURES: (keyof AlarmFigures)[] = [
  'triggered',
  'acknowledged',
  'ackMedianSeconds',
  'ackP90Seconds',
  'resolved',
  'resolveMedianSeconds',
  'resolveP90Seconds',
  'escalated',
  'escalations',
  'disasterRecoveries',
  'followUpsOpen',
];

/** The report as CSV lines: a header, the report's identity, then one row per figure. */
export function slaReportCsv(report: SlaReport, satisfaction?: SatisfactionFigures): string {
  const rows: (string | number | null)[][] = [['section', 'item', 'measure', 'value']];
  rows.push(['report', 'org', 'name', report.org.name], ['report', 'org', 'slug', report.org.slug], ['report', 'month', 'month', report.month]);
  rows.push(['report', 'month', 'timeZone', report.timeZone], ['report', 'month', 'from', report.from.toISOString()], ['report', 'month', 'to', report.to.toISOString()]);
  rows.push(['report', 'month', 'complete', String(report.complete)], ['report', 'generated', 'at', report.generatedAt.toISOString()]);
  for (const s of report.severities) {
    rows.push(['tickets', s.severity, 'targetMinutes', s.target?.minutes ?? null], ['tickets', s.severity, 'targetClock', s.target?.clock ?? null]);
    for (const measure of TICKET_MEASURES) rows.push(['tickets', s.severity, measure, s[measure]]);
  }
  for (const measure of TICKET_MEASURES) rows.push(['tickets', 'ALL', measure, report.total[measure]]);
  for (const b of report.breaches) {
    rows.push(
      ['breach', b.key, 'severity', b.severity],
      ['breach', b.key, 'title', b.title],
      ['breach', b.key, 'openedAt', b.openedAt.toISOString()],
      ['breach', b.key, 'dueAt', b.dueAt?.toISOString() ?? null],
      ['breach', b.key, 'breachedAt', b.breachedAt?.toISOString() ?? null],
      ['breach', b.key, 'firstResponseAt', b.firstResponseAt?.toISOString() ?? null],
    );
  }
  for (const measure of ALARM_MEASURES) rows.push(['alarms', 'org', measure, report.alarms[measure]]);
  if (report.providerAlarms) for (const measure of ALARM_MEASURES) rows.push(['alarms', 'provider', measure, report.providerAlarms[measure]]);
  if (satisfaction) {
    rows.push(['satisfaction', 'org', 'ratings', satisfaction.ratings], ['satisfaction', 'org', 'average', satisfaction.average]);
    satisfaction.distribution.forEach((count, i) => rows.push(['satisfaction', `score ${i + 1}`, 'ratings', count]));
  }
  return `${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
