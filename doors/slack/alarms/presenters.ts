/**
 * Block Kit for alarms, pure: a core view in, blocks out. The on-call card with its buttons, the page
 * DMs, the channel-wide page, the disaster-recovery notices, the Resolve modal, `/oncall`, and the
 * App Home section.
 */
import {
  escalationPosition,
  STATE_LABELS,
  type AlarmCardView,
  type AlarmSeverity,
  type AlarmsHomeView,
  type AlarmView,
  type OnCallView,
  type ShiftView,
} from '../../../core/alarms/index.ts';
import { button, ephemeral, input, section, type KnownBlock, type SlackReply } from '../kit/blocks.ts';
import { utcText } from '../kit/dates.ts';
import { clip, escapeText } from '../kit/text.ts';

/** The card's buttons (kit/buttons.ts runs them). */
export const ALARM_ACTIONS = {
  acknowledge: 'alarm:acknowledge',
  escalate: 'alarm:escalate',
  resolve: 'alarm:resolve',
} as const;

/** The ids cards posted before `alarm:<verb>` carry: their buttons still work. */
export const LEGACY_ALARM_ACTIONS = {
  acknowledge: 'alarm_acknowledge',
  escalate: 'alarm_escalate',
  resolve: 'alarm_resolve',
} as const;

/** The Resolve modal, and the id a modal opened before the upgrade still carries. */
export const RESOLVE_MODAL = 'alarm:resolve_root_cause';
export const LEGACY_RESOLVE_MODAL = 'alarm_resolve_modal';
export const ROOT_CAUSE_BLOCK = 'root_cause';
/** The root cause input's action id in modals opened before the upgrade (now kit's `value`). */
export const LEGACY_ROOT_CAUSE_INPUT = 'root_cause_input';

const SEVERITY_ICON: Record<AlarmSeverity, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };

export function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export function stepLabel(alarm: AlarmView): string {
  const at = escalationPosition(alarm);
  return `step ${at.step} of ${at.steps}${at.rounds > 1 ? `, round ${at.round} of ${at.rounds}` : ''} (${escapeText(at.policy)})`;
}

function mentions(slackUsers: string[]): string {
  return slackUsers.length > 0 ? slackUsers.map((u) => `<@${u}>`).join(', ') : 'nobody with Slack';
}

