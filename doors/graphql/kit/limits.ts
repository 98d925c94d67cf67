/**
 * Query depth, cost and mutation limits: one client's request cannot take the server down. A list
 * field of objects costs its `first` argument (or 10) times its children; every other field costs 1.
 * One operation carries at most GRAPHQL_MAX_MUTATIONS root mutation fields (aliases count): each is
 * its own command, and each may post to Slack.
 */
import { createRequire } from 'node:module';
import depthLimit from 'graphql-depth-limit';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { OpsdeskError } from '../../../core/errors.ts';
import { checkInputs } from './input-edge.ts';

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

/** Root fields of a selection, through inline fragments and fragment spreads; `__typename` is free. */
function rootFieldCount(set: SelectionSetNode, context: ValidationContext, spread: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(selection.selectionSet, context, spread);
    else if (!spread.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      // A cycle is another rule's to report; each spread counts its fields again, as it runs them again.
      if (fragment) count += rootFieldCount(fragment.selectionSet, context, new Set([...spread, selection.name.value]));
    }
  }
  return count;
}

export function mutationLimitRule(maxMutations: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      if (node.operation !== 'mutation') return;
      const count = rootFieldCount(node.selectionSet, context, new Set());
      if (count > maxMutations) {
        context.reportError(
          new GraphQLError(`too many mutations in one request: ${count}; send at most ${maxMutations} (aliases count too) and the rest in another request`, { nodes: node }),
        );
      }
    },
  });
}

/**
 * What both doors check between validation and execution: the inputs (`input-edge.ts`), then the
 * cost. Throws INVALID_INPUT (an OpsdeskError), or GraphQL's own error for variables it cannot coerce.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined | null,
  maxCost: number,
): void {
  checkInputs(schema, document, operationName, variables);
  checkCost(schema, document, operationName, variables ?? undefined, maxCost);
}

/** Throws INVALID_INPUT when the operation would cost more than `maxCost`. */
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
    throw new OpsdeskError('INVALID_INPUT', `query too expensive: cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items`, { cost, maxCost });
  }
}
