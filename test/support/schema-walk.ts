/**
 * Walking schema.graphql for the generated tests: every root field, every input position (leaf) of
 * its arguments, a sensible argument set for it built from a fixture world (ids of real rows by
 * argument name, values by name, type and enum), with one leaf swapped for another value, and the
 * operation document that sends it. A field, an ID argument or a value name this module does not
 * know makes it throw: a mutation added later is walked, or the test says what to add here.
 */
import { readFileSync } from 'node:fs';
import {
  astFromValue,
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import type { IdKind } from './world.ts';

export const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

export type RootKind = 'query' | 'mutation' | 'subscription';

export interface RootField {
  kind: RootKind;
  name: string;
  field: GraphQLField<unknown, unknown>;
}

export function rootFields(kind: RootKind): RootField[] {
  const type = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[kind];
  return Object.values(type?.getFields() ?? {}).map((field) => ({ kind, name: field.name, field }));
}

/** One input position: an argument, or a field of an input object inside one, through lists. */
export interface Leaf {
  /** Names from the argument down: ['input', 'steps', 'personId']. */
  path: string[];
  type: GraphQLNamedType;
  /** Whether the position itself is a list ([ID!]): the value goes in as its one element. */
  list: boolean;
}

export const pathOf = (leaf: Leaf | string[]) => (Array.isArray(leaf) ? leaf : leaf.path).join('.');

export function leavesOf(root: RootField): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (type: GraphQLInputType, path: string[]) => {
    const named = getNamedType(type);
    if (isInputObjectType(named)) {
      for (const field of Object.values(named.getFields())) walk(field.type, [...path, field.name]);
    } else {
      leaves.push({ path, type: named, list: isListType(getNullableType(type)) });
    }
  };
  for (const arg of root.field.args) walk(arg.type, [arg.name]);
  return leaves;
}

/**
 * What each ID argument names. By `field.path` where the name alone does not say (`id`, and the
 * person ids that must be provider staff), else by the argument's own name.
 */
const ID_BY_FIELD: Record<string, IdKind> = {
  'org.id': 'org',
  'release.id': 'release',
  'announcement.id': 'announcement',
  'ticket.id': 'ticket',
  'alarm.id': 'alarm',
  'acknowledgeAlarm.id': 'alarm',
  'escalateAlarm.id': 'alarm',
  'resolveAlarm.id': 'alarm',
  'writeRootCause.id': 'alarm',
  'accessRequest.id': 'grant',
  'revokeApiToken.id': 'token',
  'removeOverride.id': 'override',
  'quarantinedMail.id': 'mail',
  'service.id': 'service',
  'incident.id': 'incident',
  'maintenanceWindow.id': 'maintenance',
  'orgExport.id': 'orgExport',
  'assignQuarantinedMail.id': 'mail',
  'dropQuarantinedMail.id': 'mail',
  'decideAccess.requestId': 'pendingRequest',
  'cancelAccessRequest.requestId': 'pendingRequest',
  'endAccess.requestId': 'grant',
  'revokeAccess.requestId': 'grant',
  'setAccessEligibility.personId': 'staff',
  'addOverride.input.personId': 'staff',
  'createEscalationPolicy.input.steps.personId': 'staff',
  'notificationRules.personId': 'staff',
  'setNotificationRules.input.personId': 'staff',
};
const ID_BY_NAME: Record<string, IdKind> = {
  orgId: 'org',
  orgIds: 'org',
  personId: 'person',
  members: 'staff',
  personIds: 'staff',
  assigneeId: 'staff',
  requesterId: 'staff',
  ticketId: 'ticket',
  grantId: 'grant',
  extendsRequestId: 'grant',
  releaseId: 'release',
  announcementId: 'announcement',
  scheduleId: 'schedule',
  policyId: 'policy',
  serviceId: 'service',
  probeId: 'probe',
  heartbeatId: 'heartbeat',
  serviceIds: 'service',
  alarmId: 'alarm',
  alarmIds: 'alarm',
  ticketIds: 'ticket',
  incidentId: 'incident',
  windowId: 'maintenance',
};

