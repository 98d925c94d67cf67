import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { addPerson } from '../../../core/directory/index.ts';
import { auditEvents, mailQuarantine, ticketComments, tickets } from '../../../db/schema.ts';
import { POLLER_LOCK_ID } from '../../../doors/email/imap.ts';
import { eventually } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { dovecotAvailable, startDovecot, type Dovecot } from '../../support/dovecot.ts';
import { AUTHSERV, SUPPORT, rawMail } from '../../support/mail.ts';
import { makeClientOrg, startTestServer, type TestServer } from '../../support/server.ts';

const available = dovecotAvailable();

describe.skipIf(!available).each(backends)('inbound email from an IMAP mailbox (a real Dovecot) on %s', (backend) => {
  let dovecot: Dovecot;
  let db: TestDatabase;
  let server: TestServer;
  let acmeId: string;
  let aliceId: string;
  let firstMessageId: string;
  const env = () => ({ EMAIL_AUTHSERV_ID: AUTHSERV, SUPPORT_ADDRESS: SUPPORT, IMAP_URL: dovecot.url, IMAP_POLL_SECONDS: '1', EMAIL_WEBHOOK_MAX_BYTES: String(32 * 1024) });

  /** The mailbox as a mail client sees it. */
  async function mailbox<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }
  const deliver = (raw: string) => mailbox((c) => c.append('INBOX', raw));
  const flagsOf = (messageId: string) =>
    mailbox(async (c) => {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const [uid] = (await c.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        const message = uid ? await c.fetchOne(String(uid), { flags: true }, { uid: true }) : false;
        return message ? [...(message.flags ?? [])].sort() : [];
      } finally {
        lock.release();
      }
    });
  const sql = () => server.core.database.db;
  const ticketCount = async () => (await sql().select({ n: count() }).from(tickets))[0]!.n;

  beforeAll(async () => {
    dovecot = await startDovecot();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { env: env() });
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    aliceId = (await server.core.execute(addPerson, systemActor('cli', 'cli', `test-${randomUUID()}`), { orgId: acmeId, name: 'Alice Andersson', email: 'alice@acme.example', roles: ['contact'] })).id;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await dovecot?.stop();
  });

  it('takes a mail from the mailbox into a ticket as its vouched-for sender, through door email, and flags it \\Seen and $OpsdeskTaken', async () => {
    const mail = rawMail({ from: 'alice@acme.example', subject: 'Login page is slow' });
    firstMessageId = mail.messageId;
    await deliver(mail.raw);
    await eventually(async () => (await ticketCount()) === 1, 15_000);
    const [ticket] = await sql().select().from(tickets);
    expect(ticket).toMatchObject({ key: 'ACME-1', title: 'Login page is slow', initiatorId: aliceId, orgId: acmeId });
    const [event] = await sql().select().from(auditEvents).where(eq(auditEvents.subjectId, ticket!.id));
    expect(event).toMatchObject({ action: 'ticket.opened', door: 'email', actorId: aliceId });
    await eventually(async () => (await flagsOf(mail.messageId)).includes('$OpsdeskTaken'), 10_000);
    expect(await flagsOf(mail.messageId)).toEqual(['$OpsdeskTaken', '\\Seen']);
  });

  it('takes a reply as a comment, quarantines a forged sender, and refuses (flags, logs) a message that is not mail or is too large', async () => {
    const [ticket] = await sql().select().from(tickets).where(eq(tickets.key, 'ACME-1'));
    const reply = rawMail({ from: 'alice@acme.example', to: 'support+ACME-1@desk.example', text: 'Now it is fast again.\n\n> earlier' });
    const forged = rawMail({ from: 'alice@acme.example', authResults: [`${AUTHSERV}; dmarc=fail header.from=acme.example`] });
    const huge = rawMail({ from: 'alice@acme.example', text: 'z'.repeat(40 * 1024) });
    const notMail = `Message-ID: <not-mail-${randomUUID()}@x>\r\nSubject: no sender\r\n\r\nbody\r\n`;
    for (const raw of [reply.raw, forged.raw, huge.raw, notMail]) await deliver(raw);
    await eventually(async () => (await sql().select().from(ticketComments).where(eq(ticketComments.ticketId, ticket!.id))).length === 1, 15_000);
    await eventually(async () => (await sql().select().from(mailQuarantine)).length === 1, 15_000);
    const [comment] = await sql().select().from(ticketComments);
    expect(comment).toMatchObject({ authorId: aliceId, door: 'email', body: 'Now it is fast again.' });
    const [held] = await sql().select().from(mailQuarantine);
    expect(held).toMatchObject({ source: 'imap', sender: 'alice@acme.example', status: 'HELD' });
    await eventually(async () => (await flagsOf(huge.messageId)).includes('$OpsdeskRefused'), 10_000);
    const unseen = await mailbox(async (c) => {
      const lock = await c.getMailboxLock('INBOX');
      try {
        return (await c.search({ seen: false }, { uid: true })) || [];
      } finally {
        lock.release();
      }
    });
    expect(unseen).toEqual([]);
    expect(await ticketCount()).toBe(1);
  });

  it.runIf(backend === 'postgres')('polls from one instance only: the poller holds its advisory lock, so another instance waits', async () => {
    const other = await db.openAnother();
    try {
      expect(await other.tryLeadership(POLLER_LOCK_ID)).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('takes nothing twice after a restart, even a mail a crash left unflagged (the Message-ID covers it)', async () => {
    await server.stop();
    // A crash after the commit, before the flag: the message is unseen again.
    const [ticket] = await sql().select().from(tickets).where(eq(tickets.key, 'ACME-1'));
    const again = await mailbox(async (c) => {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const [uid] = (await c.search({ subject: 'Login page is slow' }, { uid: true })) || [];
        await c.messageFlagsRemove(String(uid), ['\\Seen', '$OpsdeskTaken'], { uid: true });
        return uid;
      } finally {
        lock.release();
      }
    });
    expect(again).toBeTruthy();
    server = await startTestServer(db.database, { env: env() });
    const fresh = rawMail({ from: 'alice@acme.example', subject: 'After the restart' });
    await deliver(fresh.raw);
    await eventually(async () => (await ticketCount()) === 2, 15_000);
    await eventually(async () => (await flagsOf(fresh.messageId)).includes('$OpsdeskTaken'), 10_000);
    await eventually(async () => (await flagsOf(ticket!.key === 'ACME-1' ? firstMessageId : '')).includes('$OpsdeskTaken'), 10_000);
    expect((await sql().select().from(tickets)).map((t) => t.title).sort()).toEqual(['After the restart', 'Login page is slow']);
  });
});
