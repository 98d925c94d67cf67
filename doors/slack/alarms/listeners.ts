/**
 * Alarms in Slack: the card's Acknowledge, Escalate and Resolve buttons, the Resolve modal (root
 * cause), and `/oncall`. Each listener calls one core command or query, acknowledges at once, and
 * answers refusals ephemerally (only the presser sees "already acknowledged by X at T"). The card
 * itself is re-rendered by the notifier from the committed event.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { inArray } from 'drizzle-orm';
import { acknowledgeAlarm, escalateAlarm, resolveAlarm } from '../../../core/alarms/index.ts';
import { authorizeAlarms } from '../../../core/alarms/policy.ts';
import { getAlarm, listAlarms, onCall } from '../../../core/alarms/queries.ts';
import { describeTaken } from '../../../core/alarms/lookups.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { people } from '../../../db/schema.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { slackErrorText } from '../kit/errors.ts';
import { ALARM_ACTIONS, onCallMessage, RESOLVE_MODAL, resolveModal, ROOT_CAUSE_BLOCK, ROOT_CAUSE_INPUT } from './presenters.ts';
import { ephemeral } from '../kit/blocks.ts';

export function registerAlarmListeners(app: App, deps: SlackDeps): void {
  const { core, logger } = deps;

  const button = (actionId: string, run: (args: { alarmId: string; body: BlockAction; actor: ReturnType<typeof requireActor>; client: WebClient }) => Promise<void>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, action, body, context, respond, client }) => {
      try {
        await run({ alarmId: action.value ?? '', body, actor: requireActor(context), client });
        await ack();
      } catch (error) {
        await ack();
        await respond({ response_type: 'ephemeral', replace_original: false, text: slackErrorText(error, requestIdOf(context), logger) });
      }
    });

  button(ALARM_ACTIONS.acknowledge, async ({ alarmId, actor }) => {
    await core.execute(acknowledgeAlarm, actor, { alarmId });
  });
  button(ALARM_ACTIONS.escalate, async ({ alarmId, actor }) => {
    await core.execute(escalateAlarm, actor, { alarmId });
  });
  // Resolve asks for the root cause first; the modal must open within 3 seconds of the press.
  button(ALARM_ACTIONS.resolve, async ({ alarmId, actor, body, client }) => {
    authorizeAlarms(actor, 'alarm.respond');
    const alarm = await getAlarm(core.database.db, actor, alarmId);
    if (alarm.state === 'RESOLVED') throw new OpsdeskError('INVALID_TRANSITION', `this alarm was ${describeTaken(alarm)}`);
    await client.views.open({ trigger_id: body.trigger_id, view: resolveModal(alarm) });
  });

  app.view(RESOLVE_MODAL, async ({ ack, view, context }) => {
    const rootCause = view.state.values[ROOT_CAUSE_BLOCK]?.[ROOT_CAUSE_INPUT]?.value?.trim() || undefined;
    try {
      await core.execute(resolveAlarm, requireActor(context), { alarmId: view.private_metadata, rootCause });
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [ROOT_CAUSE_BLOCK]: slackErrorText(error, requestIdOf(context), logger) } });
    }
  });

  app.command('/oncall', async ({ ack, context }) => {
    try {
      const actor = requireActor(context);
      const { db } = core.database;
      const answers = await onCall(db, actor, undefined, core.clock.now());
      const followUps = (await listAlarms(db, actor, { followUpOpen: true }, 20)).nodes;
      const ids = [...new Set(answers.flatMap((a) => [a.now?.personId, a.next?.personId]).filter((id): id is string => Boolean(id)))];
      const names = new Map(
        ids.length > 0 ? (await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids))).map((p) => [p.id, p.name] as const) : [],
      );
      await ack(onCallMessage(answers, names, followUps));
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), logger)));
    }
  });
}
