/**
 * Hard bounces, through a real SMTP server: a recipient the server refuses for good (5xx) marks the
 * person's address as bouncing (a core command, on the org's trail), what still waits for it is given
 * up, nothing more is sent to it, the org's admins see it in GraphQL (`Person.emailBouncing`) and
 * clear it, and then mail flows again. A refusal for now (4xx) is no bounce.
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

const BOUNCING = `query($orgId: ID!) { people(orgId: $orgId) { id emailBouncing { address since reason } } }`;
const CLEAR = `mutation($p: ID!) { clearEmailBounce(personId: $p) }`;

describe.each(backends)('bounced addresses on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let acmeId: string;
  let gone: MadePerson;
  let busy: MadePerson;
  let colleague: MadePerson;
  let admin: MadePerson;
  let agent: MadePerson;

  const runDue = () => door.sender.runDue();
  const open = async (who: MadePerson, title: string) => server.core.execute(openTicket, await actorOf(server.core, who.id), { orgId: acmeId, title });
  const move = async (ticketId: string, status: 'AWAITING_CLIENT' | 'RESOLVED') =>
    server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId, status });
  const bounceSeenBy = async (who: MadePerson, personId: string) => {
    const res = await gql<{ people: { id: string; emailBouncing: { address: string; since: string; reason: string } | null }[] }>(
      server.url,
      who.token,
      BOUNCING,
      { orgId: acmeId },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.people.find((p) => p.id === personId)!.emailBouncing;
  };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'support@vendor.example' },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    gone = await makePerson(server.core, acmeId, ['contact'], { name: 'Gone Mailbox' });
    busy = await makePerson(server.core, acmeId, ['contact'], { name: 'Busy Mailbox' });
    colleague = await makePerson(server.core, acmeId, ['contact'], { name: 'Col League' });
    admin = await makePerson(server.core, acmeId, ['space_admin'], { name: 'Ada Admin' });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent' });
    await runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('marks an address the server refuses for good, gives up what waits for it, and sends it nothing more', async () => {
    smtp.refuse(gone.email, 550, '5.1.1 no such mailbox');
    const first = await open(gone, 'Exports fail');
    await move(first.id, 'AWAITING_CLIENT'); // queued behind the first, in the same lane
    await runDue();
    expect(smtp.to(gone.email)).toEqual([]);

    const bounce = await bounceSeenBy(admin, gone.id);
    expect(bounce).toMatchObject({ address: gone.email, since: clock.now().toISOString() });
    expect(bounce!.reason).toMatch(/550.*no such mailbox/);
    // Only the org's admins see it.
    expect(await bounceSeenBy(colleague, gone.id)).toBeNull();
    expect(await bounceSeenBy(gone, gone.id)).toBeNull();

    // The server would take it now, but the address is marked: nothing is queued for it.
    smtp.accept(gone.email);
    await move(first.id, 'RESOLVED');
    await open(gone, 'Another one');
    await runDue();
    expect(smtp.to(gone.email)).toEqual([]);

    const trail = await gql<{ auditEvents: { nodes: { actorId: string; door: string; data: Record<string, unknown> }[] } }>(
      server.url,
      admin.token,
      `query($o: ID!) { auditEvents(filter: { orgId: $o, action: "person.email_bounced" }) { nodes { actorId door data } } }`,
      { o: acmeId },
    );
    expect(trail.data!.auditEvents.nodes).toEqual([
      { actorId: 'email', door: 'email', data: expect.objectContaining({ address: gone.email, source: 'smtp', reason: expect.stringMatching(/550/) }) },
    ]);
  });

  it('lets only an admin clear the mark, and then mail reaches the address again', async () => {
    expect(codeOf(await gql(server.url, colleague.token, CLEAR, { p: gone.id }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(server.url, gone.token, CLEAR, { p: gone.id }))).toBe('FORBIDDEN');
    const cleared = await gql(server.url, admin.token, CLEAR, { p: gone.id });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.clearEmailBounce).toBe(true);
    expect(codeOf(await gql(server.url, admin.token, CLEAR, { p: gone.id }))).toBe('CONFLICT');
    expect(await bounceSeenBy(admin, gone.id)).toBeNull();

    const ticket = await open(gone, 'Back again');
    await runDue();
    expect(smtp.to(gone.email).map((m) => m.parsed.subject)).toEqual([`[${ticket.key}] Ticket received: Back again`]);
  });

  it('does not mark an address the server refuses only for now (4xx): the message is retried', async () => {
    smtp.refuse(busy.email, 451, '4.2.1 mailbox busy');
    const ticket = await open(busy, 'Try later');
    await runDue();
    expect(smtp.to(busy.email)).toEqual([]);
    expect(await bounceSeenBy(admin, busy.id)).toBeNull();

    smtp.accept(busy.email);
    clock.advance(31 * 60_000);
    await runDue();
    expect(smtp.to(busy.email).map((m) => m.parsed.subject)).toEqual([`[${ticket.key}] Ticket received: Try later`]);
  });
});
