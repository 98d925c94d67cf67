/** `PersonRef` fields (a ticket's initiator, an alarm's acknowledger): one directory query for every node of a response. */
import { personRefs } from '../../../core/directory/index.ts';
import type { GraphqlContext } from './context.ts';
import { batchLoader } from './loaders.ts';

const loadRef = batchLoader(async (ctx: GraphqlContext, ids) => {
  const refs = await ctx.core.read(personRefs, ctx.actor, { ids: [...ids] });
  return new Map(refs.map((ref) => [ref.id, ref]));
});

/** The person's id and name; a person since removed from the directory reads as "unknown person". */
export async function personRef(ctx: GraphqlContext, id: string): Promise<{ id: string; name: string }> {
  return (await loadRef(ctx, id)) ?? { id, name: 'unknown person' };
}
