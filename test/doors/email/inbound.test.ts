import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { addPerson, createApiToken } from '../../../core/directory/index.ts';
import { verifyChain } from '../../../core/audit/verify.ts';
import { auditEvents, mailMessages, mailQuarantine, ticketComments, tickets } from '../../../db/schema.ts';
import { codeOf, collect, gql, wsClient } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { AUTHSERV, SUPPORT, makeMailSource, passFor, rawMail, type RawMailOptions } from '../../support/mail.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../../support/server.ts';

const MAX = 64 * 1024;

describe.each(backends)('inbound email through POST /hooks/email/:source on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let secret: string;
  let acme: { id: string };
  let alice: { id: string; token: string };
  let bob: { id: string };

  const post = (body: string | Buffer, options: { secret?: string | null; type?: string; source?: string } = {}) =>
    fetch(`${server.url}/hooks/email/${options.source ?? 'mailgun'}`, {
      method: 'POST',
      headers: {
        'content-type': options.type ?? 'message/rfc822',
        ...(options.secret === null ? {} : { authorization: `Bearer ${options.secret ?? secret}` }),
      },
      body,
    });
  const send = async (options: RawMailOptions) => {
    const { raw, messageId } = rawMail(options);
    const response = await post(raw);
    return { status: response.status, body: (await response.json()) as Record<string, any>, messageId, raw };
  };
  const sql = () => server.core.database.db;
  const counts = async () => ({
    tickets: (await sql().select({ n: count() }).from(tickets))[0]!.n,
    comments: (await sql().select({ n: count() }).from(ticketComments))[0]!.n,
    quarantine: (await sql().select({ n: count() }).from(mailQuarantine))[0]!.n,
    messages: (await sql().select({ n: count() }).from(mailMessages))[0]!.n,
  });
  const person = async (orgId: string, email: string, name: string) => {
    const cli = systemActor('cli', 'cli', `test-${randomUUID()}`);
    const made = await server.core.execute(addPerson, cli, { orgId, name, email, roles: ['contact'] });
    const { token } = await server.core.execute(createApiToken, cli, { personId: made.id, label: 'test' });
    return { id: made.id, token };
  };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { EMAIL_AUTHSERV_ID: AUTHSERV, SUPPORT_ADDRESS: SUPPORT, EMAIL_WEBHOOK_MAX_BYTES: String(MAX) },
    });
    secret = (await makeMailSource(server.core, 'mailgun')).secret;
    acme = await makeClientOrg(server.core, 'acme');
    const globex = await makeClientOrg(server.core, 'globex');
    alice = await person(acme.id, 'alice@acme.example', 'Alice Andersson');
    bob = await person(globex.id, 'bob@globex.example', 'Bob Berg');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  let first: { key: string; id: string; messageId: string };

  it('turns a mail to support from a vouched-for contact into a ticket of their org, opened by them through door email', async () => {
    const sent = await send({ from: 'Alice@Acme.example', subject: 'Exports are empty', text: 'Since this morning every export is empty.\n\n-- \nAlice Andersson\nAcme' });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ outcome: 'ticket', ticketKey: 'ACME-1', messageId: sent.messageId });
    const [ticket] = await sql().select().from(tickets).where(eq(tickets.key, 'ACME-1'));
    expect(ticket).toMatchObject({ orgId: acme.id, initiatorId: alice.id, title: 'Exports are empty', description: 'Since this morning every export is empty.', status: 'RECEIVED' });
    const [event] = await sql().select().from(auditEvents).where(eq(auditEvents.subjectId, ticket!.id));
    expect(event).toMatchObject({ action: 'ticket.opened', door: 'email', actorType: 'person', actorId: alice.id, orgId: acme.id });
    first = { key: ticket!.key, id: ticket!.id, messageId: sent.messageId };
  });

  it('takes a re-delivered mail once: the second delivery answers 200 "duplicate" and writes nothing', async () => {
    const before = await counts();
    const { raw } = rawMail({ from: 'alice@acme.example', messageId: first.messageId });
    const again = await post(raw);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
    expect(await counts()).toEqual(before);
  });

  it("makes a reply (In-Reply-To the ticket's mail) a comment without the quoted history and signature, listing attachments, live on the ticket's GraphQL subscription", async () => {
    const ws = wsClient(server.url, alice.token);
    try {
      const events = collect(ws, `subscription($t: ID) { ticketEvents(ticketId: $t) { type payload } }`, { t: first.id });
      await new Promise((r) => setTimeout(r, 150));
      const sent = await send({
        from: 'alice@acme.example',
        subject: 'Re: Exports are empty',
        inReplyTo: first.messageId,
        references: `<${first.messageId}>`,
        text: 'It started at 08:10, see the log.\n\nOn Thu, 3 Dec 2026 at 09:00, Support <support@desk.example> wrote:\n> What time did it start?\n> \n\n-- \nAlice',
        attachments: [{ name: 'export.log', content: 'x'.repeat(2048) }],
      });
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ outcome: 'comment', ticketKey: 'ACME-1' });
      const comments = await sql().select().from(ticketComments).where(eq(ticketComments.ticketId, first.id));
      expect(comments).toHaveLength(1);
      expect(comments[0]).toMatchObject({ authorId: alice.id, side: 'client', door: 'email', body: 'It started at 08:10, see the log.\n\nAttached: export.log (2.0 KB)' });
      await events.until(() => events.received.some((r) => r.ticketEvents.type === 'ticket.commented'));
      const commented = events.received.find((r) => r.ticketEvents.type === 'ticket.commented')!;
      expect(commented.ticketEvents.payload).toMatchObject({ door: 'email', authorName: 'Alice Andersson', body: comments[0]!.body });
    } finally {
      await ws.dispose();
    }
  });

  it('makes a mail to the per-ticket reply address (support+ACME-1@...) a comment on that ticket', async () => {
    const sent = await send({ from: 'alice@acme.example', to: 'support+acme-1@desk.example', subject: 'more', text: 'Still empty today.' });
    expect(sent.body).toMatchObject({ outcome: 'comment', ticketKey: 'ACME-1' });
    const comments = await sql().select().from(ticketComments).where(eq(ticketComments.ticketId, first.id));
    expect(comments.map((c) => c.body)).toContain('Still empty today.');
  });

  it('quarantines forged and unvouched senders, with the reason, and writes nothing to tickets', async () => {
    const before = await counts();
    const cases: Array<[RawMailOptions, RegExp]> = [
      [{ from: 'alice@acme.example', authResults: [] }, /no Authentication-Results from mx\.desk\.example/],
      [{ from: 'alice@acme.example', authResults: [`${AUTHSERV}; spf=fail smtp.mailfrom=acme.example; dkim=fail header.d=acme.example; dmarc=fail header.from=acme.example`] }, /did not vouch for acme\.example: dkim=fail/],
      // Somebody else's server said pass; ours said nothing.
      [{ from: 'alice@acme.example', authResults: [passFor('alice@acme.example', 'mx.evil.example')] }, /no Authentication-Results from mx\.desk\.example/],
      // Ours (topmost) said fail; a pass the sender wrote lower down does not count.
      [{ from: 'alice@acme.example', authResults: [`${AUTHSERV}; dmarc=fail header.from=acme.example`, passFor('alice@acme.example')] }, /did not vouch/],
      // DKIM passed, but for another domain than From's.
      [{ from: 'alice@acme.example', authResults: [`${AUTHSERV}; dkim=pass header.d=evil.example; dmarc=fail header.from=acme.example`] }, /did not vouch for acme\.example/],
      // Vouched for, but nobody of any client org.
      [{ from: 'mallory@acme.example' }, /mallory@acme\.example is not a person of any client organisation/],
      // A reply address that names no ticket, and another org's ticket.
      [{ from: 'alice@acme.example', to: 'support+acme-999@desk.example' }, /unknown reply address support\+acme-999@desk\.example/],
      [{ from: 'bob@globex.example', to: 'support+acme-1@desk.example' }, /unknown reply address/],
    ];
    for (const [options, reason] of cases) {
      const sent = await send(options);
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      expect(sent.body.outcome).toBe('quarantined');
      expect(sent.body.reason).toMatch(reason);
      const [row] = await sql().select().from(mailQuarantine).where(eq(mailQuarantine.messageId, sent.messageId.toLowerCase()));
      expect(row).toMatchObject({ sender: options.from, status: 'HELD', source: 'mailgun' });
      expect(row!.reason).toMatch(reason);
    }
    const after = await counts();
    expect(after).toEqual({ ...before, quarantine: before.quarantine + cases.length, messages: before.messages + cases.length });
    const trail = await sql().select().from(auditEvents).where(eq(auditEvents.action, 'mail.quarantined'));
    expect(trail).toHaveLength(cases.length);
    expect(trail[0]).toMatchObject({ door: 'email', actorType: 'system', actorId: 'email', orgId: null });
  });

  it('accepts DKIM aligned on the organisational domain (a subdomain signed) without DMARC', async () => {
    const sent = await send({ from: 'alice@acme.example', authResults: [`${AUTHSERV}; dkim=pass header.d=mail.acme.example`], subject: 'Second issue' });
    expect(sent.body).toMatchObject({ outcome: 'ticket', ticketKey: 'ACME-2' });
  });

  it('drops automatic mail (auto-replies, lists, bounces) with 202 and writes nothing, so no loop starts', async () => {
    const before = await counts();
    for (const options of [
      { from: 'alice@acme.example', extraHeaders: ['Auto-Submitted: auto-replied'] },
      { from: 'alice@acme.example', extraHeaders: ['Precedence: bulk'] },
      { from: 'alice@acme.example', extraHeaders: ['Return-Path: <>'] },
      { from: 'MAILER-DAEMON@acme.example' },
    ]) {
      const sent = await send(options);
      expect(sent.status).toBe(202);
      expect(sent.body.outcome).toBe('dropped');
    }
    // Auto-Submitted: no is a person's mail.
    expect((await send({ from: 'alice@acme.example', extraHeaders: ['Auto-Submitted: no'], subject: 'Third' })).body.outcome).toBe('ticket');
    const after = await counts();
    expect(after.quarantine).toBe(before.quarantine);
    expect(after.tickets).toBe(before.tickets + 1);
  });

  it('refuses what is not a mail (400), too large (413), the wrong content type (415) or secret (401), and writes nothing', async () => {
    const before = await counts();
    const notMail = await post('hello, this is not a mail\r\n');
    expect(notMail.status).toBe(400);
    expect(await notMail.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'malformed MIME message: it does not start with a header field ("Name: value")' } });
    const noFrom = await post('Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n');
    expect(noFrom.status).toBe(400);
    expect(((await noFrom.json()) as any).error.message).toBe('malformed MIME message: it has no From address');
    const empty = await post('');
    expect(empty.status).toBe(400);
    const huge = await post(rawMail({ from: 'alice@acme.example', text: 'y'.repeat(MAX + 1) }).raw);
    expect(huge.status).toBe(413);
    const json = await post('{}', { type: 'application/json' });
    expect(json.status).toBe(415);
    for (const secretTried of ['oms_wrong', null]) {
      const refused = await post(rawMail({ from: 'alice@acme.example' }).raw, { secret: secretTried });
      expect(refused.status).toBe(401);
    }
    expect((await post(rawMail({ from: 'alice@acme.example' }).raw, { source: 'nope' })).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('quarantines a reply to a closed ticket rather than half-write it, and keeps every chain verifiable', async () => {
    await sql().update(tickets).set({ status: 'CLOSED' }).where(eq(tickets.key, 'ACME-2'));
    const sent = await send({ from: 'alice@acme.example', to: 'support+ACME-2@desk.example', text: 'one more thing' });
    expect(sent.body.outcome).toBe('quarantined');
    expect(sent.body.reason).toBe('could not be added to ACME-2: ACME-2 is closed, so you cannot comment on it');
    expect((await verifyChain(sql(), acme.id)).ok).toBe(true);
    expect((await verifyChain(sql(), server.core.providerId!)).ok).toBe(true);
    void bob;
  });

  it('lets support staff list, assign (as a new ticket or a comment) and drop quarantined mail over GraphQL, audited; others are refused', async () => {
    const agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Sam Support' });
    const oncall = await makePerson(server.core, server.core.providerId!, ['oncall']);
    const list = `query { mailQuarantine { id sender subject reason status attachments { name size } } }`;
    expect(codeOf(await gql(server.url, alice.token, list))).toBe('NOT_FOUND');
    expect(codeOf(await gql(server.url, oncall.token, list))).toBe('FORBIDDEN');
    const withFile = await send({ from: 'carol@acme.example', subject: 'From my new address', text: 'Exports still empty.', attachments: [{ name: 'shot.png', content: 'p'.repeat(100) }] });
    const listed = await gql(server.url, agent.token, list);
    expect(listed.errors).toBeUndefined();
    const held = listed.data!.mailQuarantine as Array<Record<string, any>>;
    expect(held.every((m) => m.status === 'HELD')).toBe(true);
    const carol = held.find((m) => m.sender === 'carol@acme.example')!;
    expect(carol).toMatchObject({ subject: 'From my new address', reason: 'carol@acme.example is not a person of any client organisation', attachments: [{ name: 'shot.png', size: 100 }] });

    const assign = `mutation($id: ID!, $org: ID, $t: ID) { assignQuarantinedMail(id: $id, orgId: $org, ticketId: $t) { mail { status ticketId } ticket { key title description } } }`;
    expect(codeOf(await gql(server.url, agent.token, assign, { id: carol.id }))).toBe('INVALID_INPUT');
    const assigned = await gql(server.url, agent.token, assign, { id: carol.id, org: acme.id });
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignQuarantinedMail.ticket).toMatchObject({ key: 'ACME-4', title: 'From my new address' });
    expect(assigned.data!.assignQuarantinedMail.ticket.description).toBe(
      'Mail from Sender <carol@acme.example>, held in quarantine (carol@acme.example is not a person of any client organisation):\n\nExports still empty.\n\nAttachments (not stored): shot.png (100 B)',
    );
    expect(codeOf(await gql(server.url, agent.token, assign, { id: carol.id, org: acme.id }))).toBe('INVALID_TRANSITION');

    // A later reply in that mail's thread finds the ticket now (once its sender is vouched for and known).
    const other = held.find((m) => m.sender === 'mallory@acme.example')!;
    const asComment = await gql(server.url, agent.token, assign, { id: other.id, t: first.id });
    expect(asComment.errors).toBeUndefined();
    expect(asComment.data!.assignQuarantinedMail.mail).toEqual({ status: 'ASSIGNED', ticketId: first.id });
    const [staffComment] = await sql().select().from(ticketComments).where(eq(ticketComments.authorId, agent.id));
    expect(staffComment).toMatchObject({ ticketId: first.id, side: 'provider', door: 'graphql' });

    const forged = held.find((m) => m.reason.startsWith('no Authentication-Results'))!;
    const dropped = await gql(server.url, agent.token, `mutation($id: ID!) { dropQuarantinedMail(id: $id, reason: "phishing") { status resolvedById } }`, { id: forged.id });
    expect(dropped.data!.dropQuarantinedMail).toEqual({ status: 'DROPPED', resolvedById: agent.id });
    const trail = await sql().select().from(auditEvents).where(eq(auditEvents.actorId, agent.id)).orderBy(auditEvents.seq);
    expect(trail.filter((e) => e.action.startsWith('ticket.')).map((e) => e.action)).toEqual(['ticket.opened', 'ticket.commented']);
    expect(trail.filter((e) => e.action.startsWith('mail.')).map((e) => [e.action, e.door, e.orgId])).toEqual([
      ['mail.assigned', 'graphql', null],
      ['mail.assigned', 'graphql', null],
      ['mail.dropped', 'graphql', null],
    ]);
    void withFile;
  });

  it('takes one of many simultaneous deliveries of a mail; the others answer duplicate', async () => {
    const before = await counts();
    const { raw } = rawMail({ from: 'alice@acme.example', subject: 'Delivered five times at once' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(raw)));
    const outcomes = (await Promise.all(responses.map((r) => r.json()))) as Array<{ outcome: string }>;
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'ticket']);
    expect(await counts()).toEqual({ ...before, tickets: before.tickets + 1, messages: before.messages + 1 });
  });
});