/** The one card per alarm in the on-call channel, edited in place as the alarm changes. */
export function alarmCard({ alarm, paged }: AlarmCardView, at: Date): { text: string; blocks: KnownBlock[] } {
  const source = alarm.sourceName;
  const state = STATE_LABELS[alarm.state];
  const title = `${SEVERITY_ICON[alarm.severity]} *${escapeText(alarm.summary)}*`;
  const text = `${state}: ${alarm.summary} (${alarm.severity}, ${source})`;
  const openUntil = alarm.resolvedAt ?? at;
  const fields = [
    `*State*\n${state}`,
    `*Severity*\n${alarm.severity}`,
    `*Source*\n${escapeText(source)}${alarm.service ? ` / ${escapeText(alarm.service)}` : ''}`,
    `*Open for*\n${duration(openUntil.getTime() - alarm.triggeredAt.getTime())}`,
    `*Escalation*\n${stepLabel(alarm)}`,
    `*Repeats*\n${alarm.count > 1 ? `${alarm.count} times, last ${utcText(alarm.lastSeenAt)}` : 'once'}`,
  ];
  const blocks: KnownBlock[] = [section(title), { type: 'section', fields: fields.map((f) => ({ type: 'mrkdwn', text: f })) }];
  const context: string[] = [];
  if (alarm.state === 'TRIGGERED' && alarm.pagingHeldBy) context.push(`:construction: Paging held by maintenance ${alarm.pagingHeldBy}: it pages when the window ends, if still open`);
  else if (alarm.state === 'TRIGGERED') context.push(`Paged: ${mentions(paged.flatMap((p) => (p.slackUserId ? [p.slackUserId] : [])))}`);
  if (alarm.acknowledgedAt) context.push(`Acknowledged by ${escapeText(alarm.acknowledgedByName ?? 'someone')} at ${utcText(alarm.acknowledgedAt)}`);
  if (alarm.resolvedAt) context.push(`Resolved by ${escapeText(alarm.resolvedBy ?? 'someone')} at ${utcText(alarm.resolvedAt)}`);
  if (alarm.disasterRecoveryAt) context.push(`:sos: Disaster recovery invoked at ${utcText(alarm.disasterRecoveryAt)}`);
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

export function pageText(alarm: AlarmView, reason: string): string {
  return `:rotating_light: You are paged (${reason}): *${escapeText(alarm.summary)}* (${alarm.severity}, ${escapeText(alarm.sourceName)}). Acknowledge it on its card in the on-call channel.`;
}

export function channelPageText(alarm: AlarmView): string {
  return `<!here> Nobody has acknowledged *${escapeText(alarm.summary)}* yet: the whole on-call channel is paged (${stepLabel(alarm)}).`;
}

export function disasterRecoveryText(alarm: AlarmView, contacts: string[]): string {
  return `:sos: *Disaster recovery:* *${escapeText(alarm.summary)}* is still not resolved two hours after it triggered (${utcText(alarm.triggeredAt)}). DR contacts paged: ${mentions(contacts)}.`;
}

export function disasterRecoveryDm(alarm: AlarmView): string {
  return `:sos: You are paged as a disaster-recovery contact: *${escapeText(alarm.summary)}* is still not resolved two hours after it triggered.`;
}

/** The modal behind Resolve: the root cause, optional (left empty, a follow-up stays open). */
export function resolveModal(alarm: AlarmView) {
  return {
    type: 'modal' as const,
    callback_id: RESOLVE_MODAL,
    private_metadata: alarm.id,
    title: { type: 'plain_text' as const, text: 'Resolve alarm' },
    submit: { type: 'plain_text' as const, text: 'Resolve' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      section(`*${escapeText(alarm.summary)}*`),
      input(
        ROOT_CAUSE_BLOCK,
        'Root cause',
        { type: 'plain_text_input', multiline: true, max_length: 3000 },
        { optional: true, hint: 'Left empty, a follow-up stays open until someone writes it.' },
      ),
    ],
  };
}

const who = (shift: ShiftView | undefined) => (shift ? escapeText(shift.name ?? shift.personId) : 'nobody');

/** `/oncall`: who is on call now and next in each schedule, and the follow-ups still open. */
export function onCallMessage(answers: OnCallView[], followUps: AlarmView[]): SlackReply {
  const lines = answers.map(
    ({ schedule, now, next }) =>
      `*${escapeText(schedule.name)}*: ${who(now)}${now ? ` until ${utcText(now.until)}${now.override ? ' (override)' : ''}` : ''}; next ${who(next)}${next ? ` from ${utcText(next.from)}` : ''}`,
  );
  const blocks: KnownBlock[] = [section(lines.length > 0 ? `*On call now*\n${lines.join('\n')}` : 'No on-call schedules yet.')];
  if (followUps.length > 0) {
    blocks.push(section(`*Follow-ups waiting for a root cause*\n${followUps.map((a) => `• ${escapeText(a.summary)} (resolved ${utcText(a.resolvedAt!)})`).join('\n')}`));
  }
  return ephemeral(lines.length > 0 ? lines.join('\n') : 'No on-call schedules yet.', blocks);
}

/** A titled list of alarms for App Home; nothing when there are none. */
function homeAlarmLines(title: string, rows: AlarmView[], now: Date): KnownBlock[] {
  if (rows.length === 0) return [];
  const lines = rows.map(
    (a) => `• ${SEVERITY_ICON[a.severity]} *${escapeText(a.summary)}* — ${a.state.toLowerCase()}, open ${duration(now.getTime() - a.triggeredAt.getTime())}`,
  );
  return [section(clip(`*${title}*\n${lines.join('\n')}`))];
}

/** The alarms' App Home section: what pages the person now, and the follow-ups waiting for a root cause. */
export function alarmsHomeBlocks(view: AlarmsHomeView, now: Date): KnownBlock[] {
  return [
    ...homeAlarmLines('Alarms paging you', view.paging, now),
    ...homeAlarmLines('Resolved alarms waiting for a root cause', view.followUps, now),
  ];
}
