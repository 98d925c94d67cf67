/**
 * Per-person channel choices: each person chooses per kind of message (ticket updates, access,
 * audit checkpoints) Slack, email or both, through GraphQL (the person, or their org's admins); the
 * email rules honour it, through a real SMTP server. Defaults: Slack only for ticket updates of a
 * person Slack reaches, email for a person it does not.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { codeOf, gql } from '../../support/clients.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const CHOOSE = `mutation($input: SetNotificationChoiceInput!) { setNotificationChoice(input: $input) { kind channels chosen } }`;
const CHOICES = `query($orgId: ID!) { people(orgId: $orgId) { id notificationChoices { kind channels chosen } } }`;

describe.each(backends)('channel choices for email on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let acmeId: string;
  let mailOnly: MadePerson;
  let inSlack: MadePerson;
  let colleague: MadePerson;
  let acmeAdmin: MadePerson;
  let agent: MadePerson;

  const runDue = () => door.sender.runDue();
  const choose = (who: MadePerson, input: Record<string, unknown>) => gql(server.url, who.token, CHOOSE, { input });
  const choicesSeenBy = async (who: MadePerson, personId: string) => {
    const res = await gql<{ people: { id: string; notificationChoices: unknown }[] }>(server.url, who.token, CHOICES, { orgId: acmeId });
    expect(res.errors).toBeUndefined();
    return res.data!.people.find((p) => p.id === personId)!.notificationChoices;
  };
  const resolvedTicket = async (initiator: MadePerson, title: string) => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, initiator.id), { orgId: acmeId, title });
    await server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    await runDue();
    return ticket;
  };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'support@vendor.example', PUBLIC_URL: 'https://ops.vendor.example' },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    mailOnly = await makePerson(server.core, acmeId, ['contact'], { name: 'Mia Mailonly' });
    inSlack = await makePerson(server.core, acmeId, ['contact'], { name: 'Sid Slack', slack: { teamId: 'TCLIENT01', userId: 'USID00001' } });
    colleague = await makePerson(server.core, acmeId, ['contact'], { name: 'Col League' });
    acmeAdmin = await makePerson(server.core, acmeId, ['space_admin'], { name: 'Ada Admin' });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    await runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('shows the defaults to the person and their admin, and nothing to a colleague', async () => {
    expect(await choicesSeenBy(inSlack, inSlack.id)).toEqual([
      { kind: 'TICKET', channels: 'SLACK', chosen: false },
      { kind: 'ACCESS', channels: 'BOTH', chosen: false },
      { kind: 'AUDIT', channels: 'BOTH', chosen: false },
    ]);
    expect(await choicesSeenBy(acmeAdmin, mailOnly.id)).toEqual([
      { kind: 'TICKET', channels: 'EMAIL', chosen: false },
      { kind: 'ACCESS', channels: 'EMAIL', chosen: false },
      { kind: 'AUDIT', channels: 'EMAIL', chosen: false },
    ]);
    expect(await choicesSeenBy(colleague, inSlack.id)).toBeNull();
  });

  it('lets a person in Slack choose email for ticket updates as well, and then mails them', async () => {
    await resolvedTicket(inSlack, 'Before the choice');
    expect(smtp.to(inSlack.email)).toEqual([]);

    const chosen = await choose(inSlack, { kind: 'TICKET', channels: 'BOTH' });
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data!.setNotificationChoice).toEqual({ kind: 'TICKET', channels: 'BOTH', chosen: true });
    const ticket = await resolvedTicket(inSlack, 'After the choice');
    expect(smtp.to(inSlack.email).map((m) => m.parsed.subject)).toEqual([
      `[${ticket.key}] Ticket received: After the choice`,
      `[${ticket.key}] Ticket has been resolved: After the choice`,
    ]);
    expect(await choicesSeenBy(inSlack, inSlack.id)).toContainEqual({ kind: 'TICKET', channels: 'BOTH', chosen: true });
  });

  it('lets an admin choose for a person of their org, and Slack alone stops the mail of a person in Slack', async () => {
    const res = await choose(acmeAdmin, { personId: inSlack.id, kind: 'TICKET', channels: 'SLACK' });
    expect(res.errors).toBeUndefined();
    await resolvedTicket(inSlack, 'Slack only again');
    expect(smtp.received).toEqual([]);
  });

  it('still mails a person Slack does not reach who chose Slack alone: nobody is left without a channel', async () => {
    expect((await choose(mailOnly, { kind: 'TICKET', channels: 'SLACK' })).errors).toBeUndefined();
    await resolvedTicket(mailOnly, 'No Slack here');
    expect(smtp.to(mailOnly.email)).toHaveLength(2);
  });

  it('refuses a colleague choosing for someone else, and puts each choice on the org’s trail', async () => {
    const refused = await choose(colleague, { personId: mailOnly.id, kind: 'TICKET', channels: 'EMAIL' });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const trail = await gql<{ auditEvents: { nodes: { action: string; data: unknown }[] } }>(
      server.url,
      acmeAdmin.token,
      `query($orgId: ID!) { auditEvents(filter: { orgId: $orgId, action: "person.notifications_chosen" }, first: 50) { nodes { action data } } }`,
      { orgId: acmeId },
    );
    expect(trail.errors).toBeUndefined();
    const chosen = trail.data!.auditEvents.nodes;
    expect(chosen.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'ticket', channels: 'both', before: null }),
        expect.objectContaining({ kind: 'ticket', channels: 'slack', before: 'both' }),
      ]),
    );
  });
});
