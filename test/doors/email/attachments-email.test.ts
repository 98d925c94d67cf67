import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { addPerson } from '../../../core/directory/index.ts';
import { AttachmentEvents } from '../../../core/tickets/index.ts';
import { auditEvents, ticketAttachments, ticketComments, tickets } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { AUTHSERV, SUPPORT, makeMailSource, rawMail, type RawMailOptions } from '../../support/mail.ts';
import { makeClientOrg, startTestServer, type TestServer } from '../../support/server.ts';
import { EXECUTABLE, LOG, PNG } from '../../support/attachments.ts';

describe.each(backends)('attachments of inbound email on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let secret: string;
  let alice: { id: string };

  const send = async (options: RawMailOptions) => {
    const { raw, messageId } = rawMail(options);
    const post = () =>
      fetch(`${server.url}/hooks/email/mailgun`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${secret}` }, body: raw });
    const response = await post();
    return { status: response.status, body: (await response.json()) as Record<string, any>, messageId, again: post };
  };
  const sql = () => server.core.database.db;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { env: { EMAIL_AUTHSERV_ID: AUTHSERV, SUPPORT_ADDRESS: SUPPORT } });
    secret = (await makeMailSource(server.core, 'mailgun')).secret;
    const acme = await makeClientOrg(server.core, `acme${randomUUID().slice(0, 4)}`);
    alice = await server.core.execute(addPerson, systemActor('cli', 'cli', 'test'), { orgId: acme.id, name: 'Alice', email: 'alice@acme.example', roles: ['contact'] });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it("keeps a new ticket's and a reply's files, refuses a program renamed .txt with its reason, and audits each upload as the sender through email", async () => {
    const opened = await send({ from: 'alice@acme.example', subject: 'Exports are empty', text: 'See the screenshot.', attachments: [{ name: 'screen.png', content: PNG }] });
    expect(opened.body).toMatchObject({ outcome: 'ticket' });
    const ticketId = opened.body.ticketId as string;
    const [ticket] = await sql().select().from(tickets).where(eq(tickets.id, ticketId));
    expect(ticket!.description).toBe(`See the screenshot.\n\nAttached: screen.png (${PNG.length} B)`);

    const reply = await send({
      from: 'alice@acme.example',
      subject: 'Re: Exports are empty',
      inReplyTo: opened.messageId,
      text: 'Here is the log.',
      attachments: [
        { name: 'worker.log', content: LOG },
        { name: 'fix.txt', content: EXECUTABLE },
      ],
    });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ outcome: 'comment', ticketId });
    const [comment] = await sql().select().from(ticketComments).where(eq(ticketComments.ticketId, ticketId));
    expect(comment!.body).toMatch(/^Here is the log\.\n\nAttached: worker\.log \(\d+ B\)\nNot attached: fix\.txt \(512 B\): its content is application\/x-msdownload/);

    const files = await sql().select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId)).orderBy(ticketAttachments.uploadedAt);
    expect(files.map((f) => [f.fileName, f.contentType, f.source, f.uploadedById])).toEqual([
      ['screen.png', 'image/png', 'email', alice.id],
      ['worker.log', 'text/plain', 'email', alice.id],
    ]);
    expect(files[1]!.content.equals(LOG)).toBe(true);
    const uploads = (await sql().select().from(auditEvents).where(eq(auditEvents.subjectId, ticketId)).orderBy(auditEvents.seq)).filter((e) => e.action === AttachmentEvents.fileAttached.type);
    expect(uploads.map((e) => [e.door, e.actorId])).toEqual([
      ['email', alice.id],
      ['email', alice.id],
    ]);

    // The same mail delivered again is taken once: no second copy of its files.
    expect((await reply.again()).status).toBe(200);
    expect(await sql().select({ id: ticketAttachments.id }).from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId))).toHaveLength(2);
  });
});
