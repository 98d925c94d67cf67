/**
 * Production access in Slack:
 *   /access                 opens the request modal: in a client's linked channel for that org;
 *                           elsewhere provider staff choose the org first (step one), then the
 *                           request itself (step two: the org's open tickets, its policy's durations)
 *   the request modal       files the request (`requestAccess`, the view id as idempotency key)
 *   Approve                 `decideAccess` APPROVE at once
 *   Deny                    a modal for an optional comment, then `decideAccess` DENY
 *   Cancel / End now / Revoke  `cancelAccessRequest` / `endAccess` / `revokeAccess`
 * The buttons check nothing themselves: each runs its command as the person who pressed it, and a
 * refusal reaches only that person. Every card is re-rendered by the notifier from the committed event.
 */
import type { App, BlockAction, ButtonAction, SlackViewAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AccessRequestRow } from '../../../db/schema.ts';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import { clientOrgChoices, clientOrgOfChannel } from '../kit/orgs.ts';
import type { PersonActor } from '../../../core/actor.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { requireOrg, slackIdSchema } from '../../../core/directory/lookups.ts';
import {
  cancelAccessRequest,
  decideAccess,
  endAccess,
  getAccessPolicy,
  getAccessRequest,
  requireEligibleRequester,
  requestAccess,
  revokeAccess,
} from '../../../core/access/index.ts';
import { listTickets } from '../../../core/tickets/queries.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { slackErrorText } from '../kit/errors.ts';
import { ephemeral } from '../kit/blocks.ts';
import {
  ACCESS_ACTIONS,
  ACCESS_BLOCKS,
  CHOOSE_ORG_VIEW,
  chooseOrgView,
  DENY_VIEW,
  denyView,
  REQUEST_VIEW,
  requestView,
} from './presenters.ts';
import { accessCardViews } from './views.ts';

const OPEN_TICKET_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED'] as const;
/** Slack shows a field's error under the field; keep it readable there. */
const FIELD_ERROR_MAX = 300;

const metadataSchema = z.object({ orgId: z.string(), extendsRequestId: z.string().optional() });

/** Step two: the request for one org, with its open tickets and its policy's durations; or an extension of a grant. */
async function requestViewFor(deps: SlackDeps, actor: PersonActor, orgId: string, extending?: AccessRequestRow) {
  const { db } = deps.core.database;
  const org = await requireOrg(db, orgId);
  const policy = await getAccessPolicy(db, actor, org.id);
  const open = await deps.core.read(listTickets, actor, { orgId: org.id, status: [...OPEN_TICKET_STATUSES], first: 100 });
  return requestView({
    org: { id: org.id, name: org.name },
    tickets: open.nodes.map((t) => ({ id: t.id, key: t.key, title: t.title, severity: t.severity })),
    maxDurationMinutes: policy.maxDurationMinutes,
    providerSufficesForUrgent: policy.clientApproval === 'provider_for_urgent',
    privateMetadata: JSON.stringify({ orgId: org.id, ...(extending ? { extendsRequestId: extending.id } : {}) }),
    extending: extending && extending.expiresAt ? { expiresAt: extending.expiresAt, ticketId: extending.ticketId, otherDutyJustification: extending.otherDutyJustification } : undefined,
  });
}

