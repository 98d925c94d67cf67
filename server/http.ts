/**
 * The one HTTP server of an instance: every door's routes on one express app and one port, each
 * WebSocket upgrade routed to the door that takes its path, health and metrics, the audit key, one
 * JSON 404 and one error handler for every route; and a stop that drains every door.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mountAuditKey } from './audit-key.ts';
import type { Door, Host } from './door.ts';
import { mountHealth } from './health.ts';
import { jsonErrorHandler, jsonNotFound } from './http-errors.ts';
import { requestContext } from './request.ts';

export interface OpsdeskServer {
  readonly httpServer: Server;
  readonly url: string;
  readonly port: number;
  /** Stop accepting, drain every door (in reverse order), finish the HTTP requests in flight, then resolve. */
  close(): Promise<void>;
}

const KEEP_ALIVE_MS = 65_000;

/** How long requests in flight may take to finish once the doors have drained. */
const HTTP_DRAIN_MS = 2_000;

export async function startServer(host: Host, doors: readonly Door[], options: { port?: number; host?: string } = {}): Promise<OpsdeskServer> {
  const { core, config, logger } = host;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const httpServer = createServer(app);
  // Idle keep-alive connections are closed by the client or the proxy in front, never by us first:
  // a server that closes one just as a request goes out on it answers that request with a reset.
  // Longer than the common proxies' idle timeouts (60 s), as their documentation asks.
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;

  app.use(requestContext(core));
  mountHealth(app, host, doors);
  mountAuditKey(app, host);
  for (const door of doors) await door.mount?.(app);
  // Last: a JSON 404, and the one handler every route's errors reach (never Express's HTML page).
  app.use(jsonNotFound);
  app.use(jsonErrorHandler(logger));

  httpServer.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const door = doors.find((d) => d.upgrade?.accepts(path));
    if (door) door.upgrade!.handle(request, socket, head);
    else socket.destroy();
  });

  for (const door of doors) await door.start?.();

  const port = options.port ?? config.PORT;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, options.host ?? config.HOST, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const hostname =
    address.family === 'IPv6'
      ? `[${address.address === '::' ? '::1' : address.address}]`
      : address.address === '0.0.0.0'
        ? '127.0.0.1'
        : address.address;
  const url = `http://${hostname}:${address.port}`;
  logger.info({ url, database: core.database.where, doors: doors.map((d) => d.name) }, 'opsdesk is listening');

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    url,
    port: address.port,
    close() {
      closing ??= (async () => {
        // No new connections; idle keep-alive ones go now, busy ones when their request is answered.
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        for (const door of [...doors].reverse()) {
          await door.stop?.().catch((error) => logger.error({ err: error, door: door.name }, 'a door failed to stop'));
        }
        const drained = await Promise.race([closed.then(() => true), delay(HTTP_DRAIN_MS).then(() => false)]);
        if (!drained) httpServer.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
