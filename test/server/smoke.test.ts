import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { gql } from '../support/clients.ts';

describe.each(backends)('the server on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('answers liveness and readiness once migrated', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: backend });
  });

  it('tells the bootstrap admin who they are', async () => {
    const res = await gql(server.url, server.adminToken, '{ me { name memberships { org { kind } roles } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.memberships).toEqual([{ org: { kind: 'PROVIDER' }, roles: ['ADMIN'] }]);
  });
});
