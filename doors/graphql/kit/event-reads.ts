/**
 * The subject of an event as of that event, read once per event for all its subscribers (a
 * thousand dashboards would otherwise read the same row a thousand times); each subscriber is
 * still authorised by its resolver.
 */
import type { Queryable } from '../../../db/client.ts';

const LIMIT = 500;

export function readOncePerEvent<T>(read: (db: Queryable, subjectId: string) => Promise<T | undefined>) {
  // Per database: event ids are only unique within one (tests run several in one process).
  const caches = new WeakMap<Queryable, Map<number, Promise<T | undefined>>>();
  return (db: Queryable, eventId: number, subjectId: string): Promise<T | undefined> => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    let pending = cache.get(eventId);
    if (!pending) {
      pending = read(db, subjectId);
      cache.set(eventId, pending);
      if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
      const owner = cache;
      pending.catch(() => owner.delete(eventId));
    }
    return pending;
  };
}
