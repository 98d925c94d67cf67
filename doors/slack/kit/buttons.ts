/**
 * Slack buttons: one definition per button (its action id, what its value names, what pressing it
 * does) and one runner for all of them.
 *
 * The runner validates the button's value at the edge, runs the button as the person who pressed it
 * (one core command; or a query, then a modal), and acknowledges after the commit, so the presser
 * learns at once when it was refused. A refusal, and any words meant for the presser, are shown to
 * the presser only (never to the channel): through the message's `response_url` where Slack gives
 * one, else as an ephemeral message in the channel, else (App Home) as a direct message. Everyone
 * else sees the change when the notifier re-renders the card from the committed event.
 *
 * Action ids are `<capability>:<verb>` (`ticket:take`, `alarm:acknowledge`). A button that once had
 * another id keeps it as an alias: cards posted before an upgrade still carry the old one.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/web-api';
import { z } from 'zod';
import type { PersonActor } from '../../../core/actor.ts';
import { parseInput } from '../../../core/command.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { slackErrorText } from './errors.ts';

/** What a press leads to, besides the command it ran: a modal to open, words for the presser only. */
export interface PressOutcome {
  /** Opened right after the acknowledgement (Slack allows 3 seconds from the press). */
  readonly modal?: View;
  /** Shown to the presser only. */
  readonly reply?: string;
}

export interface Press<V> {
  readonly actor: PersonActor;
  readonly value: V;
  readonly deps: SlackDeps;
}

export interface SlackButton<V = unknown> {
  readonly actionId: string;
  /** Action ids this button had before: cards posted earlier still carry them. */
  readonly aliases: readonly string[];
  /** What the button's value names, checked before anything runs. */
  readonly value: z.ZodType<V, z.ZodTypeDef, string>;
  run(press: Press<V>): Promise<PressOutcome | void>;
}

export function defineButton<V>(button: {
  actionId: string;
  aliases?: readonly string[];
  value: z.ZodType<V, z.ZodTypeDef, string>;
  run(press: Press<V>): Promise<PressOutcome | void>;
}): SlackButton<V> {
  return { ...button, aliases: button.aliases ?? [] };
}

/** A button whose value is the id of what it acts on. */
export const idValue = z.string().trim().min(1, 'this button does not name what it acts on').max(100);

/** Register every button with the one runner. */
export function registerButtons(app: App, deps: SlackDeps, buttons: readonly SlackButton[]): void {
  const seen = new Set<string>();
  for (const button of buttons) {
    for (const actionId of [button.actionId, ...button.aliases]) {
      if (seen.has(actionId)) throw new Error(`two Slack buttons answer to the action id ${actionId}`);
      seen.add(actionId);
      app.action<BlockAction<ButtonAction>>(actionId, async ({ action, ack, body, context, client, respond }) => {
        const requestId = requestIdOf(context);
        let outcome: PressOutcome | void;
        try {
          const value = parseInput(button.value, action.value ?? '');
          outcome = await button.run({ actor: requireActor(context), value, deps });
        } catch (error) {
          await ack();
          await tellPresser(deps, { body, client, respond }, slackErrorText(error, requestId, deps.logger));
          return;
        }
        await ack();
        if (outcome?.modal) {
          await client.views.open({ trigger_id: body.trigger_id, view: outcome.modal }).catch((error: unknown) =>
            deps.logger.warn({ err: error, requestId, actionId }, 'opening a modal after a button press failed'),
          );
        }
        if (outcome?.reply) await tellPresser(deps, { body, client, respond }, outcome.reply);
      });
    }
  }
}

type PressArgs = {
  body: BlockAction;
  client: { chat: { postEphemeral(args: { channel: string; user: string; text: string }): Promise<unknown>; postMessage(args: { channel: string; text: string }): Promise<unknown> } };
  respond: (message: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>;
};

/** Words for the presser only, in the first way Slack offers where the button was. */
async function tellPresser(deps: SlackDeps, { body, client, respond }: PressArgs, text: string): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  try {
    if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
    else if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text });
    else await client.chat.postMessage({ channel: body.user.id, text }); // App Home: a direct message
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not tell a Slack user what became of their button press');
  }
}
