/**
 * What the socket.io doors share: each socket's session and joined rooms, the acknowledgement shape,
 * and emitting a domain event only to the sockets whose person may read it.
 */
import type { Namespace, Socket } from 'socket.io';
import type { PersonActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import type { DomainEvent } from '../../core/events/bus.ts';
import type { Session } from '../../server/sessions.ts';

export type Ack = (
  response: { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string; retryAfter?: number } },
) => void;

export interface SocketData {
  session: Session;
  rooms: RoomGuard;
}

/** Runs one emit as the socket's person is now; its result is the acknowledgement's body. */
export type Handle = (socket: Socket, event: string, work: (payload: unknown, actor: PersonActor) => Promise<Record<string, unknown>>) => void;

/**
 * The rooms one socket joined, each with the check that let it in, run again whenever the socket's
 * credential changes.
 */
export class RoomGuard {
  private readonly rooms = new Map<string, { check: RoomCheck; onClosed?: () => void }>();

  constructor(private readonly socket: Socket) {}

  /** Join `room`, remembering the check that let the socket in; `onClosed` runs if a re-check makes it leave. */
  async join(room: string, check: RoomCheck, onClosed?: () => void): Promise<void> {
    this.rooms.set(room, { check, onClosed });
    await this.socket.join(room);
  }

  async leave(room: string): Promise<void> {
    this.rooms.delete(room);
    await this.socket.leave(room);
  }

  /** Leave every room the actor may no longer be in, telling the client which and why. */
  async recheck(actor: PersonActor): Promise<void> {
    for (const [room, { check, onClosed }] of this.rooms) {
      if (stillAllowed(check, actor) || !this.rooms.has(room)) continue;
      await this.leave(room);
      this.socket.emit('room:closed', { room, code: 'FORBIDDEN', message: 'you may no longer follow this room' });
      onClosed?.();
    }
  }
}

/**
 * Throws when the actor may no longer be in the room, from the actor alone (the core's `Followed`
 * check, made when the room was joined): it runs for every socket of a person whenever that
 * person's credentials change.
 */
export type RoomCheck = (actor: PersonActor) => void;

function stillAllowed(check: RoomCheck, actor: PersonActor): boolean {
  try {
    check(actor);
    return true;
  } catch {
    return false;
  }
}

export const sessionOf = (socket: { data: unknown }) => (socket.data as SocketData).session;

/**
 * Emit a domain event to the sockets of a room whose person may read it now: a room is a topic, the
 * read policy decides per person, exactly as for GraphQL subscriptions. The decision is made for each
 * socket, and the packet is then encoded once for all the sockets allowed (socket.io's broadcast,
 * which also frames it once for every WebSocket), not once per socket.
 */
export function emitToReaders(collab: Namespace, core: Core, room: string, name: string, payload: unknown, event: DomainEvent): void {
  const ids = collab.adapter.rooms.get(room);
  if (!ids) return;
  const readers: string[] = [];
  for (const id of ids) {
    const socket = collab.sockets.get(id);
    if (socket && core.events.canRead(sessionOf(socket).actor, event)) readers.push(id);
  }
  // Each socket is in the room of its own id; `local`: every instance emits to its own sockets from its own bus.
  if (readers.length) collab.local.to(readers).emit(name, payload);
}
