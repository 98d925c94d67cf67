/**
 * The tickets' Slack output: the card in the org's channel (re-rendered on every change), a line
 * in its thread, the support channel's notices, the on-call page for a client's URGENT proposal,
 * closure reminders to the initiator, and App Home refreshes of the people concerned.
 */
import { eq, inArray } from 'drizzle-orm';
import { people, tickets, type TicketRow } from '../../../db/schema.ts';
import { requireProviderOrg } from '../../../core/directory/lookups.ts';
import { onCallPeople } from '../../../core/tickets/oncall.ts';
import { pageText, supportNotice, threadLine, ticketCard } from './presenters.ts';
import { cardOf, linkedChannels, slackUsersOf } from '../notifier/lookups.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';

export const ticketCardKey = (ticketId: string) => `ticket:${ticketId}`;

export const ticketNotifierRule: NotifierRule = async (event, ctx) => {
  if (event.subjectType !== 'ticket' || !event.type.startsWith('ticket.')) return [];
  const [ticket] = await ctx.db.select().from(tickets).where(eq(tickets.id, event.subjectId));
  if (!ticket) return [];
  const names = await namesOf(ctx.db, [ticket.initiatorId, ticket.assigneeId, event.actorId]);
  const [cardChannel] = await linkedChannels(ctx.db, ctx.teamId, ticket.orgId, 'client');
  const cardKey = ticketCardKey(ticket.id);
  const outputs: SlackOutput[] = [];

  if (cardChannel) {
    const card = ticketCard(ticket, { initiator: names.get(ticket.initiatorId) ?? 'unknown', assignee: ticket.assigneeId ? names.get(ticket.assigneeId) : undefined });
    outputs.push({ kind: 'card', cardKey, channel: cardChannel, ...card });
    // A comment that came from the card's own thread is already there.
    const echo = event.type === 'ticket.commented' && event.payload.door === 'slack' && event.payload.externalRef;
    const line = echo ? undefined : threadLine(event.type, event.payload, names.get(event.actorId) ?? 'opsdesk');
    if (line) outputs.push({ kind: 'post', threadOf: cardKey, text: line });
  }

  // The card's message once it is posted (for a new ticket it is not yet): notices link to it.
  const place = (await cardOf(ctx.db, cardKey)) ?? { channel: cardChannel };
  const notice = supportNotice(event.type, ticket, place);
  if (notice) {
    for (const channel of await linkedChannels(ctx.db, ctx.teamId, await providerOrgId(ctx.db), 'support')) {
      outputs.push({ kind: 'post', channel, text: notice });
    }
  }

  if (event.type === 'ticket.severity_proposed' && event.payload.proposedSeverity === 'URGENT' && event.payload.side === 'client') {
    const onCall = await slackUsersOf(ctx.db, ctx.teamId, await onCallPeople(ctx.db, new Date(event.at)));
    for (const user of onCall.values()) outputs.push({ kind: 'post', channel: user, text: pageText(ticket, place), page: true });
  }

  if (event.type === 'ticket.closure_reminded') {
    const initiator = (await slackUsersOf(ctx.db, ctx.teamId, [ticket.initiatorId])).get(ticket.initiatorId);
    const line = threadLine(event.type, event.payload, '');
    if (initiator && line) outputs.push({ kind: 'post', channel: initiator, text: `*${ticket.key}* ${line}` });
  }

  for (const personId of homeAudience(ticket)) outputs.push({ kind: 'home', personId });
  return outputs;
};

function homeAudience(ticket: TicketRow): string[] {
  return [...new Set([ticket.initiatorId, ticket.assigneeId, ticket.proposedById].filter((id): id is string => Boolean(id)))];
}

async function namesOf(db: Parameters<NotifierRule>[1]['db'], ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => Boolean(id && /^[0-9a-f-]{36}$/i.test(id)));
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function providerOrgId(db: Parameters<NotifierRule>[1]['db']): Promise<string> {
  return (await requireProviderOrg(db)).id;
}
