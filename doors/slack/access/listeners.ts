/**
 * Production access in Slack (the card's buttons are in buttons.ts):
 *   /access                 opens the request modal: in a client's linked channel for that org;
 *                           elsewhere provider staff choose the org first (step one), then the
 *                           request itself (step two: the org's open tickets, its policy's durations)
 *   the request modal       files the request (`requestAccess`, the view id as idempotency key)
 *   the Deny modal          `decideAccess` DENY with its comment
 * Every read is a core query run as the person; every change a core command.
 */
import type { App, SlackViewAction } from '@slack/bolt';
import { z } from 'zod';
import type { PersonActor } from '../../../core/actor.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { slackIdSchema } from '../../../core/directory/index.ts';
import { accessRequester, accessRequestForm, decideAccess, requestAccess } from '../../../core/access/index.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { ephemeral } from '../kit/blocks.ts';
import { slackErrorText } from '../kit/errors.ts';
import { fieldValue, viewMetadata, type ViewState } from '../kit/modals.ts';
import { clientOrgChoices, clientOrgOfChannel } from '../kit/orgs.ts';
import { ACCESS_BLOCKS, CHOOSE_ORG_VIEW, chooseOrgView, DENY_VIEW, REQUEST_VIEW, requestMetadata, requestView } from './presenters.ts';

/** Slack shows a field's error under the field; keep it readable there. */
const FIELD_ERROR_MAX = 300;

/** The request modal for one org: its open tickets and its policy's durations. */
async function requestViewFor(deps: SlackDeps, actor: PersonActor, orgId: string) {
  return requestView(await deps.core.read(accessRequestForm, actor, { orgId }));
}

/** In a client's linked channel the org is that channel's; elsewhere the person chooses it first. */
async function firstView(deps: SlackDeps, actor: PersonActor, teamId: string, channelId: string) {
  const orgId = await clientOrgOfChannel(deps, actor, teamId, channelId);
  if (orgId) return requestViewFor(deps, actor, orgId);
  const clients = await clientOrgChoices(deps, actor);
  if (clients.length === 0) throw new OpsdeskError('INVALID_INPUT', 'there is no client organisation to request access to yet');
  return chooseOrgView(clients);
}

/** Where each of `requestAccess`'s fields shows its error in the modal. */
function requestErrors(error: unknown, state: ViewState, text: string): Record<string, string> {
  const fields = error instanceof OpsdeskError ? (error.details?.fields as Record<string, string> | undefined) : undefined;
  const blockOf: Record<string, string> = {
    ticketId: ACCESS_BLOCKS.ticket in state ? ACCESS_BLOCKS.ticket : ACCESS_BLOCKS.otherDuty,
    otherDutyJustification: ACCESS_BLOCKS.otherDuty,
    durationMinutes: ACCESS_BLOCKS.duration,
    reason: ACCESS_BLOCKS.reason,
    scope: ACCESS_BLOCKS.scope,
  };
  if (!fields) return { [ACCESS_BLOCKS.reason]: text.slice(0, FIELD_ERROR_MAX) };
  const errors: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) errors[blockOf[name] ?? ACCESS_BLOCKS.reason] ??= message.slice(0, FIELD_ERROR_MAX);
  return errors;
}

export function registerAccessListeners(app: App, deps: SlackDeps): void {
  const { core, logger } = deps;

  app.command('/access', async ({ command, ack, context, client }) => {
    try {
      const parsed = z.object({ team_id: slackIdSchema, channel_id: slackIdSchema, trigger_id: z.string().min(1) }).parse(command);
      const actor = requireActor(context);
      // Refused before filling in a form for nothing; the command checks again on submission.
      await core.read(accessRequester, actor, {});
      const view = await firstView(deps, actor, parsed.team_id, parsed.channel_id);
      await ack();
      await client.views.open({ trigger_id: parsed.trigger_id, view });
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), logger)));
    }
  });

  app.view<SlackViewAction>(CHOOSE_ORG_VIEW, async ({ view, ack, context }) => {
    try {
      const next = await requestViewFor(deps, requireActor(context), fieldValue(view.state.values as ViewState, ACCESS_BLOCKS.org) ?? '');
      await ack({ response_action: 'update', view: next });
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [ACCESS_BLOCKS.org]: slackErrorText(error, requestIdOf(context), logger).slice(0, FIELD_ERROR_MAX) } });
    }
  });

  app.view<SlackViewAction>(REQUEST_VIEW, async ({ view, ack, context }) => {
    const state = view.state.values as ViewState;
    const meta = viewMetadata(requestMetadata, view.private_metadata);
    const duration = Number(fieldValue(state, ACCESS_BLOCKS.duration));
    try {
      await core.execute(requestAccess, requireActor(context), {
        orgId: meta?.orgId ?? '',
        ticketId: fieldValue(state, ACCESS_BLOCKS.ticket) || undefined,
        otherDutyJustification: fieldValue(state, ACCESS_BLOCKS.otherDuty)?.trim() || undefined,
        reason: fieldValue(state, ACCESS_BLOCKS.reason) ?? '',
        scope: fieldValue(state, ACCESS_BLOCKS.scope) ?? '',
        durationMinutes: Number.isFinite(duration) ? duration : 0,
        extendsRequestId: meta?.extendsRequestId,
        // A view is submitted once: a retried submission finds the request it filed.
        idempotencyKey: `slack-view:${view.id}`,
      });
      await ack();
    } catch (error) {
      // The same view submitted again: the request is filed; close the modal.
      if (error instanceof OpsdeskError && error.code === 'CONFLICT') return ack();
      await ack({ response_action: 'errors', errors: requestErrors(error, state, slackErrorText(error, requestIdOf(context), logger)) });
    }
  });

  app.view<SlackViewAction>(DENY_VIEW, async ({ view, ack, context }) => {
    const comment = fieldValue(view.state.values as ViewState, ACCESS_BLOCKS.comment)?.trim() || undefined;
    try {
      await core.execute(decideAccess, requireActor(context), { requestId: view.private_metadata, decision: 'DENY', comment });
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [ACCESS_BLOCKS.comment]: slackErrorText(error, requestIdOf(context), logger).slice(0, FIELD_ERROR_MAX) } });
    }
  });
}
