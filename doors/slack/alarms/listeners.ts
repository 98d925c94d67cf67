/**
 * Alarms in Slack beyond the card's buttons (buttons.ts): the Resolve modal's submission (the root
 * cause) and `/oncall`. Each listener calls one core command or reads through core queries, and
 * answers refusals to the person only.
 */
import type { App } from '@slack/bolt';
import { listAlarms, onCall, resolveAlarm } from '../../../core/alarms/index.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { ephemeral } from '../kit/blocks.ts';
import { slackErrorText } from '../kit/errors.ts';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import { LEGACY_RESOLVE_MODAL, LEGACY_ROOT_CAUSE_INPUT, onCallMessage, RESOLVE_MODAL, ROOT_CAUSE_BLOCK } from './presenters.ts';

const FOLLOW_UPS_SHOWN = 20;

/** The root cause typed in the modal; a modal opened before the upgrade has its input under the old action id. */
function rootCauseOf(state: ViewState): string | undefined {
  const typed = fieldValue(state, ROOT_CAUSE_BLOCK) ?? state[ROOT_CAUSE_BLOCK]?.[LEGACY_ROOT_CAUSE_INPUT]?.value ?? undefined;
  return typed?.trim() || undefined;
}

export function registerAlarmListeners(app: App, deps: SlackDeps): void {
  const { core, logger } = deps;

  for (const callbackId of [RESOLVE_MODAL, LEGACY_RESOLVE_MODAL]) {
    app.view(callbackId, async ({ ack, view, context }) => {
      try {
        await core.execute(resolveAlarm, requireActor(context), { alarmId: view.private_metadata, rootCause: rootCauseOf(view.state.values as ViewState) });
        await ack();
      } catch (error) {
        await ack({ response_action: 'errors', errors: { [ROOT_CAUSE_BLOCK]: slackErrorText(error, requestIdOf(context), logger) } });
      }
    });
  }

  app.command('/oncall', async ({ ack, context }) => {
    try {
      const actor = requireActor(context);
      const [answers, followUps] = await Promise.all([
        core.read(onCall, actor, {}),
        core.read(listAlarms, actor, { followUpOpen: true, first: FOLLOW_UPS_SHOWN }),
      ]);
      await ack(onCallMessage(answers, followUps.nodes));
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), logger)));
    }
  });
}
