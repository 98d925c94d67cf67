/**
 * socket.io collaboration rooms, namespace `/collab`. The handshake carries the API token
 * (`auth: { token }`); without a valid one the client gets `connect_error` and nothing else.
 * Joining an org room follows the same policy as reading the org; every domain event of the org
 * is pushed to its room. Each instance's bus delivers every committed event (across instances on
 * PostgreSQL), so rooms need no socket.io adapter of their own.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import { z } from 'zod';
import type { PersonActor } from '../core/actor.ts';
import { parseInput } from '../core/command.ts';
import { getOrg } from '../core/directory/queries.ts';
import { publicError } from '../core/errors.ts';
import { authenticate } from './auth.ts';
import type { GatewayDeps } from './server.ts';
import { ticketRooms } from './collab/tickets.ts';

export type Ack = (response: { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } }) => void;

interface SocketData {
  actor: PersonActor;
}

const roomOf = (orgId: string) => `org:${orgId}`;
const joinSchema = z.object({ orgId: z.string().uuid() });

export function attachCollab(httpServer: HttpServer, { core, logger }: GatewayDeps) {
  const io = new SocketServer(httpServer, {
    // Leave upgrades that are not socket.io's (graphql-ws) alone.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
  });
  const collab = io.of('/collab');
  // The default namespace is not a door: refuse it outright.
  io.of('/').use((_socket, next) => next(Object.assign(new Error('use the /collab namespace'), { data: { code: 'NOT_FOUND' } })));

  collab.use(async (socket, next) => {
    try {
      const outcome = await authenticate(core, socket.handshake.auth?.token, 'socket', randomUUID());
      if ('problem' in outcome) {
        next(Object.assign(new Error(outcome.problem === 'missing' ? 'authentication required' : 'invalid, expired or revoked token'), { data: { code: 'UNAUTHENTICATED' } }));
        return;
      }
      (socket.data as SocketData).actor = outcome.actor;
      next();
    } catch (error) {
      logger.error({ err: error }, 'socket.io authentication failed');
      next(Object.assign(new Error('internal error'), { data: { code: 'INTERNAL' } }));
    }
  });

  const tickets = ticketRooms(collab, core, logger);
  const ticketsStarted = tickets.start().catch((error) => logger.error({ err: error }, 'ticket presence listener failed to start'));

  collab.on('connection', (socket: Socket) => {
    const { actor } = socket.data as SocketData;
    tickets.register(socket, actor, handle);
    handle(socket, 'org:join', async (raw) => {
      const { orgId } = parseInput(joinSchema, raw);
      const org = await getOrg(core.database.db, { ...actor, requestId: randomUUID() }, orgId);
      await socket.join(roomOf(org.id));
      return { orgId: org.id };
    });
    handle(socket, 'org:leave', async (raw) => {
      const { orgId } = parseInput(joinSchema, raw);
      await socket.leave(roomOf(orgId));
      return { orgId };
    });
  });

  function handle(socket: Socket, event: string, work: (payload: unknown) => Promise<Record<string, unknown>>) {
    socket.on(event, async (payload: unknown, ack?: Ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => {};
      try {
        reply({ ok: true, ...(await work(payload)) });
      } catch (error) {
        const safe = publicError(error);
        if (safe.code === 'INTERNAL') logger.error({ err: error, event }, 'socket.io handler failed');
        reply({ ok: false, error: { code: safe.code, message: safe.message } });
      }
    });
  }

  const unsubscribe = core.bus.subscribe((event) => {
    if (event.orgId) collab.to(roomOf(event.orgId)).emit('event', event);
  });

  return {
    io,
    async close() {
      unsubscribe();
      await ticketsStarted;
      await tickets.close();
      // Closing the transports (not a socket.io "server disconnect") lets clients reconnect, to
      // another instance during a rolling restart. Not io.close(): that would also close the
      // HTTP server, which Apollo's drain owns.
      io.engine.close();
    },
  };
}
