/**
 * Internal notes through GraphQL, and everything a client could read afterwards: the ticket and its
 * notes, the ticket's subscriptions (of the ticket and of the org), the org's audit trail, its
 * export and its verification. Provider staff see the note on each; the client on none, and their
 * chain still verifies.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, ticketNotes } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { codeOf, collect, eventually, gql, wsClient } from '../../support/clients.ts';
import { makeTicketCast } from '../../support/tickets.ts';

const NOTE_TEXT = 'Internal: the client is on the old version, do not promise a fix date';
const EVENT = `subscription($o: ID, $t: ID) { ticketEvents(orgId: $o, ticketId: $t) { type orgId ticketId payload } }`;

describe.each(backends)('internal notes through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  let ticket: { id: string; key: string };
  const call = (who: MadePerson | string, query: string, variables?: Record<string, unknown>) =>
    gql(server.url, typeof who === 'string' ? who : who.token, query, variables);
  const must = async (who: MadePerson | string, query: string, variables?: Record<string, unknown>) => {
    const response = await call(who, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const comment = (who: MadePerson, body: string) =>
    must(who, `mutation($t: ID!, $b: String!) { commentOnTicket(ticketId: $t, body: $b) { comment { id } } }`, { t: ticket.id, b: body });
  const addNote = (who: MadePerson, body: string) =>
    call(who, `mutation($t: ID!, $b: String!) { addTicketNote(ticketId: $t, body: $b) { ticket { key } note { id body door author { id name } } } }`, { t: ticket.id, b: body });
  const notesCount = async () => Number((await db.database.db.select({ n: sql<number>`count(*)::int` }).from(ticketNotes))[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeTicketCast(server.core);
    const opened = await must(cast.aContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Reports are slow" }) { id key } }`, { o: cast.a.id });
    ticket = opened.openTicket;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('lets provider staff add and read notes, and shows a client none, as if there were none', async () => {
    const added = await addNote(cast.providerAgent, NOTE_TEXT);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addTicketNote).toEqual({
      ticket: { key: ticket.key },
      note: { id: expect.any(String), body: NOTE_TEXT, door: 'graphql', author: { id: cast.providerAgent.id, name: expect.any(String) } },
    });
    const NOTES = `query($t: ID!) { ticket(id: $t) { key notes { body author { id } } comments { body } } }`;
    const byStaff = await must(cast.providerOncall, NOTES, { t: ticket.id });
    expect(byStaff.ticket.notes).toEqual([{ body: NOTE_TEXT, author: { id: cast.providerAgent.id } }]);
    for (const client of [cast.aContact, cast.aAdmin]) {
      const seen = await call(client, NOTES, { t: ticket.id });
      expect(seen.errors).toBeUndefined();
      expect(seen.data!.ticket).toEqual({ key: ticket.key, notes: [], comments: [] });
      expect(JSON.stringify(seen)).not.toContain(NOTE_TEXT);
    }
  });

  it('refuses a note from the client (FORBIDDEN) and from another org (NOT_FOUND), writing nothing', async () => {
    const before = await notesCount();
    const trail = async () => Number((await db.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents)).at(0)!.n);
    const trailBefore = await trail();
    expect(codeOf(await addNote(cast.aContact, 'I am not staff'))).toBe('FORBIDDEN');
    expect(codeOf(await addNote(cast.aAdmin, 'Nor am I'))).toBe('FORBIDDEN');
    expect(codeOf(await addNote(cast.bContact, 'Who are you?'))).toBe('NOT_FOUND');
    expect(codeOf(await addNote(cast.providerAgent, '   '))).toBe('INVALID_INPUT');
    expect(await notesCount()).toBe(before);
    expect(await trail()).toBe(trailBefore);
    const other = await call(cast.bContact, `query($t: ID!) { ticket(id: $t) { notes { body } } }`, { t: ticket.id });
    expect(codeOf(other)).toBe('NOT_FOUND');
  });

  it("pushes a note's event to staff subscriptions and to no client subscription", async () => {
    const sockets = [cast.providerAgent, cast.aContact, cast.aAdmin].map((who) => wsClient(server.url, who.token));
    const [staffWs, contactWs, adminWs] = sockets as [ReturnType<typeof wsClient>, ReturnType<typeof wsClient>, ReturnType<typeof wsClient>];
    try {
      const streams = {
        staffByOrg: collect(staffWs, EVENT, { o: cast.a.id }),
        staffByTicket: collect(staffWs, EVENT, { t: ticket.id }),
        contactByOrg: collect(contactWs, EVENT, { o: cast.a.id }),
        contactByTicket: collect(contactWs, EVENT, { t: ticket.id }),
        adminByTicket: collect(adminWs, EVENT, { t: ticket.id }),
        adminOrgEvents: collect(adminWs, `subscription($o: ID!) { ticketEvents: events(orgId: $o) { type payload } }`, { o: cast.a.id }),
      };
      const all = Object.values(streams);
      // Comment until every subscription has one: then each is registered, whatever the machine's load.
      await eventually(async () => {
        if (all.every((s) => s.received.length > 0)) return true;
        await comment(cast.providerAgent, 'Looking into it');
        await new Promise((r) => setTimeout(r, 200));
        return false;
      });
      for (const s of all) s.received.splice(0);

      expect((await addNote(cast.providerAgent, `${NOTE_TEXT} (live)`)).errors).toBeUndefined();
      // Events reach a subscriber in commit order: once the comment after the note is there, the note would have been.
      await comment(cast.aContact, 'Any news?');
      for (const s of all) await s.until(() => s.received.some((r) => r.ticketEvents.type === 'ticket.commented'));

      for (const staff of [streams.staffByOrg, streams.staffByTicket]) {
        expect(staff.received.map((r) => r.ticketEvents.type)).toEqual(['ticket.note_added', 'ticket.commented']);
        expect(staff.received[0].ticketEvents).toMatchObject({ orgId: cast.a.id, ticketId: ticket.id, payload: { body: `${NOTE_TEXT} (live)`, key: ticket.key } });
      }
      for (const client of [streams.contactByOrg, streams.contactByTicket, streams.adminByTicket, streams.adminOrgEvents]) {
        expect(client.received.map((r) => r.ticketEvents.type)).toEqual(['ticket.commented']);
        expect(JSON.stringify(client.received)).not.toContain(NOTE_TEXT);
        expect(client.errors).toEqual([]);
      }
    } finally {
      await Promise.all(sockets.map((s) => s.dispose()));
    }
  });

  it("keeps note events on the provider's chain: the client's trail, export and verification hold no note, and still verify", async () => {
    const AUDIT = `query($o: ID!, $action: String) { auditEvents(filter: { orgId: $o, action: $action }, first: 200) { nodes { action subjectId data } pageInfo { hasNextPage } } }`;
    const clientTrail = await must(cast.aAdmin, AUDIT, { o: cast.a.id });
    expect(clientTrail.auditEvents.pageInfo.hasNextPage).toBe(false);
    const actions = clientTrail.auditEvents.nodes.map((n: { action: string }) => n.action);
    expect(actions).toContain('ticket.commented');
    expect(actions).not.toContain('ticket.note_added');
    expect(JSON.stringify(clientTrail)).not.toContain(NOTE_TEXT);

    const verified = await must(cast.aAdmin, `query($o: ID!) { verifyAuditTrail(orgId: $o) { ok } }`, { o: cast.a.id });
    expect(verified.verifyAuditTrail.ok).toBe(true);

    const exported = await fetch(`${server.url}/audit/export/${cast.a.id}`, { method: 'POST', headers: { authorization: `Bearer ${cast.aAdmin.token}` } });
    expect(exported.status).toBe(200);
    const lines = await exported.text();
    expect(lines).toContain('ticket.commented');
    expect(lines).not.toContain('ticket.note_added');
    expect(lines).not.toContain(NOTE_TEXT);

    // The provider's trail keeps each note, naming its ticket and org, and verifies too.
    const providerTrail = await must(server.adminToken, AUDIT, { o: server.core.providerId, action: 'ticket.note_added' });
    const notes = providerTrail.auditEvents.nodes;
    expect(notes.length).toBeGreaterThanOrEqual(2);
    expect(notes[0]).toMatchObject({ subjectId: ticket.id, data: { ticketOrgId: cast.a.id, key: ticket.key, body: NOTE_TEXT } });
    const providerVerified = await must(server.adminToken, `query($o: ID!) { verifyAuditTrail(orgId: $o) { ok } }`, { o: server.core.providerId });
    expect(providerVerified.verifyAuditTrail.ok).toBe(true);
    // And in the database itself, nothing of a note is on the client's chain.
    const inClientChain = await db.database.db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.chainId, cast.a.id));
    expect(inClientChain.length).toBeGreaterThan(0);
    expect(inClientChain.filter((row) => row.action === 'ticket.note_added' || JSON.stringify(row.data).includes(NOTE_TEXT))).toEqual([]);
  });
});
