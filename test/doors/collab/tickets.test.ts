/**
 * Ticket rooms on socket.io: who may join, live comments through the one command, typing and
 * presence, on one instance and across two instances on one PostgreSQL.
 */
import { and, eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, ticketComments } from '../../../db/schema.ts';
import { openTicket } from '../../../core/tickets/index.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { collabClient, connected, emitWithAck, eventually, gql } from '../../support/clients.ts';
import { actorOf, makeTicketCast } from '../../support/tickets.ts';

interface Heard {
  presence: Array<{ ticketId: string; viewers: Array<{ id: string; name: string }> }>;
  typing: Array<{ person: { id: string }; typing: boolean }>;
  comments: Array<{ body: string; door: string; author: { id: string } }>;
  events: Array<{ type: string }>;
}

async function socketOf(url: string, who: MadePerson): Promise<{ socket: Socket; heard: Heard }> {
  const socket = collabClient(url, who.token);
  const heard: Heard = { presence: [], typing: [], comments: [], events: [] };
  socket.on('ticket:presence', (p) => heard.presence.push(p));
  socket.on('ticket:typing', (t) => heard.typing.push(t));
  socket.on('ticket:comment', (c) => heard.comments.push(c));
  socket.on('ticket:event', (e) => heard.events.push(e));
  await connected(socket);
  return { socket, heard };
}

const viewerIds = (heard: Heard) => (heard.presence.at(-1)?.viewers ?? []).map((v) => v.id).sort();

describe.each(backends)('ticket rooms on socket.io on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const sockets: Socket[] = [];
  const open = async (who: MadePerson) => {
    const s = await socketOf(server.url, who);
    sockets.push(s.socket);
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeTicketCast(server.core);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
    await db?.dispose();
  });

  it('lets those who may see the ticket join, and no one else', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, cast.aContact.id), { orgId: cast.a.id, title: 'Room' });
    const client = await open(cast.aContact);
    const outsider = await open(cast.bContact);
    expect(await emitWithAck(client.socket, 'ticket:join', { ticketId: ticket.id })).toMatchObject({ ok: true, key: ticket.key });
    expect(await emitWithAck(outsider.socket, 'ticket:join', { ticketId: ticket.id })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'ticket not found' } });
    expect(await emitWithAck(outsider.socket, 'ticket:typing', { ticketId: ticket.id, typing: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await emitWithAck(outsider.socket, 'ticket:comment', { ticketId: ticket.id, body: 'let me in' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emitWithAck(outsider.socket, 'ticket:join', { ticketId: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const written = await db.database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, ticket.id), eq(auditEvents.actorId, cast.bContact.id)));
    expect(written).toEqual([]);
    expect(outsider.heard.presence).toEqual([]);
  });

  it('shows who is viewing and typing, and pushes comments from every door to the room', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, cast.aContact.id), { orgId: cast.a.id, title: 'Live' });
    const client = await open(cast.aContact);
    const agent = await open(cast.providerAgent);
    await emitWithAck(client.socket, 'ticket:join', { ticketId: ticket.id });
    const joined = await emitWithAck(agent.socket, 'ticket:join', { ticketId: ticket.id });
    expect(joined.viewers.map((v: { id: string }) => v.id).sort()).toEqual([cast.aContact.id, cast.providerAgent.id].sort());
    await eventually(() => viewerIds(client.heard).length === 2);

    expect(await emitWithAck(agent.socket, 'ticket:typing', { ticketId: ticket.id, typing: true })).toMatchObject({ ok: true });
    await eventually(() => client.heard.typing.some((t) => t.person.id === cast.providerAgent.id && t.typing));
    expect(agent.heard.typing).toEqual([]);

    expect(await emitWithAck(agent.socket, 'ticket:comment', { ticketId: ticket.id, body: 'On it' })).toMatchObject({ ok: true, commentId: expect.any(String) });
    await gql(server.url, cast.aContact.token, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "Thanks") { comment { id } } }`, { t: ticket.id });
    await eventually(() => client.heard.comments.length === 2 && agent.heard.comments.length === 2);
    expect(client.heard.comments.map((c) => [c.body, c.door])).toEqual([['On it', 'socket'], ['Thanks', 'graphql']]);
    const stored = await db.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
    expect(stored.map((c) => c.door).sort()).toEqual(['graphql', 'socket']);
    expect(client.heard.events.map((e) => e.type)).toContain('ticket.commented');

    expect(await emitWithAck(agent.socket, 'ticket:comment', { ticketId: ticket.id, body: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await emitWithAck(agent.socket, 'ticket:leave', { ticketId: ticket.id });
    await eventually(() => viewerIds(client.heard).length === 1);
  });
});

describe.runIf(hasPostgres)('ticket rooms across two instances', () => {
  let db: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    one = await startTestServer(db.database);
    two = await startTestServer(await db.openAnother());
    cast = await makeTicketCast(one.core);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await one?.stop();
    await two?.stop();
    await db?.dispose();
  });

  it('shares presence, typing and live comments between viewers on different instances', async () => {
    const ticket = await one.core.execute(openTicket, await actorOf(one.core, cast.aContact.id), { orgId: cast.a.id, title: 'Across' });
    const onOne = await socketOf(one.url, cast.aContact);
    const onTwo = await socketOf(two.url, cast.providerAgent);
    sockets.push(onOne.socket, onTwo.socket);
    await emitWithAck(onOne.socket, 'ticket:join', { ticketId: ticket.id });
    await emitWithAck(onTwo.socket, 'ticket:join', { ticketId: ticket.id });
    const both = [cast.aContact.id, cast.providerAgent.id].sort();
    await eventually(() => viewerIds(onOne.heard).join() === both.join() && viewerIds(onTwo.heard).join() === both.join());

    await emitWithAck(onTwo.socket, 'ticket:typing', { ticketId: ticket.id, typing: true });
    await eventually(() => onOne.heard.typing.some((t) => t.person.id === cast.providerAgent.id));

    await emitWithAck(onTwo.socket, 'ticket:comment', { ticketId: ticket.id, body: 'From two' });
    await eventually(() => onOne.heard.comments.some((c) => c.body === 'From two'));
    expect(onOne.heard.comments.filter((c) => c.body === 'From two')).toHaveLength(1);

    onTwo.socket.disconnect();
    await eventually(() => viewerIds(onOne.heard).join() === cast.aContact.id);
  });
});
