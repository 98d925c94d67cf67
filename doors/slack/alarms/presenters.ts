/** Block Kit for alarms: the on-call card with its buttons, the page DM, the Resolve modal, `/oncall`. */
import type { AlarmRow } from '../../../db/schema.ts';
import type { OnCallAnswer } from '../../../core/alarms/oncall.ts';
import type { KnownBlock } from '../notifier/types.ts';
import { button, ephemeral, section, type SlackReply } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';

export const ALARM_ACTIONS = {
  acknowledge: 'alarm_acknowledge',
  escalate: 'alarm_escalate',
  resolve: 'alarm_resolve',
} as const;
export const RESOLVE_MODAL = 'alarm_resolve_modal';
export const ROOT_CAUSE_BLOCK = 'root_cause';
export const ROOT_CAUSE_INPUT = 'root_cause_input';

const SEVERITY_ICON: Record<AlarmRow['severity'], string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };
const STATE_WORD: Record<AlarmRow['state'], string> = { TRIGGERED: 'Triggered', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved' };

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export function stepLabel(alarm: AlarmRow): string {
  const { steps, repeat, name } = alarm.escalation;
  const within = (alarm.escalationStep % steps.length) + 1;
  const round = Math.floor(alarm.escalationStep / steps.length);
  return `step ${within} of ${steps.length}${repeat > 0 ? `, round ${round + 1} of ${repeat + 1}` : ''} (${escapeText(name)})`;
}

function mentions(slackUsers: string[]): string {
  return slackUsers.length > 0 ? slackUsers.map((u) => `<@${u}>`).join(', ') : 'nobody with Slack';
}

/** The one card per alarm in the on-call channel, edited in place as the alarm changes. */
export function alarmCard(alarm: AlarmRow, source: string, pagedSlackUsers: string[], at: Date): { text: string; blocks: KnownBlock[] } {
  const title = `${SEVERITY_ICON[alarm.severity]} *${escapeText(alarm.summary)}*`;
  const text = `${STATE_WORD[alarm.state]}: ${alarm.summary} (${alarm.severity}, ${source})`;
  const openUntil = alarm.resolvedAt ?? at;
  const fields = [
    `*State*\n${STATE_WORD[alarm.state]}`,
    `*Severity*\n${alarm.severity}`,
    `*Source*\n${escapeText(source)}${alarm.service ? ` / ${escapeText(alarm.service)}` : ''}`,
    `*Open for*\n${duration(openUntil.getTime() - alarm.triggeredAt.getTime())}`,
    `*Escalation*\n${stepLabel(alarm)}`,
    `*Repeats*\n${alarm.count > 1 ? `${alarm.count} times, last ${utc(alarm.lastSeenAt)}` : 'once'}`,
  ];
  const blocks: KnownBlock[] = [
    section(title),
    { type: 'section', fields: fields.map((f) => ({ type: 'mrkdwn', text: f })) },
  ];
  const context: string[] = [];
  if (alarm.state === 'TRIGGERED') context.push(`Paged: ${mentions(pagedSlackUsers)}`);
  if (alarm.acknowledgedAt) context.push(`Acknowledged by ${escapeText(alarm.acknowledgedByName ?? 'someone')} at ${utc(alarm.acknowledgedAt)}`);
  if (alarm.resolvedAt) context.push(`Resolved by ${escapeText(alarm.resolvedBy ?? 'someone')} at ${utc(alarm.resolvedAt)}`);
  if (alarm.disasterRecoveryAt) context.push(`:sos: Disaster recovery invoked at ${utc(alarm.disasterRecoveryAt)}`);
  if (context.length > 0) blocks.push({ type: 'context', elements: context.map((c) => ({ type: 'mrkdwn', text: c })) });
  if (alarm.state === 'RESOLVED') {
    blocks.push(section(alarm.rootCause ? `*Root cause:* ${escapeText(alarm.rootCause)}` : ':memo: *Follow-up open:* no root cause written yet.'));
  } else {
    blocks.push({
      type: 'actions',
      block_id: `alarm:${alarm.id}`,
      elements: [
        ...(alarm.state === 'TRIGGERED' ? [button('Acknowledge', ALARM_ACTIONS.acknowledge, alarm.id, 'primary')] : []),
        button('Escalate', ALARM_ACTIONS.escalate, alarm.id),
        button('Resolve', ALARM_ACTIONS.resolve, alarm.id, 'danger'),
      ],
    });
  }
  return { text, blocks };
}

export function pageText(alarm: AlarmRow, source: string, reason: string): string {
  return `:rotating_light: You are paged (${reason}): *${escapeText(alarm.summary)}* (${alarm.severity}, ${escapeText(source)}). Acknowledge it on its card in the on-call channel.`;
}

export function channelPageText(alarm: AlarmRow): string {
  return `<!here> Nobody has acknowledged *${escapeText(alarm.summary)}* yet: the whole on-call channel is paged (${stepLabel(alarm)}).`;
}

export function disasterRecoveryText(alarm: AlarmRow, contacts: string[]): string {
  return `:sos: *Disaster recovery:* *${escapeText(alarm.summary)}* is still not resolved two hours after it triggered (${utc(alarm.triggeredAt)}). DR contacts paged: ${mentions(contacts)}.`;
}

export function disasterRecoveryDm(alarm: AlarmRow): string {
  return `:sos: You are paged as a disaster-recovery contact: *${escapeText(alarm.summary)}* is still not resolved two hours after it triggered.`;
}

/** The modal behind Resolve: the root cause, optional (left empty, a follow-up stays open). */
export function resolveModal(alarm: AlarmRow) {
  return {
    type: 'modal' as const,
    callback_id: RESOLVE_MODAL,
    private_metadata: alarm.id,
    title: { type: 'plain_text' as const, text: 'Resolve alarm' },
    submit: { type: 'plain_text' as const, text: 'Resolve' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      section(`*${escapeText(alarm.summary)}*`),
      {
        type: 'input' as const,
        block_id: ROOT_CAUSE_BLOCK,
        optional: true,
        label: { type: 'plain_text' as const, text: 'Root cause' },
        hint: { type: 'plain_text' as const, text: 'Left empty, a follow-up stays open until someone writes it.' },
        element: { type: 'plain_text_input' as const, action_id: ROOT_CAUSE_INPUT, multiline: true, max_length: 3000 },
      },
    ] as KnownBlock[],
  };
}

export interface OnCallLine {
  answer: OnCallAnswer;
  names: Map<string, string>;
}

/** `/oncall`: who is on call now and next in each schedule, and the follow-ups still open. */
export function onCallMessage(answers: OnCallAnswer[], names: Map<string, string>, followUps: AlarmRow[]): SlackReply {
  const name = (id: string | undefined) => (id ? escapeText(names.get(id) ?? id) : 'nobody');
  const lines = answers.map(({ schedule, now, next }) =>
    `*${escapeText(schedule.name)}*: ${name(now?.personId)}${now ? ` until ${utc(now.until)}${now.override ? ' (override)' : ''}` : ''}; next ${name(next?.personId)}${next ? ` from ${utc(next.from)}` : ''}`,
  );
  const blocks: KnownBlock[] = [section(lines.length > 0 ? `*On call now*\n${lines.join('\n')}` : 'No on-call schedules yet.')];
  if (followUps.length > 0) {
    blocks.push(section(`*Follow-ups waiting for a root cause*\n${followUps.map((a) => `• ${escapeText(a.summary)} (resolved ${utc(a.resolvedAt!)})`).join('\n')}`));
  }
  return ephemeral(lines.length > 0 ? lines.join('\n') : 'No on-call schedules yet.', blocks);
}

/** A titled list of alarms for App Home; nothing when there are none. */
export function homeAlarmLines(title: string, rows: AlarmRow[], now: Date): KnownBlock[] {
  if (rows.length === 0) return [];
  const lines = rows.map(
    (a) => `• ${SEVERITY_ICON[a.severity]} *${escapeText(a.summary)}* — ${a.state.toLowerCase()}, open ${duration(now.getTime() - a.triggeredAt.getTime())}`,
  );
  return [section(`*${title}*\n${lines.join('\n')}`.slice(0, 2900))];
}