export function idKindOf(field: string, path: string[]): IdKind | undefined {
  return ID_BY_FIELD[`${field}.${pathOf(path)}`] ?? ID_BY_NAME[path[path.length - 1]!];
}

let serial = 0;
const unique = () => `${Date.now().toString(36)}${(++serial).toString(36)}`;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

/** Strings by the name of their position; a function where each call needs its own. */
const STRINGS: Record<string, () => string> = {
  name: () => `World ${unique()}`,
  slug: () => `w-${unique()}`,
  email: () => `${unique()}@example.test`,
  teamId: () => 'TWORLD',
  userId: () => `U${unique().toUpperCase()}`,
  channelId: () => `C${unique().toUpperCase()}`,
  label: () => 'world label',
  version: () => `3.${++serial}.0`,
  title: () => 'A world title',
  changeLog: () => '- a change',
  url: () => 'https://preview.example.test',
  urgentReason: () => 'a security fix that cannot wait',
  reason: () => 'needed to look into the reports',
  timeZone: () => 'Europe/Stockholm',
  startDate: () => '2026-01-05',
  handoffTime: () => '09:00',
  service: () => 'api',
  rootCause: () => 'a full disk',
  body: () => 'a world comment',
  // The words of both A's and B's world tickets: A must find their own and never B's.
  search: () => 'world ticket',
  phone: () => '+46701234567',
  description: () => 'what happened',
  idempotencyKey: () => unique(),
  otherDutyJustification: () => 'the monthly backup verification the contract requires',
  month: () => new Date().toISOString().slice(0, 7),
  scope: () => 'reporting database, read only',
  action: () => 'SELECT',
  target: () => 'reports.daily',
  comment: () => 'looks right',
  subjectId: () => 'world-subject',
  actorId: () => 'world-actor',
  bodyContains: () => 'ok',
  alarmService: () => 'world-service',
  message: () => 'a world update',
};
const INTS: Record<string, number> = {
  first: 5,
  durationMinutes: 60,
  minutes: 60,
  shiftDays: 7,
  waitMinutes: 5,
  delayMinutes: 2,
  repeat: 0,
  reminderOffsets: 60,
  maxDurationMinutes: 240,
  pendingTimeoutMinutes: 60,
  expectedStatus: 200,
  timeoutMs: 1000,
  intervalSeconds: 60,
  failureThreshold: 3,
  successThreshold: 2,
  graceSeconds: 30,
  score: 4,
};
const DATES: Record<string, () => string> = {
  windowStart: () => inDays(40),
  windowEnd: () => inDays(40.1),
  releasedAt: () => inDays(40),
  start: () => inDays(35),
  end: () => inDays(36),
  startsAt: () => inDays(200),
  endsAt: () => inDays(201),
  expiresAt: () => inDays(10),
  since: () => '2020-01-01T00:00:00Z',
  until: () => inDays(1),
  at: () => new Date().toISOString(),
};
/** Enum choices where the first value would not do. */
const ENUMS: Record<string, string> = {
  roles: 'CONTACT',
  'changeTicketStatus.status': 'IN_PROGRESS',
  purpose: 'CLIENT',
  severity: 'HIGH',
  kind: 'INCIDENT',
  'createRelease.input.kind': 'REGULAR',
  'reportInstallation.input.kind': 'SERVER',
  'setNotificationChoice.input.kind': 'TICKET',
  targetType: 'CHANNEL',
};

export interface BuildOptions {
  /** The id for an ID position: the world's row of that kind (own, or another tenant's). */
  id: (kind: IdKind, path: string[]) => string;
  /** The position to fill with `value` (its optional parents are filled in around it). */
  target?: { path: string[]; value: unknown };
  /** Optional positions to fill with their sensible values (and their parents), besides the required ones. */
  include?: string[][];
}

