import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, ticketAttachments } from '../../../db/schema.ts';
import { systemActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import { setRoles } from '../../../core/directory/index.ts';
import { AttachmentEvents, openTicket } from '../../../core/tickets/index.ts';
import { collect, gql, wsClient } from '../../support/clients.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { signInWithToken, webGql, type WebSession } from '../../support/web-session.ts';
import { EXECUTABLE, HTML_PAGE, LOG, PNG, textOfSize } from '../../support/attachments.ts';

const LIMIT = 4096;

/** An error answer of the one JSON handler. */
const bodyOf = async (response: Response) => (await response.json()) as { error: { code: string; message: string } };

const ATTACHMENTS = `query($id: ID!) { ticket(id: $id) { attachments { id fileName contentType size sha256 source uploadedBy { id name } uploadedAt downloadUrl downloadExpiresAt } } }`;

describe.each(backends)('ticket attachments through the console over the real server on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTenants>>;
  let session: WebSession;
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock, env: { ATTACHMENT_MAX_BYTES: String(LIMIT) } });
    cast = await makeTenants(server.core);
    session = await signInWithToken(server.url, cast.aContact.token);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const openAs = async (person: { id: string }) =>
    server.core.execute(openTicket, await actorOf(server.core, person.id), { orgId: cast.a.id, title: `Reports are empty ${randomUUID().slice(0, 4)}` });
  const upload = (ticketId: string, name: string, body: Buffer, headers: Record<string, string> = { cookie: session.cookie, origin: server.url, 'x-opsdesk-csrf': session.csrfToken }) =>
    fetch(`${server.url}/tickets/${ticketId}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: body,
    });
  const storedOn = (ticketId: string) => server.core.database.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId));
  const trailOf = (ticketId: string) => server.core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticketId));
  const linkFor = async (token: string, ticketId: string) => {
    const answer = await gql(server.url, token, ATTACHMENTS, { id: ticketId });
    expect(answer.errors).toBeUndefined();
    return answer.data!.ticket.attachments as Array<{ id: string; downloadUrl: string; downloadExpiresAt: string; contentType: string; fileName: string }>;
  };

  it('uploads a log from the console session, lists it in GraphQL and serves it as a safe download, auditing both', async () => {
    const ticket = await openAs(cast.aContact);
    const answer = await upload(ticket.id, 'wörker.log', LOG);
    expect(answer.status).toBe(201);
    const created = (await answer.json()) as { id: string; sha256: string };
    expect(created).toMatchObject({ fileName: 'wörker.log', contentType: 'text/plain', size: LOG.length });

    const listed = await webGql(server.url, session, ATTACHMENTS, { id: ticket.id });
    const [file] = listed.data!.ticket.attachments;
    expect(file).toMatchObject({ id: created.id, source: 'console', uploadedBy: { id: cast.aContact.id }, sha256: created.sha256 });
    expect(new Date(file.downloadExpiresAt).getTime() - clock.now().getTime()).toBe(5 * 60_000);

    const download = await fetch(`${server.url}${file.downloadUrl}`, { headers: { cookie: session.cookie } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(LOG)).toBe(true);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="w_rker.log"; filename*=UTF-8''w%C3%B6rker.log`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");

    const actions = (await trailOf(ticket.id)).map((e) => e.action);
    expect(actions).toContain(AttachmentEvents.fileAttached.type);
    const downloads = (await trailOf(ticket.id)).filter((e) => e.action === AttachmentEvents.attachmentDownloaded.type);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({ actorId: cast.aContact.id, door: 'web', chainId: cast.a.id });
  });

  it('serves a PNG with its detected type to provider staff by bearer token', async () => {
    const ticket = await openAs(cast.aContact);
    expect((await upload(ticket.id, 'graph.png', PNG)).status).toBe(201);
    const [file] = await linkFor(cast.providerAgent.token, ticket.id);
    const download = await fetch(`${server.url}${file!.downloadUrl}`, { headers: { authorization: `Bearer ${cast.providerAgent.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
  });

  it('refuses an executable renamed .txt, an HTML page renamed .png and a file over the limit, storing nothing', async () => {
    const ticket = await openAs(cast.aContact);
    const exe = await upload(ticket.id, 'readme.txt', EXECUTABLE);
    expect(exe.status).toBe(400);
    expect((await bodyOf(exe)).error.message).toMatch(/readme\.txt" was not attached: its content is application\/x-msdownload/);
    const html = await upload(ticket.id, 'chart.png', HTML_PAGE);
    expect(html.status).toBe(400);
    expect((await bodyOf(html)).error.message).toMatch(/HTML/);
    const big = await upload(ticket.id, 'big.log', textOfSize(LIMIT + 1));
    expect(big.status).toBe(413);
    expect((await bodyOf(big)).error.code).toBe('INVALID_INPUT');
    expect(await storedOn(ticket.id)).toEqual([]);
    expect((await trailOf(ticket.id)).map((e) => e.action)).not.toContain(AttachmentEvents.fileAttached.type);
  });

  it('refuses an upload by cookie without the CSRF header, and an unsigned one', async () => {
    const ticket = await openAs(cast.aContact);
    expect((await upload(ticket.id, 'a.log', LOG, { cookie: session.cookie, origin: server.url })).status).toBe(403);
    expect((await upload(ticket.id, 'a.log', LOG, {})).status).toBe(401);
    expect(await storedOn(ticket.id)).toEqual([]);
  });

  it("tells another org's person the ticket and the file do not exist, even with a link given to someone else", async () => {
    const ticket = await openAs(cast.aContact);
    expect((await upload(ticket.id, 'a.log', LOG)).status).toBe(201);
    const outsider = await upload(ticket.id, 'b.log', LOG, { authorization: `Bearer ${cast.bContact.token}` });
    expect(outsider.status).toBe(404);
    expect((await bodyOf(outsider)).error.code).toBe('NOT_FOUND');
    const [file] = await linkFor(cast.aContact.token, ticket.id);
    const other = await fetch(`${server.url}${file!.downloadUrl}`, { headers: { authorization: `Bearer ${cast.bContact.token}` } });
    expect(other.status).toBe(404);
    expect((await bodyOf(other)).error.code).toBe('NOT_FOUND');
    const anonymous = await fetch(`${server.url}${file!.downloadUrl}`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${server.url}${file!.downloadUrl.replace(/.{4}$/, 'AAAA')}`, { headers: { authorization: `Bearer ${cast.aContact.token}` } });
    expect(forged.status).toBe(404);
    const downloads = (await trailOf(ticket.id)).filter((e) => e.action === AttachmentEvents.attachmentDownloaded.type);
    expect(downloads).toEqual([]);
  });

  it('refuses a link once it has expired', async () => {
    const ticket = await openAs(cast.aContact);
    expect((await upload(ticket.id, 'a.log', LOG)).status).toBe(201);
    const [file] = await linkFor(cast.aContact.token, ticket.id);
    clock.advance(5 * 60_000 + 1_000);
    const late = await fetch(`${server.url}${file!.downloadUrl}`, { headers: { authorization: `Bearer ${cast.aContact.token}` } });
    expect(late.status).toBe(403);
    expect((await bodyOf(late)).error.message).toMatch(/expired/);
    const [fresh] = await linkFor(cast.aContact.token, ticket.id);
    expect((await fetch(`${server.url}${fresh!.downloadUrl}`, { headers: { authorization: `Bearer ${cast.aContact.token}` } })).status).toBe(200);
  });

  it("announces an upload and a download on the ticket's ticketEvents subscription, to those who see the ticket", async () => {
    const ticket = await openAs(cast.aContact);
    const ws = wsClient(server.url, cast.providerAgent.token);
    try {
      const events = collect(ws, `subscription($t: ID) { ticketEvents(ticketId: $t) { type payload ticket { key } } }`, { t: ticket.id });
      await new Promise((r) => setTimeout(r, 150));
      expect((await upload(ticket.id, 'a.log', LOG)).status).toBe(201);
      const [file] = await linkFor(cast.aContact.token, ticket.id);
      expect((await fetch(`${server.url}${file!.downloadUrl}`, { headers: { authorization: `Bearer ${cast.aContact.token}` } })).status).toBe(200);
      await events.until(() => events.received.some((r) => r.ticketEvents.type === AttachmentEvents.attachmentDownloaded.type));
      const attached = events.received.find((r) => r.ticketEvents.type === AttachmentEvents.fileAttached.type)!;
      expect(attached.ticketEvents).toMatchObject({ payload: { fileName: 'a.log', source: 'console', uploadedById: cast.aContact.id }, ticket: { key: ticket.key } });
      expect(JSON.stringify(attached.ticketEvents.payload)).not.toContain('worker started');
    } finally {
      await ws.dispose();
    }
  });

  it('refuses a person who lost access to the ticket after the link was given', async () => {
    const colleague = await makePerson(server.core, cast.a.id, ['contact']);
    const ticket = await openAs(colleague);
    expect((await upload(ticket.id, 'a.log', LOG, { authorization: `Bearer ${colleague.token}` })).status).toBe(201);
    const [file] = await linkFor(colleague.token, ticket.id);
    await server.core.execute(setRoles, systemActor('cli', 'cli', 'test'), { orgId: cast.a.id, personId: colleague.id, roles: [] });
    const refused = await fetch(`${server.url}${file!.downloadUrl}`, { headers: { authorization: `Bearer ${colleague.token}` } });
    expect(refused.status).toBe(404);
    const downloads = (await trailOf(ticket.id)).filter((e) => e.action === AttachmentEvents.attachmentDownloaded.type);
    expect(downloads).toEqual([]);
  });
});
