/**
 * Batching for field resolvers with DataLoader: the same field of every node in a list (each
 * request's decisions, each decision's decider) asks for its key, and one query answers all of
 * them, instead of one query per node. One loader per operation (keyed by its context object),
 * without DataLoader's cache: a subscription's context outlives many events, and each event must
 * read fresh rows.
 */
import DataLoader from 'dataloader';
import type { GraphqlContext } from './context.ts';

type FetchMany<V> = (ctx: GraphqlContext, keys: readonly string[]) => Promise<Map<string, V>>;

/** A loader of values by string key; a key missing from `fetchMany`'s map loads as `undefined`. */
export function batchLoader<V>(fetchMany: FetchMany<V>) {
  const loaders = new WeakMap<GraphqlContext, DataLoader<string, V | undefined>>();
  return (ctx: GraphqlContext, key: string): Promise<V | undefined> => {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = new DataLoader(
        async (keys) => {
          const values = await fetchMany(ctx, keys);
          return keys.map((k) => values.get(k));
        },
        { cache: false },
      );
      loaders.set(ctx, loader);
    }
    return loader.load(key);
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