/** A sensible value for a leaf position; throws for a name this module has no value for. */
function sensible(root: RootField, path: string[], type: GraphQLNamedType, options: BuildOptions): unknown {
  const name = path[path.length - 1]!;
  const where = `${root.name}.${pathOf(path)}`;
  if (isEnumType(type)) {
    // A step aimed at the id under test: the step's target type follows it.
    const aimed = options.target?.path ?? (options.include?.length === 1 ? options.include[0] : undefined);
    if (name === 'targetType' && aimed) {
      const aim = aimed.at(-1);
      if (aim === 'scheduleId') return 'SCHEDULE';
      if (aim === 'personId') return 'PERSON';
    }
    return ENUMS[where] ?? ENUMS[name] ?? type.getValues()[0]!.name;
  }
  switch (type.name) {
    case 'ID': {
      const kind = idKindOf(root.name, path);
      if (!kind) throw new Error(`schema-walk: no id kind for ${where}: add it to ID_BY_FIELD or ID_BY_NAME`);
      return options.id(kind, path);
    }
    case 'String':
      if (name === 'after') throw new Error(`schema-walk: ${where} is a cursor: only a test's own value goes there`);
      if (root.name === 'ticketByKey') return 'WORLD-1';
      if (name === 'source') return 'world-monitor';
      if (!STRINGS[name]) throw new Error(`schema-walk: no sensible String for ${where}: add one to STRINGS`);
      return STRINGS[name]();
    case 'Int':
      if (INTS[name] === undefined) throw new Error(`schema-walk: no sensible Int for ${where}: add one to INTS`);
      return INTS[name];
    case 'Boolean':
      return name === 'eligible';
    case 'DateTime':
      if (!DATES[name]) throw new Error(`schema-walk: no sensible DateTime for ${where}: add one to DATES`);
      return DATES[name]();
    case 'JSON':
      return {};
    default:
      throw new Error(`schema-walk: no sensible ${type.name} for ${where}`);
  }
}

const startsWith = (path: string[], prefix: string[]) => prefix.every((name, i) => path[i] === name);

/** Whether an optional position lies on the way to the target or the included position. */
const wants = (options: BuildOptions, path: string[]) =>
  [options.target?.path, ...(options.include ?? [])].some((aim) => aim !== undefined && startsWith(aim, path));

function valueAt(root: RootField, type: GraphQLInputType, path: string[], options: BuildOptions): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [valueAt(root, nullable.ofType, path, options)];
  if (options.target && pathOf(options.target.path) === pathOf(path)) return options.target.value;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      const child = [...path, field.name];
      if (isNonNullType(field.type) || wants(options, child)) {
        value[field.name] = valueAt(root, field.type, child, options);
      }
    }
    return value;
  }
  return sensible(root, path, getNamedType(nullable), options);
}

/** The argument set: the required arguments, and those on the way to the target or included position. */
export function argumentsFor(root: RootField, options: BuildOptions): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of root.field.args) {
    if (isNonNullType(arg.type) || wants(options, [arg.name])) args[arg.name] = valueAt(root, arg.type, [arg.name], options);
  }
  return args;
}

/** The smallest selection an output type takes. */
function selectionOf(root: RootField): string {
  return isLeafType(getNamedType(root.field.type)) ? '' : ' { __typename }';
}

/**
 * The operation sending `args`: as variables (typed as the arguments are), or as literals in the
 * document (`inline`), which GraphQL validates before any variable is looked at.
 */
export function operationFor(root: RootField, args: Record<string, unknown>, inline = false): { query: string; variables: Record<string, unknown> } {
  const sent = root.field.args.filter((arg) => arg.name in args);
  const argument = (arg: GraphQLArgument) => {
    if (!inline) return `${arg.name}: $${arg.name}`;
    const literal = astFromValue(args[arg.name], arg.type);
    if (!literal) throw new Error(`schema-walk: no literal for ${root.name}.${arg.name}`);
    return `${arg.name}: ${print(literal)}`;
  };
  const declarations = inline || sent.length === 0 ? '' : `(${sent.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})`;
  const call = sent.length ? `(${sent.map(argument).join(', ')})` : '';
  return {
    query: `${root.kind}${declarations} { ${root.name}${call}${selectionOf(root)} }`,
    variables: inline ? {} : Object.fromEntries(sent.map((arg) => [arg.name, args[arg.name]])),
  };
}
