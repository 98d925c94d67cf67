/**
 * Block Kit for incidents and maintenance windows: the /incident modal, an incident's card in each
 * client channel of the orgs told (kept up to date), each update in its thread, and maintenance
 * notices. Pure: a notice's payload or the choices in, blocks out.
 */
import type { types } from '@slack/bolt';
import { IMPACT_LABELS, INCIDENT_STATUSES, STATUS_LABELS, type IncidentNotified, type IncidentView, type MaintenanceNotified } from '../../../core/incidents/index.ts';
import { button, context, input, option, section, type KnownBlock } from '../kit/blocks.ts';
import { slackTime } from '../kit/dates.ts';
import { clip, escapeText } from '../kit/text.ts';

export const DECLARE_CALLBACK = 'incident:declare';
export const UPDATE_ACTION = 'incident:update';
export const UPDATE_CALLBACK = 'incident:post_update';

const IMPACT_EMOJI = { none: ':large_blue_circle:', minor: ':large_yellow_circle:', major: ':large_orange_circle:', critical: ':red_circle:' } as const;

export function declareModal(services: ReadonlyArray<{ id: string; name: string; isPublic: boolean }>): types.ModalView {
  const impacts = (['minor', 'major', 'critical', 'none'] as const).map((impact) => option(IMPACT_LABELS[impact], impact));
  const blocks: KnownBlock[] = [
    input('title', 'Title (clients read it)', { type: 'plain_text_input', max_length: 200 }),
    input('services', 'Affected services', {
      type: 'multi_static_select',
      options: services.slice(0, 100).map((s) => option(clip(`${s.name}${s.isPublic ? '' : ' (internal)'}`, 70), s.id)),
    }),
    input('impact', 'Impact', { type: 'static_select', initial_option: impacts[0], options: impacts }),
    input('message', 'First update (clients read it)', { type: 'plain_text_input', multiline: true }, { hint: 'Status: Investigating. Post later updates with postIncidentUpdate.' }),
  ];
  return {
    type: 'modal',
    callback_id: DECLARE_CALLBACK,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** The incident's card in a client channel, as the latest notice tells it. */
export function incidentCard(notice: IncidentNotified): { text: string; blocks: KnownBlock[] } {
  const status = STATUS_LABELS[notice.status];
  const text = `${IMPACT_EMOJI[notice.impact]} Incident: ${notice.title} (${status})`;
  return {
    text,
    blocks: [
      section(`${IMPACT_EMOJI[notice.impact]} *Incident: ${escapeText(notice.title)}*`),
      section(`*Status:* ${status}   *Impact:* ${IMPACT_LABELS[notice.impact]}\n*Affected:* ${escapeText(notice.services.join(', '))}`),
      context('Updates follow in this thread.'),
    ],
  };
}

export function statusLine(status: IncidentNotified['status'], message: string): string {
  return `*${STATUS_LABELS[status]}*: ${clip(escapeText(message), 2800)}`;
}

export const updateText = (notice: IncidentNotified): string => statusLine(notice.status, notice.message);

const MAINTENANCE_LEADS = {
  scheduled: ':calendar: Maintenance scheduled',
  rescheduled: ':calendar: Maintenance rescheduled',
  cancelled: ':x: Maintenance cancelled',
  started: ':construction: Maintenance started',
  ended: ':white_check_mark: Maintenance completed',
} as const;

export function maintenanceText(notice: MaintenanceNotified): string {
  const window = `${slackTime(new Date(notice.startsAt))} – ${slackTime(new Date(notice.endsAt))}`;
  const was = notice.previous ? ` (was ${slackTime(new Date(notice.previous.startsAt))} – ${slackTime(new Date(notice.previous.endsAt))})` : '';
  return `${MAINTENANCE_LEADS[notice.notice]}: *${escapeText(notice.title)}*, ${window}${was}. Affected: ${escapeText(notice.services.join(', '))}.`;
}

/** The incident's card for provider staff (in the support channels): its state, and a button to post an update. */
export function staffCard(incident: IncidentView): { text: string; blocks: KnownBlock[] } {
  const status = STATUS_LABELS[incident.status];
  const text = `${IMPACT_EMOJI[incident.impact]} Incident: ${incident.title} (${status})`;
  const blocks: KnownBlock[] = [
    section(`${IMPACT_EMOJI[incident.impact]} *Incident: ${escapeText(incident.title)}*${incident.origin === 'automatic' ? ' (opened automatically)' : ''}`),
    section(`*Status:* ${status}   *Impact:* ${IMPACT_LABELS[incident.impact]}\n*Affected:* ${escapeText(incident.services.map((s) => s.name).join(', '))}`),
    context(`${incident.alarmIds.length} alarm(s), ${incident.ticketIds.length} ticket(s) linked. Clients of the affected services are told each update.`),
  ];
  if (incident.status !== 'resolved') {
    blocks.push({ type: 'actions', block_id: `incident:${incident.id}`, elements: [button('Post an update', UPDATE_ACTION, incident.id, 'primary')] });
  }
  return { text, blocks };
}

/** The form for a public update: the status (the current one first), the message, and the impact if it changed. */
export function updateModal(incident: IncidentView): types.ModalView {
  const statuses = INCIDENT_STATUSES.map((status) => option(STATUS_LABELS[status], status));
  const impacts = (['none', 'minor', 'major', 'critical'] as const).map((impact) => option(IMPACT_LABELS[impact], impact));
  return {
    type: 'modal',
    callback_id: UPDATE_CALLBACK,
    private_metadata: incident.id,
    title: { type: 'plain_text', text: 'Post an update' },
    submit: { type: 'plain_text', text: 'Post' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`*${escapeText(incident.title)}*`),
      input('status', 'Status', { type: 'static_select', initial_option: statuses[INCIDENT_STATUSES.indexOf(incident.status)], options: statuses }),
      input('message', 'Update (clients read it)', { type: 'plain_text_input', multiline: true }),
      input('impact', 'Impact', { type: 'static_select', initial_option: impacts.find((o) => o.value === incident.impact), options: impacts }),
    ],
  };
}
