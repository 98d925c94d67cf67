/**
 * The request policy of pages whose lists other pages change: show the cached answer at once, and
 * read afresh on every visit. urql's document cache cannot tell that an empty list (no typename in
 * it) is stale after a mutation elsewhere, so cache-first would show "none yet" after creating one.
 */
export const FRESH = 'cache-and-network' as const;
