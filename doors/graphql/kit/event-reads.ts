/**
 * The subject of an event as of that event, read once per event for all its subscribers (a thousand
 * dashboards would otherwise read the same row a thousand times). The first subscriber's read is a
 * `Followed` query, authorised for that subscriber; every other subscriber is checked with its
 * `stillAllowed`, from the actor alone.
 */
import type { Core } from '../../../core/core.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { Followed } from '../../../core/query.ts';
import type { GraphqlContext } from './context.ts';

const LIMIT = 500;

export function subjectOncePerEvent<T>(follow: (ctx: GraphqlContext, subjectId: string) => Promise<Followed<T>>) {
  // Per core: event ids are only unique within one database (tests run several in one process).
  const caches = new WeakMap<Core, Map<number, Promise<Followed<T>>>>();
  return async (ctx: GraphqlContext, event: DomainEvent): Promise<T> => {
    let cache = caches.get(ctx.core);
    if (!cache) caches.set(ctx.core, (cache = new Map()));
    const shared = cache.get(event.id);
    if (shared) {
      const followed = await shared;
      followed.stillAllowed(ctx.actor);
      return followed.subject;
    }
    const mine = follow(ctx, event.subjectId);
    cache.set(event.id, mine);
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
    const owner = cache;
    // A refused or failed read is not shared: the next subscriber reads for themselves.
    mine.catch(() => owner.get(event.id) === mine && owner.delete(event.id));
    return (await mine).subject;
  };
}

