/**
 * THE list of opsdesk's capabilities: a capability is added here, with one entry, and nowhere else.
 *
 * An entry names the capability's core (its commands, queries, events, timers and reactions; see
 * core/capability.ts) and its part in each door it has. Every part is loaded on demand: the command
 * line loads the core parts and one command's code, never Bolt or Apollo; the server loads them all.
 * The order is the order of App Home's sections.
 */
import type { Capability } from '../core/capability.ts';
import type { CliPart } from '../doors/cli/kit/command.ts';
import type { CollabPart } from '../doors/collab/index.ts';
import type { EmailPart } from '../doors/email/types.ts';
import type { SmsPart } from '../doors/sms/types.ts';
import type { GraphqlPart } from '../doors/graphql/index.ts';
import type { SlackPart } from '../doors/slack/index.ts';
import type { WebhooksPart } from '../doors/webhooks/index.ts';

type Load<T> = () => Promise<{ default: T }>;

/** The parts a capability may have in each door, by door. */
export interface DoorParts {
  cli: CliPart;
  graphql: GraphqlPart;
  slack: SlackPart;
  collab: CollabPart;
  webhooks: WebhooksPart;
  email: EmailPart;
  sms: SmsPart;
}

export type CapabilityEntry = { readonly name: string; readonly core: Load<Capability> } & {
  readonly [D in keyof DoorParts]?: Load<DoorParts[D]>;
};

export const CAPABILITIES: readonly CapabilityEntry[] = [
  {
    name: 'directory',
    core: () => import('../core/directory/index.ts'),
    cli: () => import('../doors/cli/directory/index.ts'),
    graphql: () => import('../doors/graphql/directory/index.ts'),
    slack: () => import('../doors/slack/directory/index.ts'),
  },
  {
    name: 'alarms',
    core: () => import('../core/alarms/index.ts'),
    cli: () => import('../doors/cli/alarms/index.ts'),
    graphql: () => import('../doors/graphql/alarms/index.ts'),
    slack: () => import('../doors/slack/alarms/index.ts'),
    webhooks: () => import('../doors/webhooks/alarms/index.ts'),
    sms: () => import('../doors/sms/alarms/index.ts'),
    email: () => import('../doors/email/alarms/index.ts'),
  },
  {
    name: 'status',
    core: () => import('../core/status/index.ts'),
    cli: () => import('../doors/cli/status/index.ts'),
    graphql: () => import('../doors/graphql/status/index.ts'),
    slack: () => import('../doors/slack/status/index.ts'),
    webhooks: () => import('../doors/webhooks/status/index.ts'),
  },
  {
    name: 'access',
    core: () => import('../core/access/index.ts'),
    cli: () => import('../doors/cli/access/index.ts'),
    graphql: () => import('../doors/graphql/access/index.ts'),
    slack: () => import('../doors/slack/access/index.ts'),
    email: () => import('../doors/email/access/index.ts'),
  },
  {
    name: 'tickets',
    core: () => import('../core/tickets/index.ts'),
    graphql: () => import('../doors/graphql/tickets/index.ts'),
    slack: () => import('../doors/slack/tickets/index.ts'),
    collab: () => import('../doors/collab/tickets.ts'),
    email: () => import('../doors/email/tickets/index.ts'),
  },
  {
    name: 'announcements',
    core: () => import('../core/announcements/index.ts'),
    graphql: () => import('../doors/graphql/announcements/index.ts'),
    slack: () => import('../doors/slack/announcements/index.ts'),
    email: () => import('../doors/email/announcements/index.ts'),
  },
  {
    name: 'incidents',
    core: () => import('../core/incidents/index.ts'),
    cli: () => import('../doors/cli/incidents/index.ts'),
    graphql: () => import('../doors/graphql/incidents/index.ts'),
    slack: () => import('../doors/slack/incidents/index.ts'),
    email: () => import('../doors/email/incidents/index.ts'),
  },
  {
    name: 'mail',
    core: () => import('../core/mail/index.ts'),
    cli: () => import('../doors/cli/mail/index.ts'),
    graphql: () => import('../doors/graphql/mail/index.ts'),
  },
  {
    name: 'reports',
    core: () => import('../core/reports/index.ts'),
    graphql: () => import('../doors/graphql/reports/index.ts'),
  },
  {
    name: 'exports',
    core: () => import('../core/exports/index.ts'),
    cli: () => import('../doors/cli/exports/index.ts'),
    graphql: () => import('../doors/graphql/exports/index.ts'),
  },
  {
    name: 'audit',
    core: () => import('../core/audit/index.ts'),
    cli: () => import('../doors/cli/audit/index.ts'),
    graphql: () => import('../doors/graphql/audit/index.ts'),
    slack: () => import('../doors/slack/audit/index.ts'),
    email: () => import('../doors/email/audit/index.ts'),
  },
];

/** Every capability's core part, loaded. */
export async function coreCapabilities(): Promise<Capability[]> {
  return Promise.all(CAPABILITIES.map(async (entry) => (await entry.core()).default));
}

/** Every capability's part in one door, loaded, in the list's order. */
export async function partsOf<D extends keyof DoorParts>(door: D): Promise<DoorParts[D][]> {
  const loads = CAPABILITIES.flatMap((entry) => (entry[door] ? [entry[door]] : []));
  return Promise.all(loads.map(async (load) => (await load()).default as DoorParts[D]));
}
