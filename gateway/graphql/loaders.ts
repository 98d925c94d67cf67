/**
 * Batching for field resolvers: the same field of every node in a list (each request's decisions,
 * each decision's decider) asks for its key, and one query answers all of them, instead of one
 * query per node. Loaders live per operation (keyed by its context object) and remember nothing
 * after their batch: a subscription's context outlives many events, and each event must read
 * fresh rows.
 */
import type { GraphqlContext } from './context.ts';

type FetchMany<V> = (ctx: GraphqlContext, keys: readonly string[]) => Promise<Map<string, V>>;

interface Batch<V> {
  keys: Set<string>;
  result: Promise<Map<string, V>>;
}

/**
 * A loader of values by string key. `fetchMany` gets each distinct key of one batch once and
 * answers a map; a key missing from the map loads as `undefined`.
 */
export function batchLoader<V>(fetchMany: FetchMany<V>) {
  const pending = new WeakMap<GraphqlContext, Batch<V>>();
  return (ctx: GraphqlContext, key: string): Promise<V | undefined> => {
    let batch = pending.get(ctx);
    if (!batch) {
      const keys = new Set<string>();
      // As DataLoader does: wait out the promise jobs already queued, then one more tick, so the
      // field of every list item (resolved one promise job after another) joins the batch.
      const result = Promise.resolve()
        .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
        .then(() => {
          pending.delete(ctx);
          return fetchMany(ctx, [...keys]);
        });
      batch = { keys, result };
      pending.set(ctx, batch);
    }
    batch.keys.add(key);
    return batch.result.then((values) => values.get(key));
  };
}

/** Group rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
