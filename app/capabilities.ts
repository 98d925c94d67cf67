/**
 * THE list of opsdesk's capabilities: a capability is added here, with one entry, and nowhere else.
 *
 * An entry names the capability's core (its commands, queries, events, timers and reactions; see
 * core/capability.ts) and its part in each door. Every part is loaded on demand: the command line
 * loads the core parts and one command's code, never Bolt or Apollo; the server loads them all.
 * The order is the order of App Home sections and of the command line's help.
 */
import type { Capability } from '../core/capability.ts';

export interface CapabilityEntry {
  readonly name: string;
  readonly core: () => Promise<{ default: Capability }>;
}

export const CAPABILITIES: readonly CapabilityEntry[] = [
  { name: 'directory', core: () => import('../core/directory/index.ts') },
  { name: 'alarms', core: () => import('../core/alarms/index.ts') },
  { name: 'access', core: () => import('../core/access/index.ts') },
  { name: 'tickets', core: () => import('../core/tickets/index.ts') },
  { name: 'announcements', core: () => import('../core/announcements/index.ts') },
  { name: 'audit', core: () => import('../core/audit/index.ts') },
];

/** Every capability's core part, loaded. */
export async function coreCapabilities(): Promise<Capability[]> {
  return Promise.all(CAPABILITIES.map(async (entry) => (await entry.core()).default));
}
