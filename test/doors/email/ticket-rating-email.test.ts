/**
 * The closure mail through a real SMTP server: the initiator who approved the closure is offered
 * the rating with a link to the ticket's rating in the console; nobody is when a client admin
 * approved in the initiator's place.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approveClosure, changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';
import { removePersonFromOrgForTest } from '../../support/tickets-db.ts';

const PUBLIC_URL = 'https://ops.vendor.example';

describe.each(backends)('the closure mail offering the rating on %s', (backend) => {
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let acmeId: string;
  let initiator: MadePerson;
  let admin: MadePerson;
  let agent: MadePerson;

  const runDue = () => door.sender.runDue();
  async function closedBy(openerId: string, closerId: string, beforeClosing?: () => Promise<void>) {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, openerId), { orgId: acmeId, title: 'Report totals wrong' });
    await server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    await beforeClosing?.();
    await runDue();
    smtp.reset();
    await server.core.execute(approveClosure, await actorOf(server.core, closerId), { ticketId: ticket.id });
    await runDue();
    return ticket;
  }

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'support@vendor.example', PUBLIC_URL },
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    initiator = await makePerson(server.core, acmeId, ['contact'], { name: 'Mia Mailonly' });
    admin = await makePerson(server.core, acmeId, ['contract_admin'], { name: 'Ada Admin' });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    await runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('offers the initiator the rating, linking to the ticket in the console', async () => {
    const ticket = await closedBy(initiator.id, initiator.id);
    const mails = smtp.to(initiator.email);
    expect(mails.map((m) => m.parsed.subject)).toEqual([`[${ticket.key}] Ticket has been closed: Report totals wrong`]);
    const link = `${PUBLIC_URL}/tickets/${ticket.key}#rate`;
    expect(mails[0]!.parsed.text).toContain(`Rate the support: ${link}`);
    expect(mails[0]!.parsed.html).toContain(`href="${link}"`);
    expect(smtp.to(admin.email)).toEqual([]);
  });

  it('offers nothing when a client admin approved in place of an initiator who has left', async () => {
    const leaver = await makePerson(server.core, acmeId, ['contact'], { name: 'Leo Leaver' });
    await closedBy(leaver.id, admin.id, () => removePersonFromOrgForTest(server.core, leaver.id, acmeId));
    expect(smtp.to(leaver.email).filter((m) => /closed/.test(String(m.parsed.subject)))).toEqual([]);
    expect(smtp.to(admin.email).filter((m) => /closed/.test(String(m.parsed.subject)))).toEqual([]);
  });
});
