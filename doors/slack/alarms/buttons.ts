/**
 * The alarm card's buttons, run by the one runner (kit/buttons.ts): each acts as the person who
 * pressed it, and a refusal ("already acknowledged by Ada at 09:03 UTC") is told to the presser only.
 * The card itself is re-rendered by the notifier from the committed event. Cards posted before the
 * ids became `alarm:<verb>` carry the old ids: each button answers to its old one too.
 */
import { acknowledgeAlarm, alarmToResolve, escalateAlarm } from '../../../core/alarms/index.ts';
import { defineButton, idValue } from '../kit/buttons.ts';
import { ALARM_ACTIONS, LEGACY_ALARM_ACTIONS, resolveModal } from './presenters.ts';

/** A button that runs one command on the alarm it names. */
const commandButton = (verb: 'acknowledge' | 'escalate', command: typeof acknowledgeAlarm | typeof escalateAlarm) =>
  defineButton({
    actionId: ALARM_ACTIONS[verb],
    aliases: [LEGACY_ALARM_ACTIONS[verb]],
    value: idValue,
    async run({ actor, value: alarmId, deps }) {
      await deps.core.execute(command, actor, { alarmId });
    },
  });

/** Resolve asks for the root cause first: the modal opens right after the acknowledgement. */
const resolveButton = defineButton({
  actionId: ALARM_ACTIONS.resolve,
  aliases: [LEGACY_ALARM_ACTIONS.resolve],
  value: idValue,
  async run({ actor, value: alarmId, deps }) {
    return { modal: resolveModal(await deps.core.read(alarmToResolve, actor, { alarmId })) };
  },
});

export const alarmButtons = [commandButton('acknowledge', acknowledgeAlarm), commandButton('escalate', escalateAlarm), resolveButton];
