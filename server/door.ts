/**
 * The contract between the host and its doors. A door (GraphQL, Slack, socket.io, the webhooks, the
 * web console and email that follow) is a way in: it authenticates, validates at its edge, runs core
 * commands and queries with an actor, and presents the result. The host owns the one HTTP server:
 * it mounts each door's routes, routes each WebSocket upgrade to the door that takes its path,
 * reports each door's readiness on `/readyz`, and drains the doors on shutdown, in reverse order.
 *
 * Duties of a door:
 * - `mount` adds its routes to the one express app before the server listens; a door never listens
 *   on a port of its own and never takes the HTTP server itself;
 * - `upgrade` takes the WebSocket upgrades of the paths it `accepts`; any other upgrade is refused;
 * - `start` runs once the server listens (open outbound connections, start background work);
 * - `stop` finishes or hands back what it has in progress and closes its long-lived connections
 *   (WebSockets) so that the server can close: it must return within the shutdown timeout;
 * - `readiness` is cheap: `/readyz` asks it on every probe.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { Core } from '../core/core.ts';
import type { Logger } from '../core/observability.ts';
import type { Config } from './config.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SessionRegistry } from './sessions.ts';

/** What the host gives every door. */
export interface Host {
  readonly core: Core;
  readonly config: Config;
  readonly logger: Logger;
  /** The sessions of long-lived connections, following their credentials' current state. */
  readonly sessions: SessionRegistry;
  /** One token bucket per credential, shared by every door. */
  readonly limiter: RateLimiter;
}

/**
 * A door's own state on `/readyz`. A degraded door leaves the instance ready (HTTP 200): it still
 * serves, but something it owes people is late (for Slack: pages Slack has not taken).
 */
export type DoorReadiness = { door: string; status: 'ok' } | { door: string; status: 'degraded'; detail: string };

export interface DoorUpgrade {
  /** Does this door take a WebSocket upgrade to `path` (the URL's path, without the query)? */
  accepts(path: string): boolean;
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface Door {
  readonly name: string;
  mount?(app: Express): void | Promise<void>;
  readonly upgrade?: DoorUpgrade;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  readiness?(): Promise<DoorReadiness>;
}
