/** Mail about incidents and maintenance windows, pure: an event's payload in, a message out. */
import { IMPACT_LABELS, STATUS_LABELS, type IncidentNotified, type MaintenanceNotified } from '../../../core/incidents/index.ts';
import { escapeHtml, htmlPage, link, mailTime, para, TEXT_FOOTER } from '../kit.ts';

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

/**
 * A status page subscriber's copy of a notice: the same message with its own unsubscribe link
 * (besides the List-Unsubscribe header, for mail programs that show no button).
 */
export function withUnsubscribe(message: Message, unsubscribeUrl: string): Message {
  const line = 'You get this because you subscribed to the status page by email.';
  return {
    subject: message.subject,
    text: message.text.replace(/\n-- \n/, `\n${line} Unsubscribe: ${unsubscribeUrl}\n\n-- \n`),
    html: message.html.replace('</body></html>', `<p style="color: #666; font-size: smaller">${escapeHtml(line)} ${link(unsubscribeUrl, 'Unsubscribe')}</p>\n</body></html>`),
  };
}

/** The double opt-in's mail: the link that confirms the subscription, and what happens otherwise. */
export function confirmationMessage(confirmUrl: string, statusUrl: string, validHours: number): Message {
  const subject = 'Confirm your subscription to the status page';
  const lines = [
    'Someone, probably you, asked to get the status page\'s incident and maintenance notices at this address.',
    `Confirm it (the link works for ${validHours} hours): ${confirmUrl}`,
    'If it was not you, ignore this message: nothing will be sent to you.',
    `The status page: ${statusUrl}`,
  ];
  return {
    subject,
    text: [...lines, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(subject, [
      para(lines[0]!),
      `<p>${link(confirmUrl, 'Confirm the subscription')} (the link works for ${validHours} hours).</p>`,
      para(lines[2]!),
      `<p>${link(statusUrl, 'The status page')}</p>`,
    ]),
  };
}
