/**
 * The alarms' part of the SMS door: a page on the SMS channel of a person's notification rules
 * (`alarm.page_sent`, channel `sms`) goes to their phone as one short text. A text that does not get
 * through (refused, past the horizon, or a failed receipt) is reported to the core by the door
 * (`page:<id>`), which pages the person's next channel at once.
 */
import { AlarmEvents, getAlarm, type AlarmView } from '../../../core/alarms/index.ts';
import { phoneNumbers } from '../../../core/directory/index.ts';
import type { SmsPart, SmsRule } from '../types.ts';

/** One text, under 160 characters where it can be: what, how bad, why, where to acknowledge. */
export function pageSms(alarm: Pick<AlarmView, 'summary' | 'severity' | 'sourceName'>, reason: string, consoleUrl: string): string {
  const summary = alarm.summary.length > 80 ? `${alarm.summary.slice(0, 79)}…` : alarm.summary;
  return `opsdesk page (${reason}): ${summary} [${alarm.severity}, ${alarm.sourceName}]. Acknowledge: ${consoleUrl}/alarms`;
}

export const alarmSmsRule: SmsRule = async (event, ctx) => {
  if (!AlarmEvents.pageSent.is(event) || event.payload.channel !== 'sms') return [];
  const { personId, pageId, reason } = event.payload;
  const to = (await ctx.read(phoneNumbers, { personIds: [personId] })).get(personId);
  if (!to) return [];
  const alarm = await ctx.read(getAlarm, { alarmId: event.subjectId });
  return [{ kind: 'page', to: { personId, name: to.name, phone: to.phone }, body: pageSms(alarm, reason, ctx.consoleUrl), subject: `page:${pageId}` }];
};

const part: SmsPart = { rule: alarmSmsRule };
export default part;
