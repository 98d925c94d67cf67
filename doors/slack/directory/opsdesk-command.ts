/**
 * `/opsdesk`: the directory's slash command.
 *   whoami                          who opsdesk thinks you are (ephemeral)
 *   link <org-slug> [purpose]       link this channel to an org (provider admins; the policy decides)
 *   help, or anything else          usage
 * Each subcommand parses, calls at most one core command, and acks with a presenter's message.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { PersonActor } from '../../../core/actor.ts';
import { CHANNEL_PURPOSES, linkChannel, me, orgBySlug, slackIdSchema, type ChannelPurpose } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { slackErrorText } from '../kit/errors.ts';
import { ephemeral, type SlackReply } from '../kit/blocks.ts';
import { channelLinkedMessage, opsdeskUsageMessage, whoamiMessage } from './presenters.ts';

const commandSchema = z.object({
  text: z.string().max(4000).default(''),
  team_id: slackIdSchema,
  channel_id: slackIdSchema,
  user_id: slackIdSchema,
});
type OpsdeskCommand = z.output<typeof commandSchema>;

export function registerOpsdeskCommand(app: App, deps: SlackDeps): void {
  app.command('/opsdesk', async ({ command, ack, context }) => {
    let reply: SlackReply;
    try {
      const parsed = commandSchema.safeParse(command);
      if (!parsed.success) throw new OpsdeskError('INVALID_INPUT', 'this slash command payload is not one opsdesk understands');
      reply = await run(deps, parsed.data, requireActor(context));
    } catch (error) {
      reply = ephemeral(slackErrorText(error, requestIdOf(context), deps.logger));
    }
    await ack(reply);
  });
}

async function run(deps: SlackDeps, command: OpsdeskCommand, actor: PersonActor): Promise<SlackReply> {
  const [sub = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case 'whoami':
      return whoami(deps, command, actor);
    case 'link':
      return args.length >= 1 && args.length <= 2 ? link(deps, command, actor, args[0]!, args[1]) : opsdeskUsageMessage();
    default:
      return opsdeskUsageMessage();
  }
}

async function whoami(deps: SlackDeps, command: OpsdeskCommand, actor: PersonActor): Promise<SlackReply> {
  const { memberships } = await deps.core.read(me, actor, {});
  const orgs = memberships.map((m) => ({ name: m.org.name, kind: m.orgKind, roles: m.roles }));
  return whoamiMessage({ name: actor.name, slackUserId: command.user_id, orgs });
}

async function link(
  deps: SlackDeps,
  command: OpsdeskCommand,
  actor: PersonActor,
  slug: string,
  purposeArg: string | undefined,
): Promise<SlackReply> {
  const purpose = purposeArg?.toLowerCase() as ChannelPurpose | undefined;
  if (purpose !== undefined && !CHANNEL_PURPOSES.includes(purpose)) {
    throw new OpsdeskError('INVALID_INPUT', `the purpose is one of ${CHANNEL_PURPOSES.join(', ')}, not ${purposeArg}`);
  }
  const org = await deps.core.read(orgBySlug, actor, { slug });
  const linked = await deps.core.execute(linkChannel, actor, {
    orgId: org.id,
    teamId: await deps.workspace.channelTeamId(command.team_id),
    channelId: command.channel_id,
    purpose,
  });
  return channelLinkedMessage(org.name, linked.purpose);
}
