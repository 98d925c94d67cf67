/**
 * Access ends on every open connection when it ends: a revoked or expired token, a changed role and a
 * removed person end what they no longer allow, on the instance where the change was made and on
 * every other, for graphql-ws subscriptions and socket.io rooms alike; and every operation on an open
 * connection runs as the credential is now, not as it was when the connection opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { requestAccess } from '../../core/access/index.ts';
import { ManualClock } from '../../core/clock.ts';
import { createApiToken, removePerson, revokeApiToken, setRoles } from '../../core/directory/index.ts';
import { commentOnTicket } from '../../core/tickets/index.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';
import { codeOf, collabClient, collect, connected, emitWithAck, eventually, gql, wsClient } from '../support/clients.ts';
import { makeAccessCast, type AccessCast } from '../support/access.ts';
import { operator } from '../support/core.ts';
import { actorOf } from '../support/tickets.ts';

type Collected = ReturnType<typeof collect<any>>;

/** A person's open connections on one instance: subscriptions, and a socket in the org's and a ticket's rooms. */
interface Watch {
  orgEvents: Collected;
  accessEvents?: Collected;
  socket: Socket;
  roomEvents: Array<{ type: string }>;
  roomsClosed: Array<{ room: string; code: string }>;
  sessionEnded: Array<{ code: string }>;
  disconnected: () => boolean;
  /** A one-off query on the same WebSocket: its errors' codes, or [] when it answered. */
  queryCodes(query: string): Promise<Array<string | undefined>>;
  close(): Promise<void>;
}

const codesOf = (collected: Collected) => collected.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);

async function watch(server: TestServer, person: { token: string }, orgId: string, ticketId: string, options: { access?: boolean } = {}): Promise<Watch> {
  const client = wsClient(server.url, person.token);
  const orgEvents = collect(client, `subscription($o: ID!) { events(orgId: $o) { type subjectId } }`, { o: orgId });
  const accessEvents = options.access ? collect(client, `subscription($o: ID!) { accessEvents(orgId: $o) { type } }`, { o: orgId }) : undefined;
  const socket = collabClient(server.url, person.token);
  const roomEvents: Array<{ type: string }> = [];
  const roomsClosed: Array<{ room: string; code: string }> = [];
  const sessionEnded: Array<{ code: string }> = [];
  let gone = false;
  socket.on('event', (event) => roomEvents.push(event));
  socket.on('room:closed', (closed) => roomsClosed.push(closed));
  socket.on('session:ended', (ended) => sessionEnded.push(ended));
  socket.on('disconnect', () => (gone = true));
  await connected(socket);
  expect((await emitWithAck(socket, 'org:join', { orgId })).ok).toBe(true);
  expect((await emitWithAck(socket, 'ticket:join', { ticketId })).ok).toBe(true);
  return {
    orgEvents,
    accessEvents,
    socket,
    roomEvents,
    roomsClosed,
    sessionEnded,
    disconnected: () => gone,
    queryCodes: (query) =>
      new Promise((resolve) => {
        client.subscribe(
          { query },
          {
            next: (result) => resolve((result.errors ?? []).map((e) => (e.extensions as { code?: string } | undefined)?.code)),
            error: (errors) => resolve(Array.isArray(errors) ? errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code) : ['CLOSED']),
            complete: () => {},
          },
        );
      }),
    async close() {
      socket.disconnect();
      await client.dispose();
    },
  };
}

/** How long a stream may take on a busy machine (two instances, a bus across them): a bound, not a measure. */
const STREAM_WAIT_MS = 20_000;

/** Wait until both the subscription and the room have delivered the event about `subjectId`. */
async function seen(w: Watch, subjectId: string) {
  await w.orgEvents.until(() => w.orgEvents.received.some((r) => r.events.subjectId === subjectId), STREAM_WAIT_MS);
  await eventually(() => w.roomEvents.some((e) => (e as { subjectId?: string }).subjectId === subjectId), STREAM_WAIT_MS);
}

