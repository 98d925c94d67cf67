/** Mail about incidents and maintenance windows, pure: an event's payload in, a message out. */
import { IMPACT_LABELS, STATUS_LABELS, type IncidentNotified, type MaintenanceNotified } from '../../../core/incidents/index.ts';
import { htmlPage, link, mailTime, para, TEXT_FOOTER } from '../kit.ts';

export interface Message {
  subject: string;
  text: string;
  html: string;
}

const statusUrl = (consoleUrl: string) => `${consoleUrl}/status`;

const INCIDENT_LEADS = { opened: 'New incident', updated: 'Incident update', resolved: 'Incident resolved' } as const;

export function incidentMessage(notice: IncidentNotified, consoleUrl: string): Message {
  const lead = INCIDENT_LEADS[notice.notice];
  const subject = `[${STATUS_LABELS[notice.status]}] ${notice.title}`;
  const lines = [
    `${lead}: ${notice.title}`,
    `Status: ${STATUS_LABELS[notice.status]}. Impact: ${IMPACT_LABELS[notice.impact]}.`,
    `Affected: ${notice.services.join(', ')}.`,
    '',
    notice.message,
    '',
    `Follow it in opsdesk: ${statusUrl(consoleUrl)}`,
  ];
  return {
    subject,
    text: [...lines, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${lead}: ${notice.title}`, [
      para(`Status: ${STATUS_LABELS[notice.status]}. Impact: ${IMPACT_LABELS[notice.impact]}.`),
      para(`Affected: ${notice.services.join(', ')}.`),
      para(notice.message),
      `<p>${link(statusUrl(consoleUrl), 'Follow it in opsdesk')}</p>`,
    ]),
  };
}

const MAINTENANCE_LEADS = {
  scheduled: 'Maintenance scheduled',
  rescheduled: 'Maintenance rescheduled',
  cancelled: 'Maintenance cancelled',
  started: 'Maintenance started',
  ended: 'Maintenance completed',
} as const;

export function maintenanceMessage(notice: MaintenanceNotified, consoleUrl: string): Message {
  const lead = MAINTENANCE_LEADS[notice.notice];
  const window = `${mailTime(new Date(notice.startsAt))} to ${mailTime(new Date(notice.endsAt))}`;
  const was = notice.previous ? `It was planned for ${mailTime(new Date(notice.previous.startsAt))} to ${mailTime(new Date(notice.previous.endsAt))}.` : undefined;
  const lines = [`${lead}: ${notice.title}`, `Window: ${window}.`, ...(was ? [was] : []), `Affected: ${notice.services.join(', ')}.`, '', `Details in opsdesk: ${statusUrl(consoleUrl)}`];
  return {
    subject: `${lead}: ${notice.title}`,
    text: [...lines, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${lead}: ${notice.title}`, [
      para(`Window: ${window}.`),
      ...(was ? [para(was)] : []),
      para(`Affected: ${notice.services.join(', ')}.`),
      `<p>${link(statusUrl(consoleUrl), 'Details in opsdesk')}</p>`,
    ]),
  };
}
