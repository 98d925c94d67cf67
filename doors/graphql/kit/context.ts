import type { PersonActor } from '../../../core/actor.ts';
import type { Core } from '../../../core/core.ts';
import type { Session } from '../../../server/sessions.ts';

/** Built per operation, after authentication: resolvers never see an HTTP or socket object. */
export interface GraphqlContext {
  core: Core;
  /** Who acts: on a WebSocket, the session's actor as of this moment (it follows role changes). */
  readonly actor: PersonActor;
  /** Set on WebSocket operations: what subscriptions follow to end when access ends. */
  session?: LiveSession;
}

/** What a subscription follows of its connection's session (server/sessions.ts `Session`). */
export type LiveSession = Pick<Session, 'actor' | 'ended' | 'onChange'>;

/**
 * The context of one WebSocket operation. `actor` is read afresh from the session each time, so a
 * subscription's resolvers, which run once per event for as long as it lives, act as the person is now.
 */
export function sessionContext(core: Core, session: Session, requestId: string): GraphqlContext {
  return {
    core,
    session,
    get actor() {
      return { ...session.actor, requestId };
    },
  };
}
