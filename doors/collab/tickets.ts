/**
 * Ticket rooms on socket.io `/collab`: `ticket:join`, `ticket:leave`, `ticket:typing`,
 * `ticket:comment`. Joining follows the policy of reading the ticket; a comment is the same core
 * command as from every other door. The room then receives:
 *   `ticket:event`    every committed change of the ticket (from the event bus, on every instance)
 *   `ticket:comment`  each new comment, whichever door it came through
 *   `ticket:presence` who is viewing, across instances
 *   `ticket:typing`   who is typing (not to the typist)
 *
 * Presence and typing are not state changes, so they are not commands and leave no audit event:
 * they cross instances as the core's signals (NOTIFY on PostgreSQL) on their own channel. Each instance announces its own
 * viewers of a ticket whenever they change, answers when another instance asks, and repeats its
 * announcements every `PRESENCE_REFRESH_MS`; another instance's viewers not heard of for three
 * refreshes are dropped (that instance died without saying goodbye).
 */
import { randomUUID } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { parseInput } from '../../core/command.ts';
import type { Core } from '../../core/core.ts';
import { OpsdeskError } from '../../core/errors.ts';
import type { Logger } from '../../core/observability.ts';
import { TicketEvents, commentOnTicket, followTicket } from '../../core/tickets/index.ts';
import { emitToReaders, sessionOf, type Handle, type RoomGuard } from './rooms.ts';
import type { CollabPart } from './index.ts';

export const PRESENCE_CHANNEL = 'opsdesk_ticket_presence';
export const PRESENCE_REFRESH_MS = 30_000;

interface Viewer {
  id: string;
  name: string;
}
type PresenceMessage =
  | { i: string; t: string; k: 'viewers'; v: Viewer[] }
  | { i: string; t: string; k: 'ask' }
  | { i: string; t: string; k: 'typing'; p: Viewer; on: boolean };

const roomOf = (ticketId: string) => `ticket:${ticketId}`;
const ticketSchema = z.object({ ticketId: z.string().uuid() });
const typingSchema = ticketSchema.extend({ typing: z.boolean() });
const commentSchema = ticketSchema.extend({ body: z.string() });

