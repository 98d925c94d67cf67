/**
 * Subscriptions that stay within what their subscriber may see, for as long as they are open.
 *
 * Each event passes the catalogue's read decision for that event's type, made with the session's
 * actor as of that event (core/events/catalogue.ts), on top of the subscription's own topic. When the
 * session's credential changes (roles set, membership removed) the subscription's own authorisation is
 * checked again; a subscription no longer allowed ends with FORBIDDEN, and every subscription of a
 * session whose credential stopped authenticating ends with UNAUTHENTICATED.
 */
import type { PersonActor } from '../../core/actor.ts';
import type { DomainEvent } from '../../core/events/bus.ts';
import { OpsdeskError, isOpsdeskError } from '../../core/errors.ts';
import type { GraphqlContext } from './context.ts';
import { subscribeToBus, type BusStream } from './bus-iterator.ts';

export interface LiveSubscription {
  /** May this actor hold the subscription? Throws NOT_FOUND or FORBIDDEN; runs at subscribe and on every credential change. */
  authorize(actor: PersonActor): void | Promise<void>;
  /** The subscription's topic: which events it is about (the read policy then decides per event and actor). */
  topic(event: DomainEvent): boolean;
}

const accessEnded = () => new OpsdeskError('FORBIDDEN', 'you may no longer follow this subscription');

export async function liveSubscription(ctx: GraphqlContext, spec: LiveSubscription): Promise<BusStream> {
  const { core, session } = ctx;
  if (!session) throw new Error('subscriptions run on a WebSocket session');
  await spec.authorize(ctx.actor);
  const stream = subscribeToBus(core.bus, (event) => spec.topic(event) && core.events.canRead(session.actor, event));
  const stopFollowing = session.onChange(() => {
    if (session.ended) {
      stream.end(session.ended);
      return;
    }
    Promise.resolve()
      .then(() => spec.authorize(session.actor))
      .catch((error: unknown) => {
        // NOT_FOUND at subscribe means "no such thing for you"; once held, losing it is a FORBIDDEN.
        // Anything else (the database failing the re-check) ends it too: a stream that cannot be
        // re-authorised does not go on, and the error boundary logs it.
        stream.end(isOpsdeskError(error) && error.code === 'NOT_FOUND' ? accessEnded() : (error as Error));
      });
  });
  stream.onFinish(stopFollowing);
  return stream;
}
