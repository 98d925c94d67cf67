/**
 * What the Slack door's listeners share: the host's dependencies, the provider's workspace, the door's store,
 * and the two things opsdesk's middleware puts into Bolt's `context` (the request id and the actor).
 */
import type { Context } from '@slack/bolt';
import type { PersonActor } from '../../core/actor.ts';
import { OpsdeskError } from '../../core/errors.ts';
import type { Host } from '../../server/door.ts';
import type { SlackWorkspace } from './workspace.ts';
import type { SlackStore } from './store/index.ts';

export interface SlackDeps extends Host {
  workspace: SlackWorkspace;
  /** The door's own tables (delivery keys, cards, the notifier's queue). */
  store: SlackStore;
}

/** Set by the identity middleware for every delivery that comes from a known (or just registered) person. */
export function actorOf(context: Context): PersonActor | undefined {
  return context.actor as PersonActor | undefined;
}

/** For listeners that only run for people: the identity middleware has refused everyone else already. */
export function requireActor(context: Context): PersonActor {
  const actor = actorOf(context);
  if (!actor) throw new OpsdeskError('UNAUTHENTICATED', 'no person is linked to your Slack user');
  return actor;
}

/** The host's request id (HTTP) or one made up for the delivery (Socket Mode); also in every audit event. */
export function requestIdOf(context: Context): string {
  return String(context.requestId);
}
