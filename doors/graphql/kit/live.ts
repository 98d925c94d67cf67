/**
 * Subscriptions that stay within what their subscriber may see, for as long as they are open.
 *
 * Each event passes the catalogue's read decision for that event's type, made with the session's
 * actor as of that event (core/events/catalogue.ts), on top of the subscription's own topic. When the
 * session's credential changes (roles set, membership removed) the subscription's own authorisation is
 * checked again; a subscription no longer allowed ends with FORBIDDEN, and every subscription of a
 * session whose credential stopped authenticating ends with UNAUTHENTICATED.
 */
import type { PersonActor } from '../../../core/actor.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { OpsdeskError, isOpsdeskError } from '../../../core/errors.ts';
import type { GraphqlContext } from './context.ts';
import { subscribeToBus, type BusStream } from './bus-iterator.ts';

export interface LiveSubscription {
  /**
   * Find what the subscription is about (the org, the ticket) as the subscriber is at subscribe,
   * throwing NOT_FOUND or FORBIDDEN, and return the check that says, from the actor alone, whether
   * they may still hold it. The check is synchronous: it runs on every credential change of every
   * open subscription, so a role change of a person a thousand subscriptions belong to reads nothing more.
   */
  subject(actor: PersonActor): StillAllowed | Promise<StillAllowed>;
  /** The subscription's topic: which events it is about (the read policy then decides per event and actor). */
  topic(event: DomainEvent): boolean;
}

/** Throws NOT_FOUND or FORBIDDEN when the actor may no longer hold the subscription. */
export type StillAllowed = (actor: PersonActor) => void;

const accessEnded = () => new OpsdeskError('FORBIDDEN', 'you may no longer follow this subscription');

/**
 * What a live stream is about, as the multiplexer (kit/multiplex.ts) needs it to carry the
 * subscription in a group: the topic, and the check made at subscribe, run again from an actor alone.
 */
export interface Live {
  topic(event: DomainEvent): boolean;
  stillAllowed: StillAllowed;
}

const LIVE = Symbol('opsdesk.live');

/** The topic and check of a stream made by `liveSubscription` (undefined for any other stream). */
export const liveOf = (stream: unknown): Live | undefined => (stream as { [LIVE]?: Live } | null)?.[LIVE];

export async function liveSubscription(ctx: GraphqlContext, spec: LiveSubscription): Promise<BusStream> {
  const { core, session } = ctx;
  if (!session) throw new Error('subscriptions run on a WebSocket session');
  const stillAllowed = await spec.subject(ctx.actor);
  stillAllowed(ctx.actor);
  const stream = subscribeToBus(core.bus, (event) => spec.topic(event) && core.events.canRead(session.actor, event));
  const stopFollowing = session.onChange(() => {
    if (session.ended) {
      stream.end(session.ended);
      return;
    }
    try {
      stillAllowed(session.actor);
    } catch (error) {
      // NOT_FOUND at subscribe means "no such thing for you"; once held, losing it is a FORBIDDEN.
      stream.end(isOpsdeskError(error) && error.code !== 'FORBIDDEN' ? accessEnded() : (error as Error));
    }
  });
  stream.onFinish(stopFollowing);
  return Object.assign(stream, { [LIVE]: { topic: spec.topic, stillAllowed } satisfies Live });
}
