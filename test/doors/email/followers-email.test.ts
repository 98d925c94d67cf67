/**
 * Followers of an org's tickets: a person of a client org follows every ticket of it (GraphQL
 * `followTickets`, by the person or the org's admins) and is told of each as its initiator is, by
 * email when Slack does not reach them, in words for a follower; the initiator's own mail is
 * unchanged. Every ticket mail belongs to the ticket's thread, and a reply that only references that
 * thread (no reply address) becomes a comment on the ticket.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import { auditEvents, ticketComments } from '../../../db/schema.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { codeOf, gql } from '../../support/clients.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { AUTHSERV, makeMailSource, rawMail } from '../../support/mail.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const FOLLOW = `mutation($input: FollowTicketsInput!) { followTickets(input: $input) { personId orgId follows } }`;
const FOLLOWS = `query($orgId: ID!) { people(orgId: $orgId) { id followsTickets } }`;

describe.each(backends)('followers of an org’s tickets on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let acmeId: string;
  let globexId: string;
  let initiator: MadePerson;
  let owner: MadePerson;
  let ownerInSlack: MadePerson;
  let colleague: MadePerson;
  let acmeAdmin: MadePerson;
  let outsider: MadePerson;
  let agent: MadePerson;
  let mailSecret: string;

  const runDue = () => door.sender.runDue();
  const follow = (who: MadePerson, input: Record<string, unknown>) => gql<{ followTickets: unknown }>(server.url, who.token, FOLLOW, { input });
  const followsSeenBy = async (who: MadePerson, personId: string) => {
    const res = await gql<{ people: { id: string; followsTickets: boolean | null }[] }>(server.url, who.token, FOLLOWS, { orgId: acmeId });
    expect(res.errors).toBeUndefined();
    return res.data!.people.find((p) => p.id === personId)!.followsTickets;
  };
  const move = async (ticketId: string, status: 'AWAITING_CLIENT' | 'RESOLVED') =>
    server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId, status });

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'opsdesk <support@vendor.example>', PUBLIC_URL: 'https://ops.vendor.example', EMAIL_AUTHSERV_ID: AUTHSERV },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    globexId = (await makeClientOrg(server.core, 'globex')).id;
    initiator = await makePerson(server.core, acmeId, ['contact'], { name: 'Ivan Initiator', email: 'ivan@acme.example' });
    owner = await makePerson(server.core, acmeId, ['contract_owner'], { name: 'Olga Owner' });
    ownerInSlack = await makePerson(server.core, acmeId, ['space_owner'], { name: 'Sven Slack', slack: { teamId: 'TCLIENT01', userId: 'USVEN0001' } });
    colleague = await makePerson(server.core, acmeId, ['contact'], { name: 'Col League' });
    acmeAdmin = await makePerson(server.core, acmeId, ['space_admin'], { name: 'Ada Admin' });
    outsider = await makePerson(server.core, globexId, ['space_admin'], { name: 'Gus Globex' });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    mailSecret = (await makeMailSource(server.core, 'mx')).secret;
    await runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('lets a person follow their org’s tickets and an admin follow them for someone; refuses a colleague and another org', async () => {
    expect(await followsSeenBy(owner, owner.id)).toBe(false);
    const own = await follow(owner, { orgId: acmeId, follows: true });
    expect(own.errors).toBeUndefined();
    expect(own.data!.followTickets).toEqual({ personId: owner.id, orgId: acmeId, follows: true });
    expect((await follow(acmeAdmin, { personId: ownerInSlack.id, orgId: acmeId, follows: true })).errors).toBeUndefined();

    expect(codeOf(await follow(colleague, { personId: owner.id, orgId: acmeId, follows: false }))).toBe('FORBIDDEN');
    expect(codeOf(await follow(outsider, { personId: owner.id, orgId: acmeId, follows: false }))).toBe('NOT_FOUND');
    expect(codeOf(await follow(outsider, { orgId: acmeId, follows: true }))).toBe('NOT_FOUND');

    expect(await followsSeenBy(acmeAdmin, owner.id)).toBe(true);
    expect(await followsSeenBy(owner, owner.id)).toBe(true);
    expect(await followsSeenBy(colleague, owner.id)).toBeNull();
    const trail = await server.core.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'person.tickets_followed'));
    expect(trail.map((e) => [e.subjectId, e.actorId, e.orgId, e.data])).toEqual([
      [owner.id, owner.id, acmeId, { follows: true }],
      [ownerInSlack.id, acmeAdmin.id, acmeId, { follows: true }],
    ]);
  });

  it('mails a follower Slack does not reach each update of a colleague’s ticket, in a follower’s words, and nobody in Slack', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, initiator.id), { orgId: acmeId, title: 'Exports fail' });
    await runDue();
    await move(ticket.id, 'AWAITING_CLIENT');
    await runDue();
    await move(ticket.id, 'RESOLVED');
    await runDue();

    const toOwner = smtp.to(owner.email);
    expect(toOwner.map((m) => m.parsed.subject)).toEqual([
      `[${ticket.key}] Ticket received: Exports fail`,
      `[${ticket.key}] Awaiting your reply: Exports fail`,
      `[${ticket.key}] Ticket has been resolved: Exports fail`,
    ]);
    expect(toOwner[0]!.parsed.text).toContain(`Ivan Initiator opened ticket ${ticket.key}: Exports fail.`);
    expect(toOwner[1]!.parsed.text).toContain('is awaiting an answer from your organisation');
    expect(toOwner[2]!.parsed.text).toContain('Ivan Initiator is asked to approve the resolution or reopen it.');
    for (const mail of toOwner) expect(mail.parsed.text).toContain('because you follow your organisation’s tickets');
    // The initiator's own mail says "your ticket", once each.
    expect(smtp.to(initiator.email).map((m) => m.parsed.text!.split('\n')[0])).toEqual([
      `We have received your ticket ${ticket.key}: Exports fail.`,
      `Your ticket ${ticket.key} (Exports fail) is awaiting your reply.`,
      `Your ticket ${ticket.key} (Exports fail) has been resolved.`,
    ]);
    expect(smtp.to(ownerInSlack.email)).toEqual([]);
    expect(smtp.to(colleague.email)).toEqual([]);
  });

  it('stops mailing a person who stops following', async () => {
    expect((await follow(owner, { orgId: acmeId, follows: false })).errors).toBeUndefined();
    await server.core.execute(openTicket, await actorOf(server.core, initiator.id), { orgId: acmeId, title: 'Slow search' });
    await runDue();
    expect(smtp.to(owner.email)).toEqual([]);
    expect(smtp.to(initiator.email)).toHaveLength(1);
  });

  it('puts every mail of a ticket in its thread, and a reply that only references the thread becomes a comment', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, initiator.id), { orgId: acmeId, title: 'Login loops' });
    await runDue();
    await move(ticket.id, 'AWAITING_CLIENT');
    await runDue();
    const root = `<ticket.${ticket.key.toLowerCase()}@vendor.example>`;
    const mails = smtp.to(initiator.email);
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.parsed.inReplyTo).toBe(root);
      expect(mail.parsed.references).toBe(root);
      // Without SUPPORT_ADDRESS there is no per-ticket reply address: a reply goes to MAIL_FROM.
      expect(mail.parsed.replyTo).toBeUndefined();
    }
    const { raw } = rawMail({
      from: 'ivan@acme.example',
      to: 'support@vendor.example',
      subject: `Re: ${mails[1]!.parsed.subject}`,
      inReplyTo: mails[1]!.parsed.messageId!.replace(/^<|>$/g, ''),
      references: `${root} ${mails[1]!.parsed.messageId}`,
      text: 'It loops after the second redirect.\n\nOn Mon, 23 Nov 2026, opsdesk wrote:\n> Your ticket is awaiting your reply.',
    });
    const response = await fetch(`${server.url}/hooks/email/mx`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${mailSecret}` }, body: raw });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ outcome: 'comment', ticketKey: ticket.key });
    const comments = await server.core.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
    expect(comments.map((c) => [c.authorId, c.door, c.body])).toEqual([[initiator.id, 'email', 'It loops after the second redirect.']]);
  });

  it('does not let a thread reference carry a sender of another org into the ticket', async () => {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, initiator.id), { orgId: acmeId, title: 'Quota exceeded' });
    const { raw } = rawMail({
      from: outsider.email,
      to: 'support@vendor.example',
      subject: 'Re: Quota exceeded',
      references: `<ticket.${ticket.key.toLowerCase()}@vendor.example>`,
      text: 'Let me in.',
    });
    const response = await fetch(`${server.url}/hooks/email/mx`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${mailSecret}` }, body: raw });
    // Globex's contact writing about Acme's ticket opens a ticket of Globex: Acme's ticket is as unknown to them as any.
    expect(await response.json()).toMatchObject({ outcome: 'ticket', ticketKey: expect.stringMatching(/^GLOBEX-/) });
    expect(await server.core.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id))).toEqual([]);
  });
});
