import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../support/server.ts';
import { collabClient, collect, connected, emitWithAck, eventually, gql, wsClient } from '../support/clients.ts';

describe.runIf(hasPostgres)('two server instances on one PostgreSQL', () => {
  let db: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    one = await startTestServer(db.database);
    two = await startTestServer(await db.openAnother());
    t = await makeTenants(one.core);
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await db?.dispose();
  });

  it('delivers a change made through one instance to subscribers and rooms on the other', async () => {
    const client = wsClient(two.url, t.aContact.token);
    const sub = collect(client, `subscription($a: ID!) { events(orgId: $a) { type subjectId } }`, { a: t.a.id });
    const socket = collabClient(two.url, t.aContact.token);
    await connected(socket);
    const room: Array<{ type: string; subjectId: string }> = [];
    socket.on('event', (e) => room.push(e));
    await emitWithAck(socket, 'org:join', { orgId: t.a.id });
    await new Promise((r) => setTimeout(r, 100));

    const added = await gql(one.url, t.aAdmin.token, `mutation($a: ID!) { addPerson(input: { orgId: $a, name: "Across" }) { id } }`, { a: t.a.id });
    const id = added.data!.addPerson.id;
    await sub.until(() => sub.received.some((r) => r.events.subjectId === id));
    await eventually(() => room.some((e) => e.subjectId === id));
    await new Promise((r) => setTimeout(r, 150));
    expect(sub.received.filter((r) => r.events.subjectId === id)).toHaveLength(1);
    expect(room.filter((e) => e.subjectId === id)).toHaveLength(1);
    await client.dispose();
    socket.disconnect();
  });
});

describe.each(backends)('shutting down on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('drains open subscriptions and socket.io clients, then stops', async () => {
    const server = await startTestServer(db.database);
    let closeCode: number | undefined;
    const client = wsClient(server.url, server.adminToken, (code) => (closeCode = code));
    const sub = collect(client, `subscription($p: ID!) { events(orgId: $p) { id } }`, { p: server.core.providerId });
    const socket = collabClient(server.url, server.adminToken);
    await connected(socket);
    let socketGone: string | undefined;
    socket.on('disconnect', (reason) => (socketGone = reason));
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    await eventually(() => closeCode !== undefined && socketGone !== undefined);
    expect(closeCode).toBe(1001); // "going away": the server closed it, not a failure
    expect(sub.errors).toHaveLength(1); // the open subscription ended with the close
    expect(socketGone).toBe('transport close'); // so socket.io clients reconnect, to another instance
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    await client.dispose();
  });
});
