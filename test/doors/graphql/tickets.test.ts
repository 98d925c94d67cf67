/**
 * Tickets through GraphQL: the whole lifecycle by two parties, the subscriptions, and every
 * refusal (wrong side, illegal move, another org's ticket, malformed input) with its code and
 * nothing written.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, startTestServer, type TestServer, type MadePerson } from '../../support/server.ts';
import { codeOf, collect, gql, wsClient } from '../../support/clients.ts';
import { makeTicketCast } from '../../support/tickets.ts';

const TICKET = `id key status statusLabel severity agreement proposal { severity by awaiting proposedBy { name } } assignee { id } initiator { id } slaDueAt`;

describe.each(backends)('tickets through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const call = async (who: MadePerson, query: string, variables?: Record<string, unknown>) => gql(server.url, who.token, query, variables);
  const must = async (who: MadePerson, query: string, variables?: Record<string, unknown>) => {
    const response = await call(who, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const open = (who: MadePerson, orgId: string, extra = '') =>
    must(who, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Export fails", description: "Since 09:00", kind: INCIDENT ${extra} }) { ${TICKET} } }`, { o: orgId }).then(
      (d) => d.openTicket,
    );
  const trailLength = async (orgId: string) =>
    Number((await db.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.chainId, orgId)))[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeTicketCast(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('carries a ticket from opening to closure between the client and the provider', async () => {
    const ticket = await open(cast.aContact, cast.a.id, ', proposedSeverity: HIGH');
    expect(ticket).toMatchObject({ status: 'RECEIVED', statusLabel: 'Ticket received', severity: null, agreement: 'proposed HIGH by client, awaiting provider' });
    expect(ticket.proposal).toMatchObject({ severity: 'HIGH', by: 'CLIENT', awaiting: 'PROVIDER', proposedBy: { name: expect.any(String) } });

    const countered = await must(cast.providerAgent, `mutation($t: ID!) { proposeSeverity(ticketId: $t, severity: MEDIUM) { ${TICKET} } }`, { t: ticket.id });
    expect(countered.proposeSeverity.agreement).toBe('proposed MEDIUM by provider, awaiting client');
    const agreed = await must(cast.aContact, `mutation($t: ID!) { acceptSeverity(ticketId: $t, severity: MEDIUM) { ${TICKET} } }`, { t: ticket.id });
    expect(agreed.acceptSeverity).toMatchObject({ severity: 'MEDIUM', agreement: 'agreed MEDIUM', proposal: null });

    const taken = await must(cast.providerAgent, `mutation($t: ID!) { assignTicket(ticketId: $t) { ${TICKET} } }`, { t: ticket.id });
    expect(taken.assignTicket).toMatchObject({ status: 'IN_PROGRESS', assignee: { id: cast.providerAgent.id } });
    await must(cast.providerAgent, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: AWAITING_CLIENT) { status } }`, { t: ticket.id });
    const reply = await must(cast.aContact, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "Here is the file") { ticket { status } comment { body side door author { id } } } }`, { t: ticket.id });
    expect(reply.commentOnTicket).toEqual({ ticket: { status: 'IN_PROGRESS' }, comment: { body: 'Here is the file', side: 'CLIENT', door: 'graphql', author: { id: cast.aContact.id } } });
    await must(cast.providerAgent, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: RESOLVED) { status } }`, { t: ticket.id });
    const closed = await must(cast.aContact, `mutation($t: ID!) { approveClosure(ticketId: $t) { status closedAt } }`, { t: ticket.id });
    expect(closed.approveClosure.status).toBe('CLOSED');

    const byKey = await must(cast.aContact, `query($k: String!) { ticketByKey(key: $k) { id comments { body } } }`, { k: ticket.key });
    expect(byKey.ticketByKey).toEqual({ id: ticket.id, comments: [{ body: 'Here is the file' }] });
  });

  it('lists tickets with filters and a cursor', async () => {
    await open(cast.aContact, cast.a.id);
    await open(cast.aContact, cast.a.id);
    const first = await must(cast.providerAgent, `query($o: ID!) { tickets(filter: { orgId: $o, status: [RECEIVED] }, first: 1) { nodes { key status } pageInfo { hasNextPage endCursor } } }`, { o: cast.a.id });
    expect(first.tickets.nodes).toHaveLength(1);
    expect(first.tickets.pageInfo.hasNextPage).toBe(true);
    const next = await must(cast.providerAgent, `query($o: ID!, $after: String) { tickets(filter: { orgId: $o, status: [RECEIVED] }, first: 1, after: $after) { nodes { key } } }`, { o: cast.a.id, after: first.tickets.pageInfo.endCursor });
    expect(next.tickets.nodes[0].key).not.toBe(first.tickets.nodes[0].key);
    const breached = await must(cast.providerAgent, `{ tickets(filter: { slaBreached: true }) { nodes { key } } }`);
    expect(breached.tickets.nodes).toEqual([]);
  });

  it('pushes ticket events to subscribers of the org and of the ticket, and only to those who may see them', async () => {
    const providerWs = wsClient(server.url, cast.providerAgent.token);
    const clientWs = wsClient(server.url, cast.aContact.token);
    const otherWs = wsClient(server.url, cast.bContact.token);
    try {
      const byOrg = collect(providerWs, `subscription($o: ID) { ticketEvents(orgId: $o) { type ticketId payload ticket { key status } } }`, { o: cast.a.id });
      await new Promise((r) => setTimeout(r, 100)); // let the subscription register, as the directory's suite does
      const ticket = await open(cast.aContact, cast.a.id);
      const byTicket = collect(clientWs, `subscription($t: ID) { ticketEvents(ticketId: $t) { type ticket { status } } }`, { t: ticket.id });
      const intruder = collect(otherWs, `subscription($t: ID) { ticketEvents(ticketId: $t) { type } }`, { t: ticket.id });
      await intruder.until(() => intruder.errors.length > 0);
      expect((intruder.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
      await byOrg.until(() => byOrg.received.length >= 1);
      await new Promise((r) => setTimeout(r, 100));
      await must(cast.providerAgent, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: IN_PROGRESS) { status } }`, { t: ticket.id });
      await byTicket.until(() => byTicket.received.length >= 1);
      expect(byTicket.received[0].ticketEvents).toEqual({ type: 'ticket.status_changed', ticket: { status: 'IN_PROGRESS' } });
      await byOrg.until(() => byOrg.received.length >= 2);
      expect(byOrg.received.map((r) => r.ticketEvents.type)).toEqual(['ticket.opened', 'ticket.status_changed']);
      expect(byOrg.received[1].ticketEvents.payload).toMatchObject({ from: 'RECEIVED', to: 'IN_PROGRESS', key: ticket.key });
      const otherOrg = collect(otherWs, `subscription($o: ID) { ticketEvents(orgId: $o) { type } }`, { o: cast.a.id });
      await otherOrg.until(() => otherOrg.errors.length > 0);
      expect((otherOrg.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
      const neither = collect(providerWs, `subscription { ticketEvents { type } }`);
      await neither.until(() => neither.errors.length > 0);
      expect((neither.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('INVALID_INPUT');
    } finally {
      await providerWs.dispose();
      await clientWs.dispose();
      await otherWs.dispose();
    }
  });

  describe('refusals carry a code and write nothing', () => {
    it('refuses each bad request with its code', async () => {
      const ticket = await open(cast.aContact, cast.a.id, ', proposedSeverity: LOW');
      const before = await trailLength(cast.a.id);
      const cases: Array<[MadePerson, string, Record<string, unknown>, string]> = [
        [cast.aContact, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: IN_PROGRESS) { status } }`, { t: ticket.id }, 'FORBIDDEN'],
        [cast.aContact, `mutation($t: ID!) { acceptSeverity(ticketId: $t) { status } }`, { t: ticket.id }, 'FORBIDDEN'],
        [cast.providerAgent, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: CLOSED) { status } }`, { t: ticket.id }, 'INVALID_TRANSITION'],
        [cast.aContact, `mutation($t: ID!) { approveClosure(ticketId: $t) { status } }`, { t: ticket.id }, 'INVALID_TRANSITION'],
        [cast.providerAgent, `mutation($t: ID!) { acceptSeverity(ticketId: $t, severity: HIGH) { status } }`, { t: ticket.id }, 'INVALID_TRANSITION'],
        [cast.bContact, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "hi") { comment { id } } }`, { t: ticket.id }, 'NOT_FOUND'],
        [cast.bAdmin, `mutation($t: ID!) { proposeSeverity(ticketId: $t, severity: URGENT) { status } }`, { t: ticket.id }, 'NOT_FOUND'],
        [cast.bContact, `query($t: ID!) { ticket(id: $t) { id } }`, { t: ticket.id }, 'NOT_FOUND'],
        [cast.bContact, `query($k: String!) { ticketByKey(key: $k) { id } }`, { k: ticket.key }, 'NOT_FOUND'],
        [cast.bContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "x" }) { id } }`, { o: cast.a.id }, 'NOT_FOUND'],
        [cast.aContact, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "   ") { comment { id } } }`, { t: ticket.id }, 'INVALID_INPUT'],
        [cast.aContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "" }) { id } }`, { o: cast.a.id }, 'INVALID_INPUT'],
        // An id that is no UUID is refused at the edge, before anything looks for it.
        [cast.aContact, `mutation { approveClosure(ticketId: "nope") { id } }`, {}, 'INVALID_INPUT'],
        [cast.aContact, `mutation($o: ID!) { setSlaTarget(orgId: $o, severity: LOW, minutes: 10) { minutes } }`, { o: cast.a.id }, 'FORBIDDEN'],
      ];
      for (const [who, query, variables, code] of cases) {
        const response = await call(who, query, variables);
        expect({ query, code: codeOf(response) }).toEqual({ query, code });
        expect(response.errors![0]!.message).not.toMatch(/select|insert|update|violat/i);
      }
      expect(await trailLength(cast.a.id)).toBe(before);
      expect(await trailLength(cast.b.id)).toBeGreaterThan(0);
    });

    it('shows a client only its own org in the list', async () => {
      await open(cast.bContact, cast.b.id);
      const listed = await must(cast.bContact, `{ tickets { nodes { key org { id } } } }`);
      expect(listed.tickets.nodes.length).toBeGreaterThan(0);
      expect(listed.tickets.nodes.every((n: { org: { id: string } }) => n.org.id === cast.b.id)).toBe(true);
      const aOnly = await must(cast.bContact, `query($o: ID!) { tickets(filter: { orgId: $o }) { nodes { key } } }`, { o: cast.a.id });
      expect(aOnly.tickets.nodes).toEqual([]);
    });

    it('lets the provider admin set an org target and reports it', async () => {
      const set = await must(cast.providerAdmin, `mutation($o: ID!) { setSlaTarget(orgId: $o, severity: LOW, minutes: 2700) { severity minutes clock } }`, { o: cast.b.id });
      expect(set.setSlaTarget).toEqual({ severity: 'LOW', minutes: 2700, clock: 'WORKING' });
      const someone: MadePerson = await makePerson(server.core, cast.b.id, ['contact']);
      expect(codeOf(await call(someone, `mutation($o: ID!) { setSlaTarget(orgId: $o, severity: LOW) { minutes } }`, { o: cast.b.id }))).toBe('FORBIDDEN');
    });
  });
});
