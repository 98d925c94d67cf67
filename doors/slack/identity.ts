/**
 * Who is acting, for every Slack delivery that comes from a user: a known Slack identity becomes
 * that person's actor; an unknown user is registered through the core (`registerSlackUser`: provider
 * staff without roles, or a contact of the org whose client channel this is) or refused.
 *
 * Refused users are told so, politely and only to them, and nothing else happens. Messages are the
 * exception: they are not addressed to opsdesk, so a stranger's message is ignored without a word.
 * This door never writes to the database itself, and reads the directory only through its queries,
 * as the Slack door's own system actor (nobody is known yet).
 */
import type { AckFn, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { systemActor, type PersonActor } from '../../core/actor.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { actorOfPerson, personOfSlackUser, registerSlackUser } from '../../core/directory/index.ts';
import { requestIdOf, type SlackDeps } from './context.ts';
import { refusalText } from './kit/errors.ts';
import { ephemeral } from './kit/blocks.ts';
import { describeDelivery, type DeliverySource } from './source.ts';

export function identityMiddleware(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const source = describeDelivery(args.body);
    if (source?.fromBot) return;
    // Deliveries without a user (channel_shared, message_deleted, ...) go on without an actor.
    if (!source?.userId || !source.userTeamId) return args.next();
    const user = { ...source, userId: source.userId, userTeamId: source.userTeamId };
    const requestId = requestIdOf(args.context);
    let actor: PersonActor;
    try {
      actor = await resolveActor(deps, user, requestId, args.client);
    } catch (error) {
      await refuse(deps, args, source, refusalText(error, requestId, deps.logger));
      return;
    }
    args.context.actor = actor;
    await args.next();
  };
}

type SlackUser = DeliverySource & { userId: string; userTeamId: string };

async function resolveActor(
  deps: SlackDeps,
  source: SlackUser,
  requestId: string,
  client: WebClient,
): Promise<PersonActor> {
  const system = systemActor('slack', 'slack', requestId);
  const personId =
    (await deps.core.read(personOfSlackUser, system, { teamId: source.userTeamId, userId: source.userId })) ??
    (await register(deps, source, requestId, client));
  const actor = await deps.core.read(actorOfPerson, system, { personId, door: 'slack', requestId });
  if (!actor) throw new Error(`Slack identity ${source.userTeamId}/${source.userId} points at no person`);
  return actor;
}

async function register(deps: SlackDeps, source: SlackUser, requestId: string, client: WebClient): Promise<string> {
  const { core, workspace } = deps;
  const system = systemActor('slack', 'slack', requestId);
  const profile = await slackProfile(deps, client, source);
  // Slack's own record of the user's home workspace outranks a payload field: being taken for the
  // provider's team would make a client's user provider staff, who see every org.
  const teamId = profile.teamId ?? source.userTeamId;
  if (teamId !== source.userTeamId) {
    const known = await core.read(personOfSlackUser, system, { teamId, userId: source.userId });
    if (known) return known;
  }
  const providerTeamId = await workspace.providerTeamId();
  if (teamId === providerTeamId && !profile.teamId) {
    throw new Error(`Slack did not confirm the home team of ${source.userId}; not registering them as provider staff`);
  }
  const channel = source.channelId
    ? { teamId: await workspace.channelTeamId(source.userTeamId), channelId: source.channelId }
    : undefined;
  const input = { teamId, userId: source.userId, name: profile.name, providerTeamId, channel };
  try {
    const { personId } = await core.execute(registerSlackUser, system, input);
    return personId;
  } catch (error) {
    // Two first deliveries from one user at once: the other one registered them.
    if (error instanceof OpsdeskError && error.code === 'CONFLICT') {
      const personId = await core.read(personOfSlackUser, system, { teamId, userId: source.userId });
      if (personId) return personId;
    }
    throw error;
  }
}

/** Name and home team from `users.info`; the handle (or the id) when Slack cannot say. */
async function slackProfile(
  deps: SlackDeps,
  client: WebClient,
  source: SlackUser,
): Promise<{ name: string; teamId?: string }> {
  try {
    const { user } = await client.users.info({ user: source.userId });
    const name = (user?.real_name || user?.profile?.real_name || user?.profile?.display_name || user?.name)?.trim();
    return { name: name ? name.slice(0, 200) : (source.userName ?? source.userId), teamId: user?.team_id || undefined };
  } catch (error) {
    deps.logger.warn({ err: error, userId: source.userId }, 'Slack users.info failed; using the handle as the name');
    return { name: source.userName ?? source.userId };
  }
}

/** Tell a refused user, in the way each kind of delivery allows; events get no answer. */
export async function refuse(deps: SlackDeps, args: AnyMiddlewareArgs & { client: WebClient }, source: DeliverySource, text: string) {
  const ack = (args as { ack?: AckFn<unknown> }).ack;
  switch (source.kind) {
    case 'command':
      await ack?.(ephemeral(text));
      return;
    case 'options':
      await ack?.({ options: [] });
      return;
    case 'action':
    case 'shortcut':
    case 'view':
      await ack?.();
      if (source.channelId && source.userId) {
        await args.client.chat
          .postEphemeral({ channel: source.channelId, user: source.userId, text })
          .catch((error) => deps.logger.warn({ err: error }, 'could not tell a refused Slack user why'));
      }
      return;
    case 'event':
      deps.logger.debug({ teamId: source.userTeamId, userId: source.userId }, 'ignored a Slack event from a user opsdesk does not serve');
  }
}
