/**
 * Delivery status notifications coming back through the inbound door (POST /hooks/email/:source):
 * a `multipart/report; report-type=delivery-status` mail to MAIL_FROM about a message opsdesk sent
 * marks the failed address as bouncing (never a ticket, never the quarantine), and nothing more is
 * mailed to it; a report about no message of ours to that address marks nothing.
 */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { emailBounceOf } from '../../../core/directory/index.ts';
import { changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import { mailQuarantine, tickets } from '../../../db/schema.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { actorOf, operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { AUTHSERV, SUPPORT, makeMailSource } from '../../support/mail.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const OWN = 'ops@desk.example';

function dsn(options: { to?: string; recipient: string; status?: string; action?: string; returnedId: string }): string {
  const boundary = 'dsn-boundary-1';
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.client.example>',
    `To: ${options.to ?? OWN}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <dsn-${Math.random().toString(36).slice(2)}@mx.client.example>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;\r\n boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered to one or more recipients.',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.client.example',
    'Arrival-Date: Mon, 23 Nov 2026 10:00:00 +0100',
    '',
    `Final-Recipient: rfc822; ${options.recipient}`,
    `Original-Recipient: rfc822;${options.recipient}`,
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${options.status ?? '5.1.1'}`,
    `Diagnostic-Code: smtp; 550 5.1.1 <${options.recipient}>: Recipient address rejected:`,
    '    User unknown in virtual mailbox table',
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `From: opsdesk <${OWN}>`,
    `To: ${options.recipient}`,
    'Subject: [ACME-1] Ticket received',
    `Message-ID: <${options.returnedId}>`,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe.each(backends)('delivery reports through the inbound door on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let secret: string;
  let acmeId: string;
  let gone: MadePerson;
  let other: MadePerson;
  let agent: MadePerson;
  let sentId: string;

  const runDue = () => door.sender.runDue();
  const post = async (raw: string) => {
    const response = await fetch(`${server.url}/hooks/email/mailgun`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${secret}` },
      body: raw,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const counts = async () => ({
    tickets: (await server.core.database.db.select({ n: count() }).from(tickets))[0]!.n,
    quarantine: (await server.core.database.db.select({ n: count() }).from(mailQuarantine))[0]!.n,
  });
  const bounceOf = (person: MadePerson) => server.core.read(emailBounceOf, operator(), { personId: person.id });

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: `opsdesk <${OWN}>`, EMAIL_AUTHSERV_ID: AUTHSERV, SUPPORT_ADDRESS: SUPPORT },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    secret = (await makeMailSource(server.core, 'mailgun')).secret;
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    gone = await makePerson(server.core, acmeId, ['contact'], { name: 'Gone Mailbox' });
    other = await makePerson(server.core, acmeId, ['contact'], { name: 'Other Person' });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    await runDue();
    await server.core.execute(openTicket, await actorOf(server.core, gone.id), { orgId: acmeId, title: 'Exports fail' });
    await server.core.execute(openTicket, await actorOf(server.core, other.id), { orgId: acmeId, title: 'Charts are blank' });
    await runDue();
    sentId = smtp.to(gone.email)[0]!.parsed.messageId!.replace(/^<|>$/g, '');
    expect(sentId).toMatch(/^opsdesk\.\d+\.\d+@desk\.example$/);
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('ignores a report that returns a message of ours to another address, a report of a passing failure, and one of another domain', async () => {
    const before = await counts();
    // Forged: the returned Message-ID is real, but it went to gone, not to other.
    expect((await post(dsn({ recipient: other.email, returnedId: sentId }))).body).toMatchObject({ outcome: 'dropped' });
    expect((await post(dsn({ recipient: gone.email, returnedId: sentId, action: 'delayed', status: '4.4.7' }))).body).toMatchObject({ outcome: 'dropped' });
    expect((await post(dsn({ recipient: gone.email, returnedId: sentId.replace('desk.example', 'elsewhere.example') }))).body).toMatchObject({ outcome: 'dropped' });
    expect(await bounceOf(other)).toBeNull();
    expect(await bounceOf(gone)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('marks the address a report to MAIL_FROM says failed for good, as no ticket and no quarantine, and mails it nothing more', async () => {
    const before = await counts();
    const answer = await post(dsn({ recipient: gone.email.toUpperCase(), returnedId: sentId }));
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ outcome: 'bounce', addresses: [gone.email] });
    expect(await counts()).toEqual(before);
    const bounce = await bounceOf(gone);
    expect(bounce).toMatchObject({ address: gone.email });
    expect(bounce!.reason).toMatch(/^5\.1\.1 550 5\.1\.1 .*User unknown/);
    expect(await bounceOf(other)).toBeNull();

    const goneTicket = (await server.core.database.db.select().from(tickets)).find((t) => t.initiatorId === gone.id)!;
    await server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId: goneTicket.id, status: 'AWAITING_CLIENT' });
    await runDue();
    expect(smtp.to(gone.email)).toEqual([]);
  });
});
