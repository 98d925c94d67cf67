/**
 * What Slack shows of the deeper SLA and of satisfaction: a line in the card's thread for each
 * pause and resume of the clock (the client's channel sees them, so a pause is never silent), the
 * resolution target's warning and breach in the thread and the support channels (as the response
 * target's are), and a rating in the thread. Pure presenters and one notifier rule.
 */
import type { DomainEvent } from '../../../core/events/bus.ts';
import { linkedChannels, providerOrg } from '../../../core/directory/index.ts';
import { TicketSlaEvents, ticketCard, type TicketRow } from '../../../core/tickets/index.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { slackTime } from '../kit/dates.ts';
import { escapeText } from '../kit/text.ts';
import { messageLink } from './presenters.ts';
import { ticketCardKey } from './notifier-rule.ts';

const hours = (minutes: number) => (minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`);

/** The card thread's line for one of these events; undefined for others. */
export function slaThreadLine(event: DomainEvent): string | undefined {
  if (TicketSlaEvents.slaPaused.is(event)) return ':double_vertical_bar: The SLA clock is paused while the ticket awaits your reply.';
  if (TicketSlaEvents.slaResumed.is(event)) {
    const { pausedMinutes, resolutionDueAt } = event.payload;
    return `:arrow_forward: The SLA clock runs again after ${hours(pausedMinutes)} of working time paused; resolution due ${slackTime(new Date(resolutionDueAt))}.`;
  }
  if (TicketSlaEvents.resolutionWarned.is(event)) return `:warning: 75% of the resolution time is gone; due ${slackTime(new Date(event.payload.dueAt))}.`;
  if (TicketSlaEvents.resolutionBreached.is(event)) return ':rotating_light: The resolution target is *breached*.';
  if (TicketSlaEvents.rated.is(event)) return `The initiator rated the support *${event.payload.score}/5*${event.payload.comment ? `: ${escapeText(event.payload.comment)}` : '.'}`;
  return undefined;
}

/** The support channels' notice: the resolution target's warning and breach only. */
export function slaSupportNotice(event: DomainEvent, ticket: TicketRow, card: { channel?: string; ts?: string }): string | undefined {
  const where = card.channel && card.ts ? ` (<${messageLink(card.channel, card.ts)}|see the card>)` : '';
  const title = `*${ticket.key}* ${escapeText(ticket.title)}`;
  if (TicketSlaEvents.resolutionWarned.is(event)) return `:warning: Resolution warning on ${title}${where}: 75% of the resolution time is gone.`;
  if (TicketSlaEvents.resolutionBreached.is(event)) return `:rotating_light: Resolution target breached on ${title}${where}.`;
  return undefined;
}

export const ticketSlaNotifierRule: NotifierRule = async (event, ctx) => {
  if (!TicketSlaEvents.has(event) || event.subjectType !== 'ticket') return [];
  const { ticket } = await ctx.read(ticketCard, { ticketId: event.subjectId });
  const cardKey = ticketCardKey(ticket.id);
  const outputs: SlackOutput[] = [];
  const [cardChannel] = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: ticket.orgId, purpose: 'client' });
  const line = slaThreadLine(event);
  if (cardChannel && line) outputs.push({ kind: 'post', threadOf: cardKey, text: line });
  const notice = slaSupportNotice(event, ticket, (await ctx.cardOf(cardKey)) ?? { channel: cardChannel });
  if (notice) {
    const provider = await ctx.read(providerOrg, {});
    for (const channel of await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: provider.id, purpose: 'support' })) {
      outputs.push({ kind: 'post', channel, text: notice });
    }
  }
  return outputs;
};
