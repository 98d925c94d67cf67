/**
 * The tickets' Slack door: `/ticket` and the "Open ticket from message" shortcut open the modal;
 * its submission opens the ticket; replies in a card's thread become comments (the card's buttons
 * are in buttons.ts). Everything shown afterwards comes from the notifier; this door answers only
 * with `ack`, `views.open` and ephemeral refusals.
 */
import type { App, SlackViewAction, MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { PersonActor } from '../../../core/actor.ts';
import { slackIdSchema } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { TICKET_KINDS, commentOnTicket, openTicket, proposeSeverity, ticketOrgFromChannel } from '../../../core/tickets/index.ts';
import { requestIdOf, requireActor, actorOf, type SlackDeps } from '../context.ts';
import { ephemeral } from '../kit/blocks.ts';
import { fieldErrorText, slackErrorText } from '../kit/errors.ts';
import { fieldValue, viewMetadata, type ViewState } from '../kit/modals.ts';
import { FROM_MESSAGE_SHORTCUT, OPEN_TICKET_VIEW, PROPOSE_SEVERITY_VIEW, isSeverity, openTicketView } from './presenters.ts';
import { ticketOfCardKey } from './notifier-rule.ts';
import { registerRatingListeners } from './rating.ts';
import { searchWordsOf, ticketSearchReply } from './search.ts';

const metadataSchema = z.object({ orgId: z.string().uuid().optional(), channel: z.string().optional() });

/** Where a modal opened from: the org the channel is linked to, or (provider staff) a choice of client orgs. */
async function modalFor(deps: SlackDeps, actor: PersonActor, teamId: string, channelId: string, prefill: { title?: string; description?: string } = {}) {
  const from = await deps.core.read(ticketOrgFromChannel, actor, { teamId: await deps.workspace.channelTeamId(teamId), channelId });
  return 'orgId' in from
    ? openTicketView({ ...prefill, privateMetadata: JSON.stringify({ orgId: from.orgId, channel: channelId }) })
    : openTicketView({ ...prefill, orgChoices: from.choices, privateMetadata: JSON.stringify({ channel: channelId }) });
}

async function tellOnly(client: WebClient, deps: SlackDeps, channel: string | undefined, user: string, text: string) {
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user, text }).catch((error) => deps.logger.warn({ err: error }, 'could not post an ephemeral reply'));
}

export function registerTicketListeners(app: App, deps: SlackDeps): void {
  registerRatingListeners(app, deps);
  app.command('/ticket', async ({ command, ack, context, client }) => {
    try {
      const searchWords = searchWordsOf(command.text);
      if (searchWords !== undefined) return await ack(await ticketSearchReply(deps, requireActor(context), searchWords));
      const parsed = z.object({ team_id: slackIdSchema, channel_id: slackIdSchema, trigger_id: z.string().min(1) }).parse(command);
      const view = await modalFor(deps, requireActor(context), parsed.team_id, parsed.channel_id);
      await ack();
      await client.views.open({ trigger_id: parsed.trigger_id, view });
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), deps.logger)));
    }
  });

  app.shortcut<MessageShortcut>(FROM_MESSAGE_SHORTCUT, async ({ shortcut, ack, context, client }) => {
    await ack();
    try {
      const text = (shortcut.message.text ?? '').trim();
      const title = text.split('\n')[0]!.slice(0, 150) || 'From a Slack message';
      const view = await modalFor(deps, requireActor(context), shortcut.team?.id ?? shortcut.user.team_id ?? '', shortcut.channel.id, { title, description: text });
      await client.views.open({ trigger_id: shortcut.trigger_id, view });
    } catch (error) {
      await tellOnly(client, deps, shortcut.channel.id, shortcut.user.id, slackErrorText(error, requestIdOf(context), deps.logger));
    }
  });

  app.view<SlackViewAction>(OPEN_TICKET_VIEW, async ({ view, ack, context }) => {
    const state = view.state.values as ViewState;
    const meta = viewMetadata(metadataSchema, view.private_metadata);
    const orgId = meta ? (meta.orgId ?? fieldValue(state, 'org')) : undefined;
    const kind = fieldValue(state, 'kind');
    const severity = fieldValue(state, 'severity');
    try {
      await deps.core.execute(openTicket, requireActor(context), {
        orgId: orgId ?? '',
        title: fieldValue(state, 'title') ?? '',
        description: fieldValue(state, 'description') ?? '',
        kind: (TICKET_KINDS as readonly string[]).includes(kind ?? '') ? (kind as (typeof TICKET_KINDS)[number]) : undefined,
        proposedSeverity: isSeverity(severity) ? severity : undefined,
        // A view is submitted once; a retried submission finds the ticket it opened.
        idempotencyKey: `slack-view:${view.id}`,
      });
      await ack();
    } catch (error) {
      const text = slackErrorText(error, requestIdOf(context), deps.logger);
      const fields = error instanceof OpsdeskError ? (error.details?.fields as Record<string, string> | undefined) : undefined;
      const block = fields && 'orgId' in fields && !meta?.orgId ? 'org' : fields && 'description' in fields ? 'description' : 'title';
      await ack({ response_action: 'errors', errors: { [block]: fieldErrorText(text) } });
    }
  });

  app.view<SlackViewAction>(PROPOSE_SEVERITY_VIEW, async ({ view, ack, context }) => {
    const severity = fieldValue(view.state.values as ViewState, 'severity');
    try {
      if (!isSeverity(severity)) throw new OpsdeskError('INVALID_INPUT', 'choose a severity');
      await deps.core.execute(proposeSeverity, requireActor(context), { ticketId: view.private_metadata, severity });
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { severity: fieldErrorText(slackErrorText(error, requestIdOf(context), deps.logger)) } });
    }
  });

  // Replies in a card's thread are the ticket's comments.
  app.event('message', async ({ event, context, client }) => {
    const message = event as { subtype?: string; thread_ts?: string; ts: string; channel: string; text?: string; user?: string };
    if (message.subtype || !message.thread_ts || message.thread_ts === message.ts || !message.user) return;
    const cardKey = await deps.store.cards.keyAt(message.channel, message.thread_ts);
    const ticketId = cardKey && ticketOfCardKey(cardKey);
    if (!ticketId) return;
    const actor = actorOf(context);
    if (!actor) return;
    try {
      await deps.core.execute(commentOnTicket, actor, {
        ticketId,
        body: message.text ?? '',
        externalRef: message.ts,
      });
    } catch (error) {
      await tellOnly(client, deps, message.channel, message.user, slackErrorText(error, requestIdOf(context), deps.logger));
    }
  });
}
