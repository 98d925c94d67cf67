/**
 * The one HTTP server: GraphQL over HTTP and WebSocket, socket.io `/collab`, the Slack events
 * endpoint, alarm webhooks (later capabilities), health and metrics; all on one port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer } from 'ws';
import type { Core } from '../core/core.ts';
import type { Logger } from '../core/observability.ts';
import type { Config } from './config.ts';
import { mountGraphql } from '../doors/graphql/http.ts';
import { attachGraphqlWs } from '../doors/graphql/ws.ts';
import { attachCollab } from '../doors/collab/index.ts';
import { mountHealth } from './health.ts';
import { mountAuditKey } from './audit-key.ts';
import { mountAlarmHooks } from '../doors/webhooks/alarms.ts';
import { requestContext } from './request.ts';
import { jsonErrorHandler, jsonNotFound } from './http-errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SessionRegistry } from './sessions.ts';

/** What a door needs from the server: the core, the configuration, a log, sessions and rate limits. */
export interface GatewayDeps {
  core: Core;
  config: Config;
  logger: Logger;
  /** The sessions of long-lived connections, following their credentials' current state. */
  sessions: SessionRegistry;
  /** One token bucket per credential, shared by every door. */
  limiter: RateLimiter;
}

/**
 * A door's own state on `/readyz`. A degraded door leaves the instance ready (HTTP 200): it still
 * serves, but something it owes people is late (for Slack: pages Slack has not taken).
 */
export type DoorReadiness = { door: string; status: 'ok' } | { door: string; status: 'degraded'; detail: string };

/** A door that mounts routes on the app before it listens, and drains on shutdown. */
export interface HttpAdapter {
  mount(app: express.Express): void | Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Consulted by `/readyz` on every probe: keep it to a cheap query. */
  readiness?(): Promise<DoorReadiness>;
}

export interface OpsdeskServer {
  readonly httpServer: Server;
  readonly url: string;
  readonly port: number;
  /** Stop accepting, drain every door (HTTP, WebSocket, socket.io, Slack), then resolve. */
  close(): Promise<void>;
}

export async function startServer(
  deps: GatewayDeps,
  options: { port?: number; host?: string; adapters?: HttpAdapter[] } = {},
): Promise<OpsdeskServer> {
  const { core, config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const httpServer = createServer(app);

  app.use(requestContext(core));
  mountHealth(app, deps, options.adapters ?? []);
  mountAuditKey(app, deps);
  mountAlarmHooks(app, deps);
  for (const adapter of options.adapters ?? []) await adapter.mount(app);

  // graphql-ws on its own path; socket.io leaves upgrades that are not its own alone.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const graphqlWs = attachGraphqlWs(wss, deps);
  const collab = attachCollab(httpServer, deps);
  httpServer.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === '/graphql') {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    } else if (!path?.startsWith('/socket.io/')) {
      socket.destroy();
    }
  });

  const graphql = await mountGraphql(app, deps, httpServer, async () => {
    await graphqlWs.dispose();
  });

  // Last: a JSON 404, and the one handler every route's errors reach (never Express's HTML page).
  app.use(jsonNotFound);
  app.use(jsonErrorHandler(logger));

  for (const adapter of options.adapters ?? []) await adapter.start?.();

  const port = options.port ?? config.PORT;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, options.host ?? config.HOST, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, database: core.database.where }, 'opsdesk is listening');

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    url,
    port: address.port,
    close() {
      closing ??= (async () => {
        for (const adapter of options.adapters ?? []) await adapter.stop?.().catch((e) => logger.error({ err: e }, 'adapter stop failed'));
        await collab.close();
        // Apollo's drain plugins stop the HTTP server and graphql-ws.
        await graphql.stop();
        for (const client of wss.clients) client.terminate();
        httpServer.closeAllConnections?.();
      })();
      return closing;
    },
  };
}
