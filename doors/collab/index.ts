/**
 * socket.io collaboration rooms, namespace `/collab`. The handshake carries the API token
 * (`auth: { token }`); without a valid one the client gets `connect_error` and nothing else.
 * Joining an org room follows the same policy as reading the org; the org's domain events are pushed
 * to its room, each to the sockets whose person may read it (the event catalogue's read decision).
 * Each instance's bus delivers every committed event (across instances on PostgreSQL), so rooms need
 * no socket.io adapter of their own.
 *
 * Each client holds a session (server/sessions.ts). Every emit runs as the credential is now and
 * spends its rate limit; when the person's roles change, each joined room is authorised again and
 * left with `room:closed { room, code: 'FORBIDDEN' }` when no longer allowed; when the credential stops
 * working (revoked, expired, person removed) the client gets `session:ended { code: 'UNAUTHENTICATED' }`
 * and is disconnected.
 */
import { Server as EngineServer } from 'engine.io';
import { Server as SocketServer, type Namespace, type Socket } from 'socket.io';
import { z } from 'zod';
import type { PersonActor } from '../../core/actor.ts';
import { parseInput } from '../../core/command.ts';
import { followOrg } from '../../core/directory/index.ts';
import { publicError } from '../../core/errors.ts';
import type { Door, Host } from '../../server/door.ts';
import type { Presented } from '../../server/sessions.ts';
import { csrfMatches, fromSameOrigin, sessionSecretOf } from '../../server/web-session.ts';
import { emitToReaders, RoomGuard, sessionOf, type Ack, type Handle, type SocketData } from './rooms.ts';

/** A capability's rooms on `/collab`: the emits it handles for each socket, and its own background work. */
export interface CollabRooms {
  start(): Promise<void>;
  register(socket: Socket, rooms: RoomGuard, handle: Handle): void;
  close(): Promise<void>;
}

/** A capability's part of the socket.io door. */
export interface CollabPart {
  rooms(collab: Namespace, host: Host): CollabRooms;
}

export const SOCKET_IO_PATH = '/socket.io/';

const roomOf = (orgId: string) => `org:${orgId}`;
const joinSchema = z.object({ orgId: z.string().uuid() });

/**
 * A bearer token in `auth.token`; or, from the web console, the session cookie of the handshake with
 * the CSRF token in `auth.csrfToken`, from a page of this origin (undefined when that proof fails).
 */
function presentedOf(socket: Socket): Presented | undefined {
  const auth = socket.handshake.auth as Record<string, unknown> | undefined;
  if (auth?.token !== undefined) return { bearer: auth.token };
  const secret = sessionSecretOf(socket.request.headers);
  if (!secret) return { bearer: undefined };
  return fromSameOrigin(socket.request) && csrfMatches(secret, auth?.csrfToken) ? { sessionCookie: secret } : undefined;
}

export function collabDoor(host: Host, parts: readonly CollabPart[]): Door {
  const { core, logger, sessions } = host;
  // socket.io on an engine of its own, not on the HTTP server: the host routes its requests and upgrades here.
  const engine = new EngineServer({ maxHttpBufferSize: 256 * 1024 });
  const io = new SocketServer({ serveClient: false });
  io.bind(engine);
  const collab = io.of('/collab');
  // The default namespace is not a door: refuse it outright.
  io.of('/').use((_socket, next) => next(Object.assign(new Error('use the /collab namespace'), { data: { code: 'NOT_FOUND' } })));

  collab.use(async (socket, next) => {
    try {
      const presented = presentedOf(socket);
      if (!presented) {
        next(Object.assign(new Error('this page may not use your session'), { data: { code: 'FORBIDDEN' } }));
        return;
      }
      const outcome = await sessions.open(presented, 'socket');
      if ('problem' in outcome) {
        next(Object.assign(new Error(outcome.problem === 'missing' ? 'authentication required' : 'invalid, expired or revoked token'), { data: { code: 'UNAUTHENTICATED' } }));
        return;
      }
      (socket.data as SocketData).session = outcome.session;
      (socket.data as SocketData).rooms = new RoomGuard(socket);
      next();
    } catch (error) {
      // A database outage is UNAVAILABLE (the client may retry), anything else "internal error".
      const safe = publicError(error);
      logger.error({ err: error }, 'socket.io authentication failed');
      next(Object.assign(new Error(safe.message), { data: { code: safe.code } }));
    }
  });

  const capabilityRooms = parts.map((part) => part.rooms(collab, host));

  collab.on('connection', (socket: Socket) => {
    const { session, rooms } = socket.data as SocketData;
    const stopFollowing = session.onChange(() => {
      if (session.ended) {
        socket.emit('session:ended', { code: session.ended.code, message: session.ended.message });
        // After the current turn, so an emit that found the credential gone is still acknowledged.
        setImmediate(() => socket.disconnect(true));
        return;
      }
      rooms.recheck(session.actor).catch((error) => logger.error({ err: error }, 'could not re-check a socket’s rooms'));
    });
    socket.on('disconnect', () => {
      stopFollowing();
      session.close();
    });

    for (const part of capabilityRooms) part.register(socket, rooms, handle);
    handle(socket, 'org:join', async (raw, actor) => {
      const { orgId } = parseInput(joinSchema, raw);
      const { subject: org, stillAllowed } = await core.read(followOrg, actor, { orgId });
      await rooms.join(roomOf(org.id), stillAllowed);
      return { orgId: org.id };
    });
    handle(socket, 'org:leave', async (raw) => {
      const { orgId } = parseInput(joinSchema, raw);
      await rooms.leave(roomOf(orgId));
      return { orgId };
    });
  });

  function handle(socket: Socket, event: string, work: (payload: unknown, actor: PersonActor) => Promise<Record<string, unknown>>) {
    socket.on(event, async (payload: unknown, ack?: Ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => {};
      const session = sessionOf(socket);
      try {
        reply({ ok: true, ...(await work(payload, await session.forOperation())) });
      } catch (error) {
        const safe = publicError(error);
        if (safe.code === 'INTERNAL') logger.error({ err: error, event }, 'socket.io handler failed');
        const retryAfter = safe.details?.retryAfterSeconds;
        reply({ ok: false, error: { code: safe.code, message: safe.message, ...(typeof retryAfter === 'number' ? { retryAfter } : {}) } });
      }
    });
  }

  let unsubscribe: (() => void) | undefined;
  return {
    name: 'collab',
    mount(app) {
      // engine.io's polling transport; it reads the path and query from the request itself.
      app.use((req, res, next) => (req.path.startsWith(SOCKET_IO_PATH) ? engine.handleRequest(req, res) : next()));
    },
    upgrade: {
      accepts: (path) => path.startsWith(SOCKET_IO_PATH),
      handle: (request, socket, head) => engine.handleUpgrade(request, socket, head),
    },
    async start() {
      unsubscribe = core.bus.subscribe((event) => {
        if (event.orgId) emitToReaders(collab, core, roomOf(event.orgId), 'event', event, event);
      });
      await Promise.all(capabilityRooms.map((part) => part.start()));
    },
    async stop() {
      unsubscribe?.();
      await Promise.all(capabilityRooms.map((part) => part.close()));
      // Closing the transports (not a socket.io "server disconnect") lets clients reconnect, to
      // another instance during a rolling restart.
      engine.close();
    },
  };
}
