/**
 * Query depth and cost limits: one client's query cannot take the server down. A list field
 * of objects costs its `first` argument (or 10) times its children; every other field costs 1.
 */
import { createRequire } from 'node:module';
import depthLimit from 'graphql-depth-limit';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';

// Its ESM build imports `graphql/index.mjs` explicitly, a second graphql realm next to the
// CommonJS one everything else loads; its CommonJS build shares ours.
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

const CONNECTION_LISTS = new Set(['nodes', 'edges']);

/** What an unpaginated list of objects (an org's memberships, say) is assumed to hold. */
const UNPAGED_LIST_SIZE = 10;

/**
 * A field costs 1 plus its children; a paginated field multiplies its children by its `first`
 * argument; any other list of objects by a small constant. Lists of scalars cost 1.
 */
const listAwareEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (typeof args.first === 'number') return 1 + Math.max(1, args.first) * Math.max(1, childComplexity);
  // A connection's nodes are as many as its parent's `first`, which already counted them.
  const isUnpagedList = String(field.type).includes('[') && !CONNECTION_LISTS.has(field.name);
  if (!isUnpagedList || childComplexity === 0) return 1 + childComplexity;
  return 1 + UNPAGED_LIST_SIZE * childComplexity;
};

export function depthRule(maxDepth: number): ValidationRule {
  return depthLimit(maxDepth) as ValidationRule;
}

/** Throws an INVALID_INPUT GraphQLError when the operation would cost more than `maxCost`. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): void {
  const cost = getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables: variables ?? {},
    estimators: [listAwareEstimator],
  });
  if (cost > maxCost) {
    throw new GraphQLError(`query too expensive: cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items`, {
      extensions: { code: 'INVALID_INPUT', cost, maxCost },
    });
  }
}
