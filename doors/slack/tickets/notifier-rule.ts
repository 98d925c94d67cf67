/**
 * The tickets' Slack output: the card in the org's channel (re-rendered on every change), a line
 * in its thread, the support channel's notices, the on-call page for a client's URGENT proposal,
 * closure reminders to the initiator, and App Home refreshes of the people concerned. Everything is
 * read through core queries, as of now (a card shows the latest truth even when renders fold).
 */
import { linkedChannels, personRefs, providerOrg, slackUsers } from '../../../core/directory/index.ts';
import { peopleOnCall } from '../../../core/alarms/index.ts';
import { TicketEvents, ticketCard } from '../../../core/tickets/index.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { pageText, supportNotice, threadLine, ticketCard as renderCard } from './presenters.ts';

export const ticketCardKey = (ticketId: string) => `ticket:${ticketId}`;
/** The ticket a card key names, if it is a ticket's card. */
export const ticketOfCardKey = (cardKey: string) => (cardKey.startsWith('ticket:') ? cardKey.slice('ticket:'.length) : undefined);

export const ticketNotifierRule: NotifierRule = async (event, ctx) => {
  if (!TicketEvents.has(event) || event.subjectType !== 'ticket') return [];
  const { teamId } = ctx;
  const { ticket, initiatorName, assigneeName } = await ctx.read(ticketCard, { ticketId: event.subjectId });
  const [cardChannel] = await ctx.read(linkedChannels, { teamId, orgId: ticket.orgId, purpose: 'client' });
  const actorName = (await ctx.read(personRefs, { ids: [event.actorId] }))[0]?.name ?? 'opsdesk';
  const cardKey = ticketCardKey(ticket.id);
  const outputs: SlackOutput[] = [];

  if (cardChannel) {
    outputs.push({ kind: 'card', cardKey, channel: cardChannel, ...renderCard(ticket, { initiator: initiatorName, assignee: assigneeName }) });
    // A comment that came from the card's own thread is already there.
    const echo = TicketEvents.commented.is(event) && event.payload.door === 'slack' && event.payload.externalRef;
    const line = echo ? undefined : threadLine(event, actorName);
    if (line) outputs.push({ kind: 'post', threadOf: cardKey, text: line });
  }

  // The card's message once it is posted (for a new ticket it is not yet): notices link to it.
  const place = (await ctx.cardOf(cardKey)) ?? { channel: cardChannel };
  const notice = supportNotice(event, ticket, place);
  if (notice) {
    const provider = await ctx.read(providerOrg, {});
    for (const channel of await ctx.read(linkedChannels, { teamId, orgId: provider.id, purpose: 'support' })) {
      outputs.push({ kind: 'post', channel, text: notice });
    }
  }

  if (TicketEvents.severityProposed.is(event) && event.payload.proposedSeverity === 'URGENT' && event.payload.side === 'client') {
    // Whoever is on call when the client proposed it (alarms' rotations, or the oncall role before there are any).
    const pagees = await ctx.read(peopleOnCall, { at: new Date(event.at) });
    const onCall = await ctx.read(slackUsers, { teamId, personIds: pagees });
    for (const user of onCall.values()) outputs.push({ kind: 'post', channel: user, text: pageText(ticket, place), page: true });
  }

  if (TicketEvents.closureReminded.is(event)) {
    const initiator = (await ctx.read(slackUsers, { teamId, personIds: [ticket.initiatorId], kind: 'ticket' })).get(ticket.initiatorId);
    const line = threadLine(event, '');
    if (initiator && line) outputs.push({ kind: 'post', channel: initiator, text: `*${ticket.key}* ${line}` });
  }

  for (const personId of new Set([ticket.initiatorId, ticket.assigneeId, ticket.proposedById].filter((id): id is string => Boolean(id)))) {
    outputs.push({ kind: 'home', personId });
  }
  return outputs;
};
