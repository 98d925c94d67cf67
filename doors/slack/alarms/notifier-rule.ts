/**
 * What Slack shows of alarms: one card per alarm in the provider's on-call channel (`alarm:<id>`),
 * updated in place on every change; a DM for each page on the Slack channel of a person's
 * notification rules (`alarm.page_sent`, marked a page: when Slack has not taken it within 60 s, or
 * gives it up, the notifier reports it and the core pages the person's next channel); a channel-wide page in the card's thread when a step
 * pages the channel; and the disaster-recovery notice in the channel, with a page to each contact.
 * Bursts are queued by the notifier (paced per channel), so nothing is lost; folds only re-render the card.
 *
 * Everything is read through core queries (as the notifier's system actor): the card's view, the
 * provider's on-call channel, and where Slack reaches the people an event pages.
 */
import { alarmCard, AlarmEvents } from '../../../core/alarms/index.ts';
import { linkedChannels, providerOrg, slackUsers } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { NotifierContext, NotifierRule, SlackOutput } from '../notifier/types.ts';
import { alarmCard as renderCard, channelPageText, disasterRecoveryDm, disasterRecoveryText, pageText } from './presenters.ts';

export const alarmCardKey = (alarmId: string) => `alarm:${alarmId}`;

/** The people an event pages: a step's (triggered, escalated) or the disaster-recovery contacts. */
function pagedBy(event: DomainEvent): string[] {
  if (AlarmEvents.triggered.is(event) || AlarmEvents.escalated.is(event) || AlarmEvents.disasterRecoveryInvoked.is(event)) return event.payload.paged;
  return [];
}

async function onCallChannel(ctx: NotifierContext): Promise<string | undefined> {
  const provider = await ctx.read(providerOrg, {});
  const [channel] = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: provider.id, purpose: 'oncall' });
  return channel;
}

export const alarmNotifierRule: NotifierRule = async (event, ctx) => {
  if (!AlarmEvents.has(event) || AlarmEvents.pageFailed.is(event)) return [];
  if (AlarmEvents.pageSent.is(event)) {
    if (event.payload.channel !== 'slack') return [];
    const [user] = [...(await ctx.read(slackUsers, { teamId: ctx.teamId, personIds: [event.payload.personId] })).values()];
    if (!user) return [];
    const { alarm } = await ctx.read(alarmCard, { alarmId: event.subjectId, teamId: ctx.teamId });
    const text = event.payload.disasterRecovery ? disasterRecoveryDm(alarm) : pageText(alarm, event.payload.reason);
    return [{ kind: 'post', channel: user, text, page: true }];
  }
  // Alarms are never deleted: the event's alarm is there.
  const [view, channel] = await Promise.all([ctx.read(alarmCard, { alarmId: event.subjectId, teamId: ctx.teamId }), onCallChannel(ctx)]);
  const { alarm } = view;
  const paged = pagedBy(event);
  // The card already knows where Slack reaches whoever the alarm pages now; ask only for the others.
  const reach = new Map(view.paged.flatMap((p) => (p.slackUserId ? [[p.id, p.slackUserId] as const] : [])));
  const unknown = paged.filter((id) => !view.paged.some((p) => p.id === id));
  if (unknown.length > 0) for (const [id, user] of await ctx.read(slackUsers, { teamId: ctx.teamId, personIds: unknown })) reach.set(id, user);

  const outputs: SlackOutput[] = [];
  const cardKey = alarmCardKey(alarm.id);
  if (channel) outputs.push({ kind: 'card', cardKey, channel, ...renderCard(view, new Date(event.at)) });
  // The people a step pages get their DMs through their notification rules (`alarm.page_sent`, above).
  if (AlarmEvents.triggered.is(event) || AlarmEvents.escalated.is(event)) {
    if (event.payload.channel && channel) outputs.push({ kind: 'post', threadOf: cardKey, text: channelPageText(alarm) });
  }
  // The Home of everyone the alarm pages lists it, or stops listing it; a repeat changes neither list.
  if (!AlarmEvents.folded.is(event)) for (const personId of new Set([...alarm.paged, ...paged])) outputs.push({ kind: 'home', personId });
  if (AlarmEvents.disasterRecoveryInvoked.is(event)) {
    // The contacts themselves are paged through their notification rules (`alarm.page_sent`, above).
    const contacts = paged.flatMap((id) => reach.get(id) ?? []);
    if (channel) outputs.push({ kind: 'post', channel, text: disasterRecoveryText(alarm, contacts) });
  }
  return outputs;
};
