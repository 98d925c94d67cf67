/** The staff card's button, run by the one runner: it opens the update form for provider staff. */
import { incidentToUpdate } from '../../../core/incidents/index.ts';
import { defineButton, idValue } from '../kit/buttons.ts';
import { UPDATE_ACTION, updateModal } from './presenters.ts';

const updateButton = defineButton({
  actionId: UPDATE_ACTION,
  aliases: [],
  value: idValue,
  async run({ actor, value: incidentId, deps }) {
    return { modal: updateModal(await deps.core.read(incidentToUpdate, actor, { incidentId })) };
  },
});

export const incidentButtons = [updateButton];
