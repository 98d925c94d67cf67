/**
 * The one edge validator for GraphQL inputs, run by both doors (HTTP through an Apollo plugin,
 * graphql-ws in onSubscribe) after validation and before anything executes. It walks the
 * operation's arguments with their input types, literals and variables alike, and refuses with
 * INVALID_INPUT naming each bad field (`details.fields`, keyed by the argument path such as
 * `input.steps.0.personId`):
 * - NUL characters and lone surrogates in any String, ID or JSON value (the database cannot store
 *   the first; the second is not text);
 * - ID values that are not UUIDs (every ID of schema.graphql is one);
 * - DateTime values that are not ISO 8601, not on the calendar, or outside 1970-9999;
 * - JSON nested deeper than 32 levels.
 * Type errors (a number for a String, an unknown enum value) stay GraphQL's own to report.
 */
import {
  GraphQLError,
  getNullableType,
  getOperationAST,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { isUuid } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { jsonProblem, parseInstant, textProblem } from '../../../core/input.ts';

type Problems = Record<string, string>;

const NOT_A_UUID = 'must be a UUID';

/** Note what is wrong with one leaf value of a scalar type, if anything. */
function leafProblem(scalar: string, value: unknown, path: string, problems: Problems): void {
  const note = (at: string, message: string) => {
    problems[at] ??= message;
  };
  if (scalar === 'JSON') {
    const problem = jsonProblem(value, path);
    if (problem) note(problem.path || path, problem.message);
    return;
  }
  if (typeof value === 'number' && scalar === 'ID') return note(path, NOT_A_UUID);
  if (typeof value !== 'string') return; // GraphQL's coercion says what type it wanted
  const text = textProblem(value);
  if (text) return note(path, text);
  if (scalar === 'ID' && !isUuid(value)) return note(path, NOT_A_UUID);
  if (scalar === 'DateTime') {
    const parsed = parseInstant(value);
    if ('problem' in parsed) note(path, parsed.problem);
  }
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** A variable's JSON value, walked with the type of the place it is used. */
function walkValue(value: unknown, type: GraphQLInputType, path: string, problems: Problems): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value]; // GraphQL coerces a single value into a list
    items.forEach((item, i) => walkValue(item, nullable.ofType, Array.isArray(value) ? join(path, i) : path, problems));
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return;
    const fields = nullable.getFields();
    for (const [key, child] of Object.entries(value)) {
      const field = fields[key];
      if (field) walkValue(child, field.type, join(path, key), problems);
    }
    return;
  }
  if (isScalarType(nullable)) leafProblem(nullable.name, value, path, problems);
}

/** A literal, walked the same way; variables inside it are looked up. */
function walkLiteral(node: ValueNode, type: GraphQLInputType, path: string, variables: Record<string, unknown> | undefined, problems: Problems): void {
  if (node.kind === Kind.VARIABLE) {
    if (variables) walkValue(variables[node.name.value], type, path, problems);
    return;
  }
  if (node.kind === Kind.NULL) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    if (node.kind === Kind.LIST) node.values.forEach((item, i) => walkLiteral(item, nullable.ofType, join(path, i), variables, problems));
    else walkLiteral(node, nullable.ofType, path, variables, problems);
    return;
  }
  if (isInputObjectType(nullable)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = nullable.getFields();
    for (const field of node.fields) {
      const def = fields[field.name.value];
      if (def) walkLiteral(field.value, def.type, join(path, field.name.value), variables, problems);
    }
    return;
  }
  if (!isScalarType(nullable)) return;
  if (node.kind === Kind.STRING) leafProblem(nullable.name, node.value, path, problems);
  else if (node.kind === Kind.INT || node.kind === Kind.FLOAT) leafProblem(nullable.name, Number(node.value), path, problems);
}

/**
 * Every bad value of the operation that will run, by argument path. Arguments of fragments take the
 * operation's variables; other operations of the document are checked for their literals only.
 */
export function inputProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): Problems {
  const problems: Problems = {};
  const chosen = getOperationAST(document, operationName);
  const typeInfo = new TypeInfo(schema);
  let variablesHere: Record<string, unknown> | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        variablesHere = node === chosen ? (variables ?? {}) : undefined;
      },
      FragmentDefinition() {
        variablesHere = variables ?? {};
      },
      VariableDefinition(node) {
        // A default stands in for a variable the caller left out.
        if (node.defaultValue) {
          const type = typeInfo.getInputType();
          if (type) walkLiteral(node.defaultValue, type, `$${node.variable.name.value}`, undefined, problems);
        }
        return false;
      },
      Argument(node) {
        const type = typeInfo.getInputType();
        if (type) walkLiteral(node.value, type, node.name.value, variablesHere, problems);
        return false;
      },
    }),
  );
  return problems;
}

function refusal(problems: Problems): OpsdeskError | undefined {
  const fields = Object.keys(problems);
  if (fields.length === 0) return undefined;
  const summary = fields.map((field) => `${field}: ${problems[field]}`).join('; ');
  return new OpsdeskError('INVALID_INPUT', `invalid input: ${summary}`, { fields: problems });
}

/** INVALID_INPUT naming every bad field, or nothing when the operation's inputs are sound. */
export function checkInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): void {
  const error = refusal(inputProblems(schema, document, operationName, variables));
  if (error) throw error;
}

/**
 * The same check of literals, as a validation rule: GraphQL validates literals against their
 * scalars before any plugin runs (a DateTime literal out of range fails validation), and this names
 * the field where GraphQL's own error cannot. Variables are `checkInputs`' to check.
 */
export const literalInputRule: ValidationRule = (context) => ({
  Document(document) {
    const error = refusal(inputProblems(context.getSchema(), document, undefined, undefined));
    if (error) context.reportError(new GraphQLError(error.message, { nodes: document, originalError: error }));
    return false;
  },
});
