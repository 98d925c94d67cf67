import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { exportsUnderway } from '../../../core/exports/index.ts';
import { gql } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { buildExportWorld, unpack, type ExportWorld } from '../../support/exports.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { signInWithToken } from '../../support/web-session.ts';

const START = `mutation ($orgId: ID!) { startOrgExport(orgId: $orgId) { id state kindsTotal kindsDone rowsDone downloadUrl } }`;
const FOLLOW = `query ($id: ID!) { orgExport(id: $id) { id state kindsTotal kindsDone rowsDone sizeBytes expiresAt downloadUrl } }`;

describe.each(backends)("a client's back-up through GraphQL and its download on %s", (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let world: ExportWorld;
  const clock = new ManualClock('2026-11-02T09:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    world = await buildExportWorld(server.core);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers: { origin: server.url, ...headers } });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('is started by the org’s admin, followed to its end, and downloaded as a zip of the org’s rows', async () => {
    const { aAdmin } = world.tenants;
    const started = await gql(server.url, aAdmin.token, START, { orgId: world.own.org });
    expect(started.errors).toBeUndefined();
    const job = started.data!.startOrgExport;
    expect(job).toMatchObject({ state: 'QUEUED', kindsDone: 0, rowsDone: 0, downloadUrl: null });

    await server.core.timers.runDue();
    await exportsUnderway(server.core);
    const done = await vi.waitFor(async () => {
      const followed = (await gql(server.url, aAdmin.token, FOLLOW, { id: job.id })).data!.orgExport;
      expect(followed.state).toBe('COMPLETED');
      return followed;
    });
    expect(done.kindsDone).toBe(done.kindsTotal);
    expect(done.rowsDone).toBeGreaterThan(0);
    expect(done.downloadUrl).toBe(`/exports/${job.id}/archive`);

    const response = await get(done.downloadUrl, bearer(aAdmin.token));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="opsdesk-export-acme-.*\.zip"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(done.sizeBytes);
    const archive = unpack(bytes);
    expect(archive.lines('tickets.jsonl').map((line) => line.id)).toContain(world.own.ticket);
    const manifest = JSON.parse(archive.files['manifest.json']!) as { kinds: { file: string; sha256: string }[] };
    for (const kind of manifest.kinds) expect(archive.sha256(kind.file)).toBe(kind.sha256);
  });

  it('refuses a member who is not an admin, hides the org from another org’s admin, and lets no one download without credentials', async () => {
    const { aAdmin, aContact, bAdmin } = world.tenants;
    const refused = await gql(server.url, aContact.token, START, { orgId: world.own.org });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hidden = await gql(server.url, bAdmin.token, START, { orgId: world.own.org });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const job = (await gql(server.url, aAdmin.token, START, { orgId: world.own.org })).data!.startOrgExport;
    await server.core.timers.runDue();
    await exportsUnderway(server.core);
    const path = `/exports/${job.id}/archive`;
    expect((await gql(server.url, bAdmin.token, FOLLOW, { id: job.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await get(path, bearer(bAdmin.token))).status).toBe(404);
    expect((await get(path, bearer(aContact.token))).status).toBe(403);
    expect((await get(path)).status).toBe(401);
    const session = await signInWithToken(server.url, aAdmin.token);
    expect((await get(path, { cookie: session.cookie })).status).toBe(403);
    expect((await get(path, { cookie: session.cookie, 'x-opsdesk-csrf': session.csrfToken })).status).toBe(200);
  });

  it('stops working as a link a day after it was written', async () => {
    const { aAdmin } = world.tenants;
    const job = (await gql(server.url, aAdmin.token, START, { orgId: world.own.org })).data!.startOrgExport;
    await server.core.timers.runDue();
    await exportsUnderway(server.core);
    const path = `/exports/${job.id}/archive`;
    expect((await get(path, bearer(aAdmin.token))).status).toBe(200);
    clock.advance(24 * 60 * 60 * 1000);
    const expired = await get(path, bearer(aAdmin.token));
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    expect((await gql(server.url, aAdmin.token, FOLLOW, { id: job.id })).data!.orgExport.downloadUrl).toBeNull();
  });
});
