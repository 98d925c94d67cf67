/**
 * socket.io `/collab`: who is viewing a ticket and who is typing (doors/collab/tickets.ts).
 * One socket per session, opened on the first ticket page.
 */
import { io, type Socket } from 'socket.io-client';
import { onSessionEnded, sessionEnded } from './session.ts';

export interface Viewer {
  id: string;
  name: string;
}
export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

let socket: Socket | undefined;
let socketToken: string | undefined;
let listening = false;

export function collabSocket(csrfToken: string): Socket {
  if (socket && socketToken === csrfToken) return socket;
  socket?.disconnect();
  if (!listening) {
    listening = true;
    onSessionEnded(() => closeCollab());
  }
  socketToken = csrfToken;
  socket = io('/collab', { transports: ['websocket'], auth: { csrfToken } });
  socket.on('session:ended', () => sessionEnded());
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    if (error.data?.code === 'UNAUTHENTICATED') sessionEnded();
  });
  return socket;
}

export function closeCollab(): void {
  socket?.disconnect();
  socket = undefined;
  socketToken = undefined;
}
