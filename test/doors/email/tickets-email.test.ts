/**
 * Ticket updates by email to an initiator whom Slack does not reach, through a real SMTP server:
 * received (with the key), awaiting your reply, resolved (approve or reopen); nothing for an
 * initiator in Slack, nothing for other changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { changeTicketStatus, commentOnTicket, openTicket } from '../../../core/tickets/index.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const PUBLIC_URL = 'https://ops.vendor.example';

describe.each(backends)('ticket updates by email on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let acmeId: string;
  let mailOnly: MadePerson;
  let inSlack: MadePerson;
  let agent: MadePerson;

  const runDue = () => door.sender.runDue();
  const move = async (ticketId: string, status: 'IN_PROGRESS' | 'AWAITING_CLIENT' | 'RESOLVED') =>
    server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId, status });

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'support@vendor.example', SUPPORT_ADDRESS: 'support@vendor.example', PUBLIC_URL },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    mailOnly = await makePerson(server.core, acmeId, ['contact'], { name: 'Mia Mailonly' });
    inSlack = await makePerson(server.core, acmeId, ['contact'], { name: 'Sid Slack', slack: { teamId: 'TCLIENT01', userId: 'USID00001' } });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    await runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('tells an initiator without Slack that the ticket was received, awaits their reply, and is resolved, each with its key and link', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, mailOnly.id), { orgId: acmeId, title: 'Exports fail' });
    await runDue();
    await move(ticket.id, 'IN_PROGRESS');
    await runDue();
    await move(ticket.id, 'AWAITING_CLIENT');
    await runDue();
    await move(ticket.id, 'RESOLVED');
    await runDue();

    const mails = smtp.to(mailOnly.email);
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      `[${ticket.key}] Ticket received: Exports fail`,
      `[${ticket.key}] Awaiting your reply: Exports fail`,
      `[${ticket.key}] Ticket has been resolved: Exports fail`,
    ]);
    expect(ticket.key).toMatch(/^ACME-\d+$/);
    const link = `${PUBLIC_URL}/tickets/${ticket.key}`;
    expect(mails[0]!.parsed.text).toContain(`Its key is ${ticket.key}`);
    for (const mail of mails) {
      expect(mail.parsed.text).toContain(link);
      expect(mail.parsed.html).toContain(`href="${link}"`);
      expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      // A reply reaches the ticket: its own address, which the inbound door turns into a comment.
      expect(mail.parsed.replyTo?.text).toBe(`support+${ticket.key.toLowerCase()}@vendor.example`);
      expect(mail.parsed.attachments).toEqual([]);
    }
    expect(mails[2]!.parsed.text).toContain('approve the resolution to close it, or reopen it');
    expect(smtp.received).toHaveLength(3);
  });

  it('mails a comment by support to an initiator without Slack with its text, saying a reply reaches the ticket, and never echoes their own', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, mailOnly.id), { orgId: acmeId, title: 'Invoices missing' });
    await runDue();
    smtp.reset();
    await server.core.execute(commentOnTicket, await actorOf(server.core, agent.id), { ticketId: ticket.id, body: 'Which month is missing?\nThe export shows all of them here.' });
    await server.core.execute(commentOnTicket, await actorOf(server.core, mailOnly.id), { ticketId: ticket.id, body: 'October.' });
    await runDue();
    const mails = smtp.to(mailOnly.email);
    expect(mails.map((m) => m.parsed.subject)).toEqual([`[${ticket.key}] New comment from Arne Agent: Invoices missing`]);
    const { text, html } = mails[0]!.parsed;
    expect(text).toContain(`Arne Agent (support) wrote on your ticket ${ticket.key} (Invoices missing):\n\n> Which month is missing?\n> The export shows all of them here.`);
    expect(text).toContain('answer by replying to this email: your reply is added to the ticket');
    expect(text).toContain('A reply to this message is added to its ticket.');
    expect(text).not.toContain('replies are not read');
    expect(html).toContain('Which month is missing?');
    expect(mails[0]!.parsed.replyTo?.text).toBe(`support+${ticket.key.toLowerCase()}@vendor.example`);
  });

  it('sends nothing to an initiator whom Slack reaches: they hear it in the ticket’s thread', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, inSlack.id), { orgId: acmeId, title: 'Slow dashboards' });
    await move(ticket.id, 'AWAITING_CLIENT');
    await move(ticket.id, 'RESOLVED');
    await runDue();
    expect(smtp.received).toEqual([]);
  });
});
