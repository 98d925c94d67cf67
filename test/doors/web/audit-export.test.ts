import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { signInWithToken } from '../../support/web-session.ts';

describe.each(backends)('the audit export download on %s', (backend) => {
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

  const post = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { method: 'POST', headers: { origin: server.url, ...headers } });

  it('gives a client admin their org’s trail as JSON lines that end signed and verified, and another org’s as not found', async () => {
    const cast = await makeTenants(server.core);
    const session = await signInWithToken(server.url, cast.aAdmin.token);
    const withSession = { cookie: session.cookie, 'x-opsdesk-csrf': session.csrfToken };

    const response = await post(`/audit/export/${cast.a.id}`, withSession);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="opsdesk-audit-.*\.jsonl"$/);
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; result?: { ok: boolean } });
    expect(lines.filter((l) => l.type === 'event').length).toBeGreaterThan(0);
    expect(lines.at(-2)?.type).toBe('checkpoint');
    expect(lines.at(-1)).toMatchObject({ type: 'verify', result: { ok: true } });

    const other = await post(`/audit/export/${cast.b.id}`, withSession);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('refuses the cookie without its CSRF token, and a stranger', async () => {
    const cast = await makeTenants(server.core);
    const session = await signInWithToken(server.url, cast.aAdmin.token);
    expect((await post(`/audit/export/${cast.a.id}`, { cookie: session.cookie })).status).toBe(403);
    expect((await post(`/audit/export/${cast.a.id}`, {})).status).toBe(401);
    expect((await post(`/audit/export/${cast.a.id}`, { authorization: `Bearer ${cast.aAdmin.token}` })).status).toBe(200);
  });
});
