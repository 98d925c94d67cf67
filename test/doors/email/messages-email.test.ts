/**
 * More messages by email, through a real SMTP server: closure reminders and severity proposals to
 * a ticket's initiator; production access requests to the client approvers and each decision to
 * the requester; the weekly signed audit checkpoint to each client org's admins, with the signed
 * note attached, which verifies against opsdesk's public audit key.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decideAccess, requestAccess } from '../../../core/access/index.ts';
import { openCheckpoint } from '../../../core/audit/checkpoint.ts';
import { parseVerifierKey } from '../../../core/audit/note.ts';
import { ManualClock } from '../../../core/clock.ts';
import { changeTicketStatus, openTicket, proposeSeverity } from '../../../core/tickets/index.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { makeAccessCast, type AccessCast } from '../../support/access.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const PUBLIC_URL = 'https://ops.vendor.example';

describe.each(backends)('more messages by email on %s', (backend) => {
  // A Monday morning in Stockholm, after 09:00: the first weekly checkpoint post is next Monday.
  const clock = new ManualClock('2026-11-23T09:30:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let cast: AccessCast;
  let slackAdmin: MadePerson;

  const runDue = async () => {
    await server.core.timers.runDue();
    await door.sender.runDue();
  };
  const as = (person: { id: string }) => actorOf(server.core, person.id);

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'opsdesk <support@vendor.example>', PUBLIC_URL },
      clock,
      auditSchedule: true,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    cast = await makeAccessCast(server.core);
    // A client admin Slack reaches: access requests reach them in Slack and by email (the default), checkpoints too.
    slackAdmin = await makePerson(server.core, cast.a.id, ['space_admin'], { name: 'Sam Slackadmin', slack: { teamId: 'TCLIENT01', userId: 'USAM00001' } });
    await runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('proposes a severity to the initiator, and reminds them of a resolved ticket awaiting their approval', async () => {
    const ticket = await server.core.execute(openTicket, await as(cast.aSecond), { orgId: cast.a.id, title: 'Charts are blank' });
    await server.core.execute(proposeSeverity, await as(cast.providerAgent), { ticketId: ticket.id, severity: 'HIGH' });
    await server.core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: ticket.id, status: 'RESOLVED' });
    await runDue();
    clock.set(new Date('2026-11-25T16:00:00Z')); // two working days later
    await runDue();

    const subjects = smtp.to(cast.aSecond.email).map((m) => m.parsed.subject);
    expect(subjects).toEqual([
      `[${ticket.key}] Ticket received: Charts are blank`,
      `[${ticket.key}] Severity proposed: HIGH: Charts are blank`,
      `[${ticket.key}] Ticket has been resolved: Charts are blank`,
      `[${ticket.key}] Reminder: please approve or reopen: Charts are blank`,
    ]);
    const [, proposal, , reminder] = smtp.to(cast.aSecond.email);
    expect(proposal!.parsed.text).toContain('Severe faults where there is a workaround');
    expect(proposal!.parsed.text).toContain(`${PUBLIC_URL}/tickets/${ticket.key}`);
    expect(reminder!.parsed.text).toContain('resolved 2 working days ago');
    expect(reminder!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // Nobody else hears of it by email.
    expect(smtp.received.every((m) => m.envelope.to.includes(cast.aSecond.email))).toBe(true);
  });

  it("asks the org's client approvers by email and tells the requester each decision, once per decision", async () => {
    const request = await server.core.execute(requestAccess, await as(cast.engineer), {
      orgId: cast.a.id,
      ticketId: cast.ticket.id,
      reason: 'Reproduce the empty reports',
      scope: 'reporting database, read only',
      durationMinutes: 90,
    });
    await runDue();
    const asked = smtp.received.filter((m) => /Access request/.test(m.parsed.subject ?? ''));
    expect(asked.flatMap((m) => m.envelope.to).sort()).toEqual([cast.aAdmin.email, cast.aOwner.email, slackAdmin.email].sort());
    const mail = asked[0]!.parsed;
    expect(mail.subject).toMatch(/^Access request to acme-\w+ Inc's data: .+, 1 h 30 min$/);
    expect(mail.text).toContain('Reason: Reproduce the empty reports');
    expect(mail.text).toContain(`for ticket ${cast.ticket.key}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/access`);
    // Nobody of the other org, no contact, no provider approver (they decide in Slack and GraphQL).
    for (const who of [cast.bAdmin, cast.aContact, cast.approver, cast.engineer]) expect(smtp.to(who.email)).toEqual([]);

    smtp.reset();
    await server.core.execute(decideAccess, await as(cast.approver), { requestId: request.id, decision: 'APPROVE' });
    await runDue();
    await server.core.execute(decideAccess, await as(cast.aAdmin), { requestId: request.id, decision: 'APPROVE', comment: 'go ahead' });
    await runDue();
    const told = smtp.to(cast.engineer.email).map((m) => m.parsed.subject);
    expect(told).toHaveLength(2);
    expect(told[0]).toMatch(/^Access to acme-\w+ Inc: approved by .+, waiting for the other side$/);
    expect(told[1]).toMatch(/^Access to acme-\w+ Inc: granted for 1 h 30 min$/);
    expect(smtp.to(cast.engineer.email)[1]!.parsed.text).toContain('both sides approved');

    smtp.reset();
    const second = await server.core.execute(requestAccess, await as(cast.engineer), {
      orgId: cast.a.id,
      ticketId: cast.ticket.id,
      reason: 'Look at the export queue',
      scope: 'export workers',
      durationMinutes: 60,
    });
    await server.core.execute(decideAccess, await as(slackAdmin), { requestId: second.id, decision: 'DENY', comment: 'not this week' });
    await runDue();
    const denied = smtp.to(cast.engineer.email);
    expect(denied.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Access to acme-\w+ Inc: denied by Sam Slackadmin$/)]);
    expect(denied[0]!.parsed.text).toContain('Comment: not this week');
  });

  it("mails each client org's admins its weekly signed checkpoint, attached, and the note verifies against opsdesk's key", async () => {
    clock.set(new Date('2026-11-30T08:05:00Z')); // Monday 09:05 in Stockholm
    await runDue();

    const checkpoints = smtp.received.filter((m) => /signed audit checkpoint/.test(m.parsed.subject ?? ''));
    expect(checkpoints.flatMap((m) => m.envelope.to).sort()).toEqual([cast.aAdmin.email, cast.aOwner.email, slackAdmin.email, cast.bAdmin.email].sort());
    for (const who of [cast.aContact, cast.bContact, cast.engineer, cast.providerAdmin]) {
      expect(smtp.to(who.email).filter((m) => /checkpoint/.test(m.parsed.subject ?? ''))).toEqual([]);
    }

    const key = (await (await fetch(`${server.url}/.well-known/opsdesk-audit-key`)).json()) as { verifierKey: string };
    const verifier = parseVerifierKey(key.verifierKey);
    for (const [who, org] of [
      [cast.aAdmin, cast.a],
      [cast.bAdmin, cast.b],
    ] as const) {
      const [mail] = smtp.to(who.email).filter((m) => /checkpoint/.test(m.parsed.subject ?? ''));
      expect(mail!.parsed.subject).toMatch(new RegExp(`^${org.name}: signed audit checkpoint, \\d+ events$`));
      expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      const [attachment] = mail!.parsed.attachments;
      expect(attachment!.filename).toMatch(new RegExp(`^opsdesk-audit-checkpoint-${org.slug}-\\d+\\.txt$`));
      expect(attachment!.contentType).toBe('text/plain');
      const note = attachment!.content.toString('utf8');
      const opened = openCheckpoint(note, [verifier]);
      expect(opened.orgId).toBe(org.id);
      expect(mail!.parsed.text).toContain(note.trim().split('\n')[0]!);
      // A note altered by a single character no longer verifies.
      expect(() => openCheckpoint(note.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`), [verifier])).toThrow();
    }
  });
});
