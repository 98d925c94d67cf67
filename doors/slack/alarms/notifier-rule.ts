/**
 * What Slack shows of alarms: one card per alarm in the provider's on-call channel (`alarm:<id>`),
 * updated in place on every change; a DM to each person paged (marked a page: the notifier counts
 * it when Slack has not taken it within 60 s); a channel-wide page in the card's thread when a step
 * pages the channel; and the disaster-recovery notice in the channel, with a page to each contact.
 * Bursts are queued by the notifier (paced per channel), so nothing is lost; folds only re-render the card.
 */
import { eq } from 'drizzle-orm';
import { alarms, alarmSources } from '../../../db/schema.ts';
import { requireProviderOrg } from '../../../core/directory/lookups.ts';
import { linkedChannels, slackUsersOf } from '../notifier/lookups.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { alarmCard, channelPageText, disasterRecoveryDm, disasterRecoveryText, pageText } from './presenters.ts';

const PAGING_EVENTS = new Set(['alarm.triggered', 'alarm.escalated']);

export const alarmNotifierRule: NotifierRule = async (event, { db, teamId }) => {
  if (event.subjectType !== 'alarm' || !event.type.startsWith('alarm.')) return [];
  const [alarm] = await db.select().from(alarms).where(eq(alarms.id, event.subjectId));
  if (!alarm) return [];
  const [source] = await db.select({ name: alarmSources.name }).from(alarmSources).where(eq(alarmSources.id, alarm.sourceId));
  const sourceName = source?.name ?? 'unknown source';
  const provider = await requireProviderOrg(db);
  const [channel] = await linkedChannels(db, teamId, provider.id, 'oncall');
  const pagedIds = Array.isArray(event.payload.paged) ? (event.payload.paged as string[]) : [];
  const slackUsers = await slackUsersOf(db, teamId, [...new Set([...alarm.paged, ...pagedIds])]);
  const outputs: SlackOutput[] = [];
  const cardKey = `alarm:${alarm.id}`;
  if (channel) {
    const card = alarmCard(alarm, sourceName, alarm.paged.flatMap((id) => slackUsers.get(id) ?? []), new Date(event.at));
    outputs.push({ kind: 'card', cardKey, channel, ...card });
  }
  if (PAGING_EVENTS.has(event.type)) {
    const reason = event.type === 'alarm.triggered' ? 'new alarm' : String(event.payload.reason ?? 'escalated');
    for (const id of pagedIds) {
      const user = slackUsers.get(id);
      if (user) outputs.push({ kind: 'post', channel: user, text: pageText(alarm, sourceName, reason), page: true });
    }
    if (event.payload.channel === true && channel) outputs.push({ kind: 'post', threadOf: cardKey, text: channelPageText(alarm) });
  }
  // The Home of everyone the alarm pages lists it, or stops listing it; a repeat changes neither list.
  if (event.type !== 'alarm.folded') for (const personId of new Set([...alarm.paged, ...pagedIds])) outputs.push({ kind: 'home', personId });
  if (event.type === 'alarm.disaster_recovery_invoked') {
    const contacts = pagedIds.flatMap((id) => slackUsers.get(id) ?? []);
    for (const user of contacts) outputs.push({ kind: 'post', channel: user, text: disasterRecoveryDm(alarm), page: true });
    if (channel) outputs.push({ kind: 'post', channel, text: disasterRecoveryText(alarm, contacts) });
  }
  return outputs;
};