export function ticketRooms(collab: Namespace, core: Core, logger: Logger) {
  const instance = randomUUID();
  /** Other instances' viewers, per ticket and instance, with when they were last heard of. */
  const remote = new Map<string, Map<string, { viewers: Viewer[]; heardAt: number }>>();
  let unlisten: (() => Promise<void>) | undefined;
  let refresher: NodeJS.Timeout | undefined;

  const send = (message: PresenceMessage) =>
    core.signal(PRESENCE_CHANNEL, JSON.stringify(message)).catch((error) => logger.warn({ err: error }, 'presence notify failed'));

  async function localViewers(ticketId: string): Promise<Viewer[]> {
    const sockets = await collab.in(roomOf(ticketId)).fetchSockets();
    const seen = new Map<string, Viewer>();
    for (const s of sockets) {
      const { actor } = sessionOf(s);
      seen.set(actor.id, { id: actor.id, name: actor.name });
    }
    return [...seen.values()];
  }

  async function viewers(ticketId: string): Promise<Viewer[]> {
    const all = new Map<string, Viewer>();
    for (const { viewers: list } of remote.get(ticketId)?.values() ?? []) for (const v of list) all.set(v.id, v);
    for (const v of await localViewers(ticketId)) all.set(v.id, v);
    return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async function showPresence(ticketId: string): Promise<void> {
    collab.to(roomOf(ticketId)).emit('ticket:presence', { ticketId, viewers: await viewers(ticketId) });
  }

  /** This instance's viewers changed: tell the room here and the other instances. */
  async function localChange(ticketId: string): Promise<void> {
    await send({ i: instance, t: ticketId, k: 'viewers', v: await localViewers(ticketId) });
    await showPresence(ticketId);
  }

  async function onMessage(raw: string): Promise<void> {
    let message: PresenceMessage;
    try {
      message = JSON.parse(raw) as PresenceMessage;
    } catch {
      return;
    }
    if (message.i === instance) return; // NOTIFY comes back to its sender too
    if (message.k === 'viewers') {
      const byInstance = remote.get(message.t) ?? new Map<string, { viewers: Viewer[]; heardAt: number }>();
      if (message.v.length > 0) byInstance.set(message.i, { viewers: message.v, heardAt: core.clock.now().getTime() });
      else byInstance.delete(message.i);
      if (byInstance.size > 0) remote.set(message.t, byInstance);
      else remote.delete(message.t);
      await showPresence(message.t);
    } else if (message.k === 'ask') {
      const here = await localViewers(message.t);
      if (here.length > 0) await send({ i: instance, t: message.t, k: 'viewers', v: here });
    } else if (message.k === 'typing') {
      collab.to(roomOf(message.t)).emit('ticket:typing', { ticketId: message.t, person: message.p, typing: message.on });
    }
  }

  const inRoom = (socket: Socket, ticketId: string) => {
    if (!socket.rooms.has(roomOf(ticketId))) throw new OpsdeskError('INVALID_INPUT', 'join the ticket first (ticket:join)');
  };

  // Each event to the room's sockets whose person may read it (the event catalogue decides).
  const unsubscribe = core.bus.subscribe((event) => {
    if (!TicketEvents.has(event) || event.subjectType !== 'ticket') return;
    const room = roomOf(event.subjectId);
    emitToReaders(collab, core, room, 'ticket:event', event, event);
    if (TicketEvents.commented.is(event)) {
      const p = event.payload;
      emitToReaders(collab, core, room, 'ticket:comment', {
        ticketId: event.subjectId,
        commentId: p.commentId,
        author: { id: p.authorId, name: p.authorName },
        side: p.side,
        body: p.body,
        door: p.door,
        at: event.at,
      }, event);
    }
  });

  /** Re-announce this instance's viewers; forget other instances' that went silent. */
  async function refresh(): Promise<void> {
    for (const room of collab.adapter.rooms.keys()) {
      if (room.startsWith('ticket:')) await send({ i: instance, t: room.slice('ticket:'.length), k: 'viewers', v: await localViewers(room.slice('ticket:'.length)) });
    }
    const staleBefore = core.clock.now().getTime() - 3 * PRESENCE_REFRESH_MS;
    for (const [ticketId, byInstance] of remote) {
      let changed = false;
      for (const [other, entry] of byInstance) {
        if (entry.heardAt < staleBefore) {
          byInstance.delete(other);
          changed = true;
        }
      }
      if (byInstance.size === 0) remote.delete(ticketId);
      if (changed) await showPresence(ticketId);
    }
  }

  return {
    async start(): Promise<void> {
      unlisten = await core.onSignal(PRESENCE_CHANNEL, (raw) => void onMessage(raw).catch((error) => logger.warn({ err: error }, 'presence message failed')));
      refresher = setInterval(() => void refresh().catch((error) => logger.warn({ err: error }, 'presence refresh failed')), PRESENCE_REFRESH_MS);
      refresher.unref();
    },

    register(socket: Socket, rooms: RoomGuard, handle: Handle): void {
      const joined = new Set<string>();

      handle(socket, 'ticket:join', async (raw, actor) => {
        const { ticketId } = parseInput(ticketSchema, raw);
        const { subject: ticket, stillAllowed } = await core.read(followTicket, actor, { ticketId });
        const first = (await collab.in(roomOf(ticket.id)).fetchSockets()).length === 0;
        await rooms.join(
          roomOf(ticket.id),
          stillAllowed,
          () => {
            joined.delete(ticket.id);
            void localChange(ticket.id).catch(() => {});
          },
        );
        joined.add(ticket.id);
        if (first) await send({ i: instance, t: ticket.id, k: 'ask' });
        await localChange(ticket.id);
        return { ticketId: ticket.id, key: ticket.key, viewers: await viewers(ticket.id) };
      });

      handle(socket, 'ticket:leave', async (raw) => {
        const { ticketId } = parseInput(ticketSchema, raw);
        await rooms.leave(roomOf(ticketId));
        joined.delete(ticketId);
        await localChange(ticketId);
        return { ticketId };
      });

      handle(socket, 'ticket:typing', async (raw, actor) => {
        const { ticketId, typing } = parseInput(typingSchema, raw);
        inRoom(socket, ticketId);
        const person = { id: actor.id, name: actor.name };
        socket.to(roomOf(ticketId)).emit('ticket:typing', { ticketId, person, typing });
        await send({ i: instance, t: ticketId, k: 'typing', p: person, on: typing });
        return { ticketId };
      });

      handle(socket, 'ticket:comment', async (raw, actor) => {
        const { ticketId, body } = parseInput(commentSchema, raw);
        const { comment } = await core.execute(commentOnTicket, actor, { ticketId, body });
        return { ticketId, commentId: comment.id };
      });

      socket.on('disconnect', () => {
        for (const ticketId of joined) void localChange(ticketId).catch(() => {});
      });
    },

    async close(): Promise<void> {
      unsubscribe();
      if (refresher) clearInterval(refresher);
      // Tell the other instances this one's viewers are gone.
      for (const room of collab.adapter.rooms.keys()) {
        if (room.startsWith('ticket:')) await send({ i: instance, t: room.slice('ticket:'.length), k: 'viewers', v: [] });
      }
      await unlisten?.().catch(() => {});
    },
  };
}

/** The tickets' part of the socket.io door. */
export default { rooms: (collab, host) => ticketRooms(collab, host.core, host.logger) } satisfies CollabPart;
