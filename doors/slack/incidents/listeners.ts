/**
 * The Slack door of incidents:
 *   /incident            opens the declare modal (provider staff)
 *   modal submission     declares the incident in one command; field errors show on the fields
 *   update form          (from the staff card's button) posts a public update
 */
import type { App } from '@slack/bolt';
import { OpsdeskError } from '../../../core/errors.ts';
import { declareIncident, incidentChoices, postIncidentUpdate } from '../../../core/incidents/index.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { ephemeral } from '../kit/blocks.ts';
import { slackErrorText } from '../kit/errors.ts';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import { DECLARE_CALLBACK, declareModal, UPDATE_CALLBACK } from './presenters.ts';

const BLOCK_OF_FIELD: Record<string, string> = { title: 'title', serviceIds: 'services', impact: 'impact', message: 'message' };

export function registerIncidentListeners(app: App, deps: SlackDeps): void {
  app.command('/incident', async ({ command, ack, context, client }) => {
    try {
      // Refused to anyone but provider staff, before the modal opens.
      const choices = await deps.core.read(incidentChoices, requireActor(context), {});
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: declareModal(choices.services) });
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), deps.logger)));
    }
  });

  app.view(DECLARE_CALLBACK, async ({ ack, view, context }) => {
    const state = view.state.values as ViewState;
    try {
      await deps.core.execute(declareIncident, requireActor(context), {
        title: fieldValue(state, 'title')?.trim() ?? '',
        impact: (fieldValue(state, 'impact') ?? 'minor') as 'minor',
        message: fieldValue(state, 'message')?.trim() ?? '',
        serviceIds: state.services?.value?.selected_options?.map((o) => o.value) ?? [],
      });
      await ack();
    } catch (error) {
      const fields = error instanceof OpsdeskError ? (error.details?.fields as Record<string, string> | undefined) : undefined;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(fields ?? {})) errors[BLOCK_OF_FIELD[field.split('.')[0]!] ?? 'title'] ??= message;
      if (!fields) errors.services = slackErrorText(error, requestIdOf(context), deps.logger);
      await ack({ response_action: 'errors', errors });
    }
  });

  app.view(UPDATE_CALLBACK, async ({ ack, view, context }) => {
    const state = view.state.values as ViewState;
    try {
      await deps.core.execute(postIncidentUpdate, requireActor(context), {
        incidentId: view.private_metadata,
        status: (fieldValue(state, 'status') ?? '') as 'identified',
        message: fieldValue(state, 'message')?.trim() ?? '',
        impact: fieldValue(state, 'impact') as 'minor' | undefined,
      });
      await ack();
    } catch (error) {
      const fields = error instanceof OpsdeskError ? (error.details?.fields as Record<string, string> | undefined) : undefined;
      const block = fields?.status ? 'status' : fields?.impact ? 'impact' : 'message';
      await ack({ response_action: 'errors', errors: { [block]: fields ? Object.values(fields)[0]! : slackErrorText(error, requestIdOf(context), deps.logger) } });
    }
  });
}
