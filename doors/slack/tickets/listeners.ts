/**
 * The tickets' Slack door: `/ticket` and the "Open ticket from message" shortcut open the modal;
 * its submission opens the ticket; the card's buttons call one command each; replies in a card's
 * thread become comments. Everything shown afterwards comes from the notifier; this door answers
 * only with `ack`, `views.open` and ephemeral refusals.
 */
import type { App, SlackViewAction, BlockAction, ButtonAction, MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import { clientOrgChoices, clientOrgOfChannel } from '../kit/orgs.ts';
import type { PersonActor } from '../../../core/actor.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { isProviderStaff } from '../../../core/policy.ts';
import { slackIdSchema } from '../../../core/directory/lookups.ts';
import {
  acceptSeverity,
  approveClosure,
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  openTicket,
  proposeSeverity,
  reopenTicket,
} from '../../../core/tickets/index.ts';
import { getTicket } from '../../../core/tickets/queries.ts';
import { TICKET_KINDS } from '../../../core/tickets/model.ts';
import { cardAt } from '../notifier/lookups.ts';
import { requestIdOf, requireActor, actorOf, type SlackDeps } from '../context.ts';
import { slackErrorText } from '../kit/errors.ts';
import { ephemeral } from '../kit/blocks.ts';
import {
  FROM_MESSAGE_SHORTCUT,
  OPEN_TICKET_VIEW,
  PROPOSE_SEVERITY_VIEW,
  TICKET_ACTIONS,
  isSeverity,
  openTicketView,
  proposeSeverityView,
} from './presenters.ts';

const metadataSchema = z.object({ orgId: z.string().uuid().optional(), channel: z.string().optional() });

/** Where a modal opened from: the org the channel is linked to, or a choice for provider staff. */
async function modalFor(deps: SlackDeps, actor: PersonActor, teamId: string, channelId: string, prefill: { title?: string; description?: string } = {}) {
  const orgId = await clientOrgOfChannel(deps, actor, teamId, channelId);
  if (orgId) return openTicketView({ ...prefill, privateMetadata: JSON.stringify({ orgId, channel: channelId }) });
  if (isProviderStaff(actor)) {
    const clients = await clientOrgChoices(deps, actor);
    if (clients.length === 0) throw new OpsdeskError('INVALID_INPUT', 'there is no client organisation to open a ticket for yet');
    return openTicketView({ ...prefill, orgChoices: clients, privateMetadata: JSON.stringify({ channel: channelId }) });
  }
  throw new OpsdeskError('INVALID_INPUT', "this channel is not linked to your organisation; use /ticket in your organisation's shared channel");
}

async function tellOnly(client: WebClient, deps: SlackDeps, channel: string | undefined, user: string, text: string) {
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user, text }).catch((error) => deps.logger.warn({ err: error }, 'could not post an ephemeral reply'));
}


export function registerTicketListeners(app: App, deps: SlackDeps): void {
  app.command('/ticket', async ({ command, ack, context, client }) => {
    try {
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
    const meta = metadataSchema.safeParse(safeJson(view.private_metadata));
    const orgId = meta.success ? (meta.data.orgId ?? fieldValue(state, 'org')) : undefined;
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
      const block = fields && 'orgId' in fields && !meta.data?.orgId ? 'org' : fields && 'description' in fields ? 'description' : 'title';
      await ack({ response_action: 'errors', errors: { [block]: text.slice(0, 150) } });
    }
  });

  app.view<SlackViewAction>(PROPOSE_SEVERITY_VIEW, async ({ view, ack, context }) => {
    const severity = fieldValue(view.state.values as ViewState, 'severity');
    try {
      if (!isSeverity(severity)) throw new OpsdeskError('INVALID_INPUT', 'choose a severity');
      await deps.core.execute(proposeSeverity, requireActor(context), { ticketId: view.private_metadata, severity });
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { severity: slackErrorText(error, requestIdOf(context), deps.logger).slice(0, 150) } });
    }
  });

  const buttonCommands = {
    [TICKET_ACTIONS.take]: (actor: PersonActor, id: string) => deps.core.execute(assignTicket, actor, { ticketId: id }),
    [TICKET_ACTIONS.askClient]: (actor: PersonActor, id: string) => deps.core.execute(changeTicketStatus, actor, { ticketId: id, status: 'AWAITING_CLIENT' }),
    [TICKET_ACTIONS.logBug]: (actor: PersonActor, id: string) => deps.core.execute(changeTicketStatus, actor, { ticketId: id, status: 'BUG_LOGGED' }),
    [TICKET_ACTIONS.resolve]: (actor: PersonActor, id: string) => deps.core.execute(changeTicketStatus, actor, { ticketId: id, status: 'RESOLVED' }),
    [TICKET_ACTIONS.approve]: (actor: PersonActor, id: string) => deps.core.execute(approveClosure, actor, { ticketId: id }),
    [TICKET_ACTIONS.reopen]: (actor: PersonActor, id: string) => deps.core.execute(reopenTicket, actor, { ticketId: id }),
    [TICKET_ACTIONS.accept]: (actor: PersonActor, value: string) => {
      const [ticketId = '', severity] = value.split('|');
      return deps.core.execute(acceptSeverity, actor, { ticketId, severity: isSeverity(severity) ? severity : undefined });
    },
  } as const;

  for (const [actionId, run] of Object.entries(buttonCommands)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ action, ack, body, context, client }) => {
      try {
        // The commit comes before the acknowledgement: the person learns at once if it was refused.
        await run(requireActor(context), action.value ?? '');
        await ack();
      } catch (error) {
        await ack();
        await tellOnly(client, deps, body.channel?.id ?? body.container?.channel_id, body.user.id, slackErrorText(error, requestIdOf(context), deps.logger));
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(TICKET_ACTIONS.propose, async ({ action, ack, body, context, client }) => {
    try {
      const ticket = await getTicket(deps.core.database.db, requireActor(context), action.value ?? '');
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: proposeSeverityView(ticket) });
    } catch (error) {
      await ack();
      await tellOnly(client, deps, body.channel?.id, body.user.id, slackErrorText(error, requestIdOf(context), deps.logger));
    }
  });

  // Replies in a card's thread are the ticket's comments.
  app.event('message', async ({ event, context, client }) => {
    const message = event as { subtype?: string; thread_ts?: string; ts: string; channel: string; text?: string; user?: string };
    if (message.subtype || !message.thread_ts || message.thread_ts === message.ts || !message.user) return;
    const cardKey = await cardAt(deps.core.database.db, message.channel, message.thread_ts);
    if (!cardKey?.startsWith('ticket:')) return;
    const actor = actorOf(context);
    if (!actor) return;
    try {
      await deps.core.execute(commentOnTicket, actor, {
        ticketId: cardKey.slice('ticket:'.length),
        body: message.text ?? '',
        externalRef: message.ts,
      });
    } catch (error) {
      await tellOnly(client, deps, message.channel, message.user, slackErrorText(error, requestIdOf(context), deps.logger));
    }
  });
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}
