/**
 * Every stream obeys the read policy of what it carries: the org-wide stream (`events(orgId)`) and the
 * socket.io org room carry an event to a person only when the capability's own queries would show it
 * to them, decided once per event type in the event catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { decideAccess, requestAccess } from '../../core/access/index.ts';
import { createApiToken } from '../../core/directory/index.ts';
import { commentOnTicket } from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestServer, type MadePerson, type TestServer } from '../support/server.ts';
import { collabClient, collect, connected, emitWithAck, eventually, gql, wsClient } from '../support/clients.ts';
import { makeAccessCast, type AccessCast } from '../support/access.ts';
import { operator } from '../support/core.ts';
import { actorOf } from '../support/tickets.ts';

describe.each(backends)('what the org-wide streams carry on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: AccessCast;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeAccessCast(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  async function follow(person: MadePerson) {
    const client = wsClient(server.url, person.token);
    const sub = collect(client, `subscription($o: ID!) { events(orgId: $o) { type subjectId } }`, { o: cast.a.id });
    const socket: Socket = collabClient(server.url, person.token);
    const room: Array<{ type: string; subjectId: string }> = [];
    socket.on('event', (event) => room.push(event));
    await connected(socket);
    await emitWithAck(socket, 'org:join', { orgId: cast.a.id });
    return { client, sub, socket, room };
  }

  it('gives a plain contact the ticket’s events but none of the org’s production access, audit checkpoints or other people’s tokens', async () => {
    const contact = await follow(cast.aContact);
    const admin = await follow(cast.aAdmin);
    try {
      const { core } = server;
      const request = await core.execute(requestAccess, await actorOf(core, cast.engineer.id), {
        orgId: cast.a.id,
        ticketId: cast.ticket.id,
        reason: 'Reproduce the empty reports',
        scope: 'reporting database, read only',
        durationMinutes: 60,
      });
      await core.execute(decideAccess, await actorOf(core, cast.approver.id), { requestId: request.id, decision: 'APPROVE' });
      await core.execute(decideAccess, await actorOf(core, cast.aAdmin.id), { requestId: request.id, decision: 'APPROVE' });
      await core.execute(createApiToken, operator(), { personId: cast.aSecond.id, label: 'backup job' });
      const signed = await gql(server.url, server.adminToken, `mutation($o: ID!) { signAuditCheckpoint(orgId: $o) { seq } }`, { o: cast.a.id });
      expect(signed.errors).toBeUndefined();
      // Last, an event every member reads: once it is in, whatever came before it is in too.
      await core.execute(commentOnTicket, await actorOf(core, cast.aContact.id), { ticketId: cast.ticket.id, body: 'any news?' });
      for (const { sub, room } of [contact, admin]) {
        await sub.until(() => sub.received.some((r) => r.events.type === 'ticket.commented'));
        await eventually(() => room.some((e) => e.type === 'ticket.commented'));
      }
      const types = (list: Array<{ type: string }>) => list.map((e) => e.type);
      const contactSaw = [...types(contact.sub.received.map((r) => r.events)), ...types(contact.room)];
      expect(contactSaw).toContain('ticket.commented');
      expect(contactSaw.filter((t) => t.startsWith('access.'))).toEqual([]);
      expect(contactSaw).not.toContain('api_token.created');
      expect(contactSaw).not.toContain('audit.checkpoint_signed');
      // What the contact's own queries answer: no access of the org either.
      expect((await gql(server.url, cast.aContact.token, `query($o: ID!) { accessRequests(filter: { orgId: $o }) { nodes { id } } }`, { o: cast.a.id })).data!.accessRequests.nodes).toEqual([]);

      const adminSaw = types(admin.sub.received.map((r) => r.events));
      expect(adminSaw).toEqual(expect.arrayContaining(['access.requested', 'access.approved', 'access.granted', 'api_token.created', 'audit.checkpoint_signed', 'ticket.commented']));
      expect(types(admin.room)).toEqual(expect.arrayContaining(['access.requested', 'access.granted', 'api_token.created']));
    } finally {
      for (const { client, socket } of [contact, admin]) {
        socket.disconnect();
        await client.dispose();
      }
    }
  });
});