function scenarios(label: string, setup: () => Promise<{ change: TestServer; watchOn: TestServer; clock: ManualClock }>, teardown: () => Promise<void>) {
  describe(label, () => {
    let change: TestServer;
    let watchOn: TestServer;
    let clock: ManualClock;
    let cast: AccessCast;
    const sync = async (w: Watch) => {
      // A comment on the ticket: an event every member of the org may read, to know the streams are live.
      const { comment } = await change.core.execute(commentOnTicket, await actorOf(change.core, cast.providerAgent.id), { ticketId: cast.ticket.id, body: 'sync' });
      await seen(w, cast.ticket.id);
      return comment;
    };

    beforeAll(async () => {
      ({ change, watchOn, clock } = await setup());
      cast = await makeAccessCast(change.core);
    });

    afterAll(teardown);

    const freshContact = (): Promise<MadePerson> => makePerson(change.core, cast.a.id, ['contact']);

    it('ends the subscriptions and the socket of a revoked token, and refuses the socket’s next emit', async () => {
      const contact = await freshContact();
      const w = await watch(watchOn, contact, cast.a.id, cast.ticket.id);
      // The same person's other token: its connections are not the revoked token's and go on.
      const other = await change.core.execute(createApiToken, operator(), { personId: contact.id, label: 'another device' });
      const kept = await watch(watchOn, { token: other.token }, cast.a.id, cast.ticket.id);
      // A second socket that tries to write right after the revocation.
      const writer = collabClient(watchOn.url, contact.token);
      const writerEnded: Array<{ code: string }> = [];
      writer.on('session:ended', (reason: { code: string }) => writerEnded.push(reason));
      await connected(writer);
      try {
        await sync(w);
        const [token] = await change.core.database.db.query.apiTokens.findMany({ where: (t, { eq }) => eq(t.personId, contact.id) });
        await change.core.execute(revokeApiToken, operator(), { tokenId: token!.id });
        // Either the emit is refused, or (when the bus told the writer's instance first) the writer's
        // session has already ended and the socket is closed with the reason; never is it accepted.
        const answer = await emitWithAck(writer, 'ticket:comment', { ticketId: cast.ticket.id, body: 'written with a revoked token' }).catch(
          (error: Error) => ({ notAnswered: error.message }),
        );
        if ('notAnswered' in answer) {
          await eventually(() => writerEnded.length > 0);
          expect(writerEnded).toEqual([expect.objectContaining({ code: 'UNAUTHENTICATED' })]);
        } else {
          expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
        }
        await w.orgEvents.until(() => w.orgEvents.errors.length > 0);
        expect(codesOf(w.orgEvents)).toEqual(['UNAUTHENTICATED']);
        // The WebSocket stays open, and anything asked on it now is refused the same way.
        expect(await w.queryCodes('{ me { id } }')).toEqual(['UNAUTHENTICATED']);
        await eventually(() => w.disconnected());
        expect(w.sessionEnded).toEqual([expect.objectContaining({ code: 'UNAUTHENTICATED' })]);
        const comments = await change.core.database.db.query.ticketComments.findMany({ where: (c, { eq }) => eq(c.authorId, contact.id) });
        expect(comments).toEqual([]);
        const [streamed, roomed] = [kept.orgEvents.received.length, kept.roomEvents.length];
        await sync(kept);
        await kept.orgEvents.until(() => kept.orgEvents.received.length > streamed);
        await eventually(() => kept.roomEvents.length > roomed);
        expect(kept.orgEvents.errors).toEqual([]);
        expect(kept.disconnected()).toBe(false);
        expect(await kept.queryCodes('{ me { id } }')).toEqual([]);
      } finally {
        writer.disconnect();
        await w.close();
        await kept.close();
      }
    });

    it('ends them when the token expires, through its durable timer', async () => {
      const contact = await freshContact();
      const { token } = await change.core.execute(createApiToken, operator(), {
        personId: contact.id,
        label: 'short',
        expiresAt: new Date(clock.now().getTime() + 60_000),
      });
      const w = await watch(watchOn, { token }, cast.a.id, cast.ticket.id);
      try {
        await sync(w);
        clock.advance(61_000);
        expect(await change.core.timers.runDue()).toBeGreaterThanOrEqual(1);
        await w.orgEvents.until(() => w.orgEvents.errors.length > 0);
        expect(codesOf(w.orgEvents)).toEqual(['UNAUTHENTICATED']);
        await eventually(() => w.disconnected());
        expect(w.sessionEnded.map((e) => e.code)).toEqual(['UNAUTHENTICATED']);
      } finally {
        await w.close();
      }
    });

    it('ends a demoted admin’s accessEvents with FORBIDDEN, and stops carrying access events to them anywhere', async () => {
      const admin = await makePerson(change.core, cast.a.id, ['space_admin']);
      const w = await watch(watchOn, admin, cast.a.id, cast.ticket.id, { access: true });
      try {
        await sync(w);
        await change.core.execute(setRoles, operator(), { orgId: cast.a.id, personId: admin.id, roles: ['contact'] });
        await w.accessEvents!.until(() => w.accessEvents!.errors.length > 0);
        expect(codesOf(w.accessEvents!)).toEqual(['FORBIDDEN']);
        // Still a contact: the org's stream and room go on, without what a contact may not read.
        await change.core.execute(requestAccess, await actorOf(change.core, cast.engineer.id), {
          orgId: cast.a.id,
          ticketId: cast.ticket.id,
          reason: 'Look at the failing export',
          scope: 'exports table, read only',
          durationMinutes: 30,
        });
        await sync(w);
        expect(w.orgEvents.received.map((r) => r.events.type).filter((t: string) => t.startsWith('access.'))).toEqual([]);
        expect(w.roomEvents.map((e) => e.type).filter((t) => t.startsWith('access.'))).toEqual([]);
        expect(w.disconnected()).toBe(false);
      } finally {
        await w.close();
      }
    });

    it('ends everything of a removed person, revokes their tokens and keeps their history attributed', async () => {
      const contact = await freshContact();
      const { comment } = await change.core.execute(commentOnTicket, await actorOf(change.core, contact.id), { ticketId: cast.ticket.id, body: 'before I leave' });
      const w = await watch(watchOn, contact, cast.a.id, cast.ticket.id);
      try {
        await sync(w);
        await change.core.execute(removePerson, await actorOf(change.core, cast.aAdmin.id), { orgId: cast.a.id, personId: contact.id, reason: 'left the company' });
        await w.orgEvents.until(() => w.orgEvents.errors.length > 0);
        expect(codesOf(w.orgEvents)).toEqual(['UNAUTHENTICATED']);
        await eventually(() => w.disconnected());
        expect(w.sessionEnded.map((e) => e.code)).toEqual(['UNAUTHENTICATED']);
        expect((await gql(watchOn.url, contact.token, `{ me { id } }`)).status).toBe(401);
        const comments = await gql(watchOn.url, cast.aAdmin.token, `query($t: ID!) { ticket(id: $t) { comments { id author { name } } } }`, { t: cast.ticket.id });
        expect(comments.data!.ticket.comments).toContainEqual({ id: comment.id, author: { name: contact.name } });
      } finally {
        await w.close();
      }
    });

    it('takes a person left without roles out of the org’s streams and rooms, and refuses what they try next', async () => {
      const contact = await freshContact();
      const w = await watch(watchOn, contact, cast.a.id, cast.ticket.id);
      try {
        await sync(w);
        await change.core.execute(setRoles, operator(), { orgId: cast.a.id, personId: contact.id, roles: [] });
        await w.orgEvents.until(() => w.orgEvents.errors.length > 0);
        expect(codesOf(w.orgEvents)).toEqual(['FORBIDDEN']);
        await eventually(() => w.roomsClosed.length === 2);
        expect(w.roomsClosed.map((r) => r.room).sort()).toEqual([`org:${cast.a.id}`, `ticket:${cast.ticket.id}`]);
        expect(w.roomsClosed.every((r) => r.code === 'FORBIDDEN')).toBe(true);
        const comment = await emitWithAck(w.socket, 'ticket:comment', { ticketId: cast.ticket.id, body: 'still here?' });
        expect(comment).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        expect(codeOf(await gql(watchOn.url, contact.token, `query($t: ID!) { ticket(id: $t) { id } }`, { t: cast.ticket.id }))).toBe('NOT_FOUND');
        expect(
          codeOf(await gql(watchOn.url, contact.token, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "again" }) { id } }`, { o: cast.a.id })),
        ).toBe('NOT_FOUND');
        expect((await gql(watchOn.url, contact.token, `{ orgs { id } }`)).data!.orgs).toEqual([]);
      } finally {
        await w.close();
      }
    });
  });
}

for (const backend of backends) {
  let db: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock();
  scenarios(
    `access ending on one instance on ${backend}`,
    async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database, { clock });
      return { change: server, watchOn: server, clock };
    },
    async () => {
      await server?.stop();
      await db?.dispose();
    },
  );
}

if (hasPostgres) {
  let db: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  const clock = new ManualClock();
  scenarios(
    'access ending on one PostgreSQL instance, with the connections open on another',
    async () => {
      db = await createTestDatabase('postgres');
      one = await startTestServer(db.database, { clock });
      two = await startTestServer(await db.openAnother(), { clock });
      return { change: one, watchOn: two, clock };
    },
    async () => {
      await one?.stop();
      await two?.stop();
      await db?.dispose();
    },
  );
}
