/**
 * A ticket's internal thread: a staff card in the provider's `support` channel, mirroring the
 * client's card, whose thread holds the ticket's internal notes. Replies in it become notes; replies
 * in the client's thread stay comments (listeners.ts). Notes written elsewhere are posted in it.
 *
 * The thread is internal only while its channel is linked to the provider as `support`: once the
 * channel is linked to anything else, nothing more is posted there and replies are refused. A
 * support channel Slack reports as shared with another organisation (Slack Connect) takes no note.
 */
import type { App, SlackViewAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { channelLink, linkedChannels, providerOrg } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import type { QueryResult } from '../../../core/query.ts';
import { TicketEvents, TicketNoteEvents, addTicketNote, ticketCard, ticketForNote } from '../../../core/tickets/index.ts';
import { actorOf, requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { defineButton, idValue, type SlackButton } from '../kit/buttons.ts';
import { fieldErrorText, slackErrorText } from '../kit/errors.ts';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { ADD_NOTE_ACTION, ADD_NOTE_VIEW, addNoteView, internalTicketCard, noteLine } from './internal-presenters.ts';
import { ticketCardKey } from './notifier-rule.ts';

export const internalCardKey = (ticketId: string) => `ticket-internal:${ticketId}`;
const ticketOfInternalCardKey = (cardKey: string) => (cardKey.startsWith('ticket-internal:') ? cardKey.slice('ticket-internal:'.length) : undefined);

const SHARED_CHANNEL_REFUSAL =
  'This channel is shared with another organisation (Slack Connect), so opsdesk keeps no internal note here. Write the note in the console or with the card\'s "Add internal note" button.';

/** Is this channel (still) the provider's support channel? Anything else is never internal. */
const isSupportLink = (link: QueryResult<typeof channelLink>) => link?.purpose === 'support' && link.org.kind === 'provider';

export const internalThreadRule: NotifierRule = async (event, ctx) => {
  const isNote = TicketNoteEvents.noteAdded.is(event);
  if (!isNote && !(TicketEvents.has(event) && event.subjectType === 'ticket')) return [];
  const cardKey = internalCardKey(event.subjectId);
  const posted = await ctx.cardOf(cardKey);
  let channel = posted?.channel;
  if (!channel) {
    const provider = await ctx.read(providerOrg, {});
    [channel] = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: provider.id, purpose: 'support' });
  }
  if (!channel || !isSupportLink(await ctx.read(channelLink, { teamId: ctx.teamId, channelId: channel }))) return [];

  const { ticket, initiatorName, assigneeName } = await ctx.read(ticketCard, { ticketId: event.subjectId });
  const clientCard = await ctx.cardOf(ticketCardKey(ticket.id));
  const outputs: SlackOutput[] = [{ kind: 'card', cardKey, channel, ...internalTicketCard(ticket, { initiator: initiatorName, assignee: assigneeName }, clientCard) }];
  // A note typed in this thread is already there.
  if (isNote && !(event.payload.door === 'slack' && event.payload.externalRef)) {
    outputs.push({ kind: 'post', threadOf: cardKey, ...noteLine(event.payload) });
  }
  return outputs;
};

async function tellOnly(client: WebClient, deps: SlackDeps, channel: string, user: string, text: string) {
  await client.chat.postEphemeral({ channel, user, text }).catch((error) => deps.logger.warn({ err: error }, 'could not post an ephemeral reply'));
}

export const internalThreadButtons: readonly SlackButton[] = [
  // Only provider staff get the form; anyone else is told so, and only they are.
  defineButton({
    actionId: ADD_NOTE_ACTION,
    value: idValue,
    run: async ({ actor, value: ticketId, deps }) => ({ modal: addNoteView(await deps.core.read(ticketForNote, actor, { ticketId })) }),
  }),
];

export function registerInternalThreadListeners(app: App, deps: SlackDeps): void {
  // Replies in a staff card's thread are internal notes.
  app.event('message', async ({ event, body, context, client }) => {
    const message = event as { subtype?: string; thread_ts?: string; ts: string; channel: string; text?: string; user?: string };
    if (message.subtype || !message.thread_ts || message.thread_ts === message.ts || !message.user) return;
    const cardKey = await deps.store.cards.keyAt(message.channel, message.thread_ts);
    const ticketId = cardKey && ticketOfInternalCardKey(cardKey);
    if (!ticketId) return;
    const actor = actorOf(context);
    if (!actor) return;
    try {
      const envelope = body as { team_id?: string; is_ext_shared_channel?: boolean };
      if (envelope.is_ext_shared_channel) throw new OpsdeskError('FORBIDDEN', SHARED_CHANNEL_REFUSAL);
      const teamId = await deps.workspace.channelTeamId(envelope.team_id ?? '');
      if (!isSupportLink(await deps.core.read(channelLink, actor, { teamId, channelId: message.channel }))) throw new OpsdeskError('FORBIDDEN', "this channel is no longer the provider's support channel, so opsdesk keeps no internal note here");
      await deps.core.execute(addTicketNote, actor, { ticketId, body: message.text ?? '', externalRef: message.ts });
    } catch (error) {
      await tellOnly(client, deps, message.channel, message.user, slackErrorText(error, requestIdOf(context), deps.logger));
    }
  });

  app.view<SlackViewAction>(ADD_NOTE_VIEW, async ({ view, ack, context }) => {
    try {
      await deps.core.execute(addTicketNote, requireActor(context), { ticketId: view.private_metadata, body: fieldValue(view.state.values as ViewState, 'note') ?? '' });
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { note: fieldErrorText(slackErrorText(error, requestIdOf(context), deps.logger)) } });
    }
  });
}
