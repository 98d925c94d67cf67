/**
 * Internal notes never go out by email: an initiator who gets every comment by mail gets the comment
 * written after a note, and nothing of the note; no message to anyone carries its text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { addTicketNote, commentOnTicket, openTicket } from '../../../core/tickets/index.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const NOTE_TEXT = 'Internal: their contract ends in March, keep it short';

describe.each(backends)('internal notes and email on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'support@vendor.example', SUPPORT_ADDRESS: 'support@vendor.example', PUBLIC_URL: 'https://ops.vendor.example' },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('mails the client the comment after a note, and nobody the note', async () => {
    const acmeId = (await makeClientOrg(server.core, 'acmemail')).id;
    const mailOnly = await makePerson(server.core, acmeId, ['contact'], { name: 'Mia Mailonly' });
    const admin = await makePerson(server.core, acmeId, ['contract_admin'], { name: 'Ada Admin' });
    const agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, mailOnly.id), { orgId: acmeId, title: 'Exports fail' });
    await door.sender.runDue();
    smtp.reset();

    const staff = await actorOf(server.core, agent.id);
    await server.core.execute(addTicketNote, staff, { ticketId: ticket.id, body: NOTE_TEXT });
    await server.core.execute(commentOnTicket, staff, { ticketId: ticket.id, body: 'We found the cause and are fixing it.' });
    await door.sender.runDue();

    // The comment after the note went out: the note, recorded before it, had its chance and sent nothing.
    expect(smtp.to(mailOnly.email).map((m) => m.parsed.subject)).toEqual([`[${ticket.key}] New comment from Arne Agent: Exports fail`]);
    expect(smtp.to(admin.email)).toEqual([]);
    for (const mail of smtp.received) {
      expect(mail.parsed.text ?? '').not.toContain(NOTE_TEXT);
      expect(String(mail.parsed.html ?? '')).not.toContain(NOTE_TEXT);
    }
  });
});
