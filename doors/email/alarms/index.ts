/**
 * The alarms' part of the email door: a page on the email channel of a person's notification rules
 * (`alarm.page_sent`, channel `email`) goes to their address, with a link to the alarms in the
 * console where they acknowledge it.
 */
import { AlarmEvents, getAlarm, type AlarmView } from '../../../core/alarms/index.ts';
import { emailAddresses } from '../../../core/directory/index.ts';
import { htmlPage, link, mailTime, para, TEXT_FOOTER } from '../kit.ts';
import type { EmailPart, EmailRule } from '../types.ts';

export function pageMessage(alarm: AlarmView, reason: string, consoleUrl: string): { subject: string; text: string; html: string } {
  const url = `${consoleUrl}/alarms`;
  const lead = `You are paged (${reason}): ${alarm.summary}.`;
  const facts = `Severity ${alarm.severity}, source ${alarm.sourceName}${alarm.service ? `, service ${alarm.service}` : ''}; triggered ${mailTime(alarm.triggeredAt)}.`;
  const ask = 'Acknowledge it in opsdesk (or on its card in the on-call channel) so that nobody else is paged.';
  return {
    subject: `[PAGE] ${alarm.severity}: ${alarm.summary}`,
    text: [lead, facts, '', ask, `Open the alarms: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`Paged: ${alarm.summary}`, [para(lead), para(facts), para(ask), `<p>${link(url, 'Open the alarms')}</p>`]),
  };
}

export const alarmEmailRule: EmailRule = async (event, ctx) => {
  if (!AlarmEvents.pageSent.is(event) || event.payload.channel !== 'email') return [];
  const { personId, reason } = event.payload;
  const to = (await ctx.read(emailAddresses, { personIds: [personId] })).get(personId);
  if (!to) return [];
  const alarm = await ctx.read(getAlarm, { alarmId: event.subjectId });
  return [{ kind: 'page', to: { personId, name: to.name, address: to.address }, ...pageMessage(alarm, reason, ctx.consoleUrl), pageId: event.payload.pageId }];
};

const part: EmailPart = { rule: alarmEmailRule };
export default part;
