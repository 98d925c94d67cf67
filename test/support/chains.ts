/** The head of every audit chain (its length and last hash), to tell which chains a call changed. */
import type { Database } from '../../db/client.ts';
import { auditChainHeads } from '../../db/schema.ts';

export type ChainHeads = Map<string, string>;

export async function chainHeads(database: Database): Promise<ChainHeads> {
  const rows = await database.db.select().from(auditChainHeads);
  return new Map(rows.map((row) => [row.chainId, `${row.seq}:${row.hash}`]));
}

/** Chains whose head moved (or that were born) between two snapshots. */
export function changedChains(before: ChainHeads, after: ChainHeads): string[] {
  return [...after].filter(([chain, head]) => before.get(chain) !== head).map(([chain]) => chain);
}
