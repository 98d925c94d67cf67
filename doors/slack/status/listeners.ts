/**
 * `/status`: the states of the services the person may read, and the open incidents they may see,
 * answered to them alone. Provider staff see every service; a client person the public ones and
 * their org's (the core's queries decide, as for the console and GraphQL).
 */
import type { App } from '@slack/bolt';
import { listIncidents } from '../../../core/incidents/index.ts';
import { listServices } from '../../../core/status/index.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { ephemeral } from '../kit/blocks.ts';
import { slackErrorText } from '../kit/errors.ts';
import { statusMessage } from './presenters.ts';

export function registerStatusListeners(app: App, deps: SlackDeps): void {
  const { core, logger, config } = deps;
  app.command('/status', async ({ ack, context }) => {
    try {
      const actor = requireActor(context);
      const [services, incidents] = await Promise.all([core.read(listServices, actor, {}), core.read(listIncidents, actor, { days: 0 })]);
      await ack(statusMessage(services, incidents, config.PUBLIC_URL?.replace(/\/+$/, '')));
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), logger)));
    }
  });
}