/** In a client's linked channel the org is that channel's; elsewhere the person chooses it first. */
async function firstView(deps: SlackDeps, actor: PersonActor, teamId: string, channelId: string) {
  const orgId = await clientOrgOfChannel(deps, actor, teamId, channelId);
  if (orgId) return requestViewFor(deps, actor, orgId);
  const clients = await clientOrgChoices(deps, actor);
  if (clients.length === 0) throw new OpsdeskError('INVALID_INPUT', 'there is no client organisation to request access to yet');
  return chooseOrgView(clients, '');
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

/** A refusal only the presser sees: ephemeral where the button was, or a DM (App Home has no channel). */
async function tell(client: WebClient, deps: SlackDeps, body: BlockAction, text: string): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const sent = channel ? client.chat.postEphemeral({ channel, user: body.user.id, text }) : client.chat.postMessage({ channel: body.user.id, text });
  await sent.catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell a Slack user why their press was refused'));
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

export function registerAccessListeners(app: App, deps: SlackDeps): void {
  const { core, logger } = deps;

  app.command('/access', async ({ command, ack, context, client }) => {
    try {
      const parsed = z.object({ team_id: slackIdSchema, channel_id: slackIdSchema, trigger_id: z.string().min(1) }).parse(command);
      const actor = requireActor(context);
      // Refused before filling in a form for nothing; the command checks again on submission.
      await requireEligibleRequester(deps.core.database.db, actor);
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
    const meta = metadataSchema.safeParse(safeJson(view.private_metadata));
    const duration = Number(fieldValue(state, ACCESS_BLOCKS.duration));
    try {
      await core.execute(requestAccess, requireActor(context), {
        orgId: meta.success ? meta.data.orgId : '',
        ticketId: fieldValue(state, ACCESS_BLOCKS.ticket) || undefined,
        otherDutyJustification: fieldValue(state, ACCESS_BLOCKS.otherDuty)?.trim() || undefined,
        reason: fieldValue(state, ACCESS_BLOCKS.reason) ?? '',
        scope: fieldValue(state, ACCESS_BLOCKS.scope) ?? '',
        durationMinutes: Number.isFinite(duration) ? duration : 0,
        extendsRequestId: meta.success ? meta.data.extendsRequestId : undefined,
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

  const buttonCommands = {
    [ACCESS_ACTIONS.approve]: (actor: PersonActor, requestId: string) => core.execute(decideAccess, actor, { requestId, decision: 'APPROVE' }),
    [ACCESS_ACTIONS.cancel]: (actor: PersonActor, requestId: string) => core.execute(cancelAccessRequest, actor, { requestId }),
    [ACCESS_ACTIONS.end]: (actor: PersonActor, requestId: string) => core.execute(endAccess, actor, { requestId }),
    [ACCESS_ACTIONS.revoke]: (actor: PersonActor, requestId: string) => core.execute(revokeAccess, actor, { requestId }),
  } as const;

  for (const [actionId, run] of Object.entries(buttonCommands)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ action, ack, body, context, client }) => {
      try {
        // The commit comes before the acknowledgement: a refusal is known before Slack is answered.
        await run(requireActor(context), action.value ?? '');
        await ack();
      } catch (error) {
        await ack();
        await tell(client, deps, body, slackErrorText(error, requestIdOf(context), logger));
      }
    });
  }

  // An extension is a new request: the modal opens with the grant's org and duty.
  app.action<BlockAction<ButtonAction>>(ACCESS_ACTIONS.extend, async ({ action, ack, body, context, client }) => {
    try {
      const actor = await requireEligibleRequester(core.database.db, requireActor(context));
      const grant = await getAccessRequest(core.database.db, actor, action.value ?? '');
      if (grant.requesterId !== actor.id || grant.status !== 'ACTIVE') {
        throw new OpsdeskError('INVALID_TRANSITION', 'only your own active grant can be extended; request access anew with /access');
      }
      const view = await requestViewFor(deps, actor, grant.orgId, grant);
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      await ack();
      await tell(client, deps, body, slackErrorText(error, requestIdOf(context), logger));
    }
  });

  // Deny asks for a comment first; the modal must open within 3 seconds of the press.
  app.action<BlockAction<ButtonAction>>(ACCESS_ACTIONS.deny, async ({ action, ack, body, context, client }) => {
    try {
      const request = await getAccessRequest(core.database.db, requireActor(context), action.value ?? '');
      const [view] = await accessCardViews(core.database.db, [request]);
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: denyView(view!) });
    } catch (error) {
      await ack();
      await tell(client, deps, body, slackErrorText(error, requestIdOf(context), logger));
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
