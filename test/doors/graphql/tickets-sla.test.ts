/**
 * The deeper SLA and satisfaction through GraphQL: the client's own subscription carries each pause
 * and resume of the SLA clock, the ticket shows its resolution clock and pauses, an initiator rates
 * a closed ticket once (nobody else can), and the SLA report carries the month's satisfaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer, type MadePerson } from '../../support/server.ts';
import { codeOf, collect, eventually, gql, wsClient } from '../../support/clients.ts';
import { makeTicketCast } from '../../support/tickets.ts';
import { monthOf } from '../../../core/reports/index.ts';

describe.each(backends)('SLA pauses and satisfaction through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const call = async (who: MadePerson, query: string, variables?: Record<string, unknown>) => gql(server.url, who.token, query, variables);
  const must = async (who: MadePerson, query: string, variables?: Record<string, unknown>) => {
    const response = await call(who, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const move = (ticketId: string, status: string) =>
    must(cast.providerAgent, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: ${status}) { status } }`, { t: ticketId });

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeTicketCast(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it("pushes each pause and resume to the client's subscription and shows them on the ticket", async () => {
    const opened = await must(cast.aContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Sync stuck", proposedSeverity: HIGH }) { id } }`, { o: cast.a.id });
    const ticketId = opened.openTicket.id;
    await must(cast.providerAgent, `mutation($t: ID!) { acceptSeverity(ticketId: $t) { severity } }`, { t: ticketId });
    const clientWs = wsClient(server.url, cast.aContact.token);
    try {
      const events = collect(clientWs, `subscription($t: ID) { ticketEvents(ticketId: $t) { type payload } }`, { t: ticketId });
      // The subscription is live once it carries something: the provider comments until one arrives.
      await eventually(async () => {
        await must(cast.providerAgent, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "Looking into it") { ticket { id } } }`, { t: ticketId });
        return events.received.length > 0;
      });
      await move(ticketId, 'AWAITING_CLIENT');
      await must(cast.aContact, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "Done, try again") { ticket { status } } }`, { t: ticketId });
      await events.until(() => events.received.some((e) => e.ticketEvents.type === 'ticket.sla_resumed'));
      const types = events.received.map((e) => e.ticketEvents.type);
      expect(types.filter((t) => t.startsWith('ticket.sla_'))).toEqual(['ticket.sla_paused', 'ticket.sla_resumed']);
      expect(types.indexOf('ticket.sla_paused')).toBeGreaterThan(types.indexOf('ticket.status_changed'));
    } finally {
      await clientWs.dispose();
    }
    const shown = await must(cast.aContact, `query($t: ID!) { ticket(id: $t) { resolution { minutes clock pausedAt dueAt metAt } slaPauses { pausedAt resumedAt pausedMinutes } } }`, { t: ticketId });
    expect(shown.ticket.resolution).toMatchObject({ minutes: 5400, clock: 'WORKING', pausedAt: null, metAt: null });
    expect(shown.ticket.slaPauses).toHaveLength(1);
    expect(shown.ticket.slaPauses[0].resumedAt).not.toBeNull();
    // A list reads every ticket's clock at once; another org's people see none of it.
    const listed = await must(cast.providerAgent, `query($o: ID!) { tickets(filter: { orgId: $o }) { nodes { id slaPauses { pausedAt } satisfaction { canRate } } } }`, { o: cast.a.id });
    expect(listed.tickets.nodes.find((n: { id: string }) => n.id === ticketId).slaPauses).toHaveLength(1);
    expect(codeOf(await call(cast.bContact, `query($t: ID!) { ticket(id: $t) { slaPauses { pausedAt } } }`, { t: ticketId }))).toBe('NOT_FOUND');
  });

  it('lets the initiator rate a closed ticket once, and the report shows it', async () => {
    const opened = await must(cast.aContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Typo in invoice" }) { id } }`, { o: cast.a.id });
    const ticketId = opened.openTicket.id;
    await move(ticketId, 'RESOLVED');
    const early = await call(cast.aContact, `mutation($t: ID!) { rateTicket(ticketId: $t, score: 5) { id } }`, { t: ticketId });
    expect(codeOf(early)).toBe('INVALID_TRANSITION');
    const closed = await must(cast.aContact, `mutation($t: ID!) { approveClosure(ticketId: $t) { closedAt satisfaction { canRate rating { score } } } }`, { t: ticketId });
    expect(closed.approveClosure.satisfaction).toEqual({ canRate: true, rating: null });

    expect(codeOf(await call(cast.aSecond, `mutation($t: ID!) { rateTicket(ticketId: $t, score: 1) { id } }`, { t: ticketId }))).toBe('FORBIDDEN');
    expect(codeOf(await call(cast.bContact, `mutation($t: ID!) { rateTicket(ticketId: $t, score: 1) { id } }`, { t: ticketId }))).toBe('NOT_FOUND');
    expect(codeOf(await call(cast.aContact, `mutation($t: ID!) { rateTicket(ticketId: $t, score: 0) { id } }`, { t: ticketId }))).toBe('INVALID_INPUT');
    const rated = await must(cast.aContact, `mutation($t: ID!) { rateTicket(ticketId: $t, score: 4, comment: "Fixed the same day") { satisfaction { canRate rating { score comment } } } }`, { t: ticketId });
    expect(rated.rateTicket.satisfaction).toEqual({ canRate: false, rating: { score: 4, comment: 'Fixed the same day' } });
    expect(codeOf(await call(cast.aContact, `mutation($t: ID!) { rateTicket(ticketId: $t, score: 5) { id } }`, { t: ticketId }))).toBe('INVALID_TRANSITION');

    const month = monthOf(new Date(closed.approveClosure.closedAt), 'Europe/Stockholm');
    const report = await must(cast.aAdmin, `query($o: ID!, $m: String!) { slaReport(orgId: $o, month: $m) { satisfaction { ratings average distribution } } }`, { o: cast.a.id, m: month });
    expect(report.slaReport.satisfaction).toEqual({ ratings: 1, average: 4, distribution: [0, 0, 0, 1, 0] });
  });

  it('lets only provider admins set resolution targets', async () => {
    const set = await must(cast.providerAdmin, `mutation($o: ID!) { setResolutionTarget(orgId: $o, severity: MEDIUM, minutes: 2700) { orgId severity minutes clock } }`, { o: cast.b.id });
    expect(set.setResolutionTarget).toEqual({ orgId: cast.b.id, severity: 'MEDIUM', minutes: 2700, clock: 'WORKING' });
    expect(codeOf(await call(cast.bAdmin, `mutation($o: ID!) { setResolutionTarget(orgId: $o, severity: MEDIUM, minutes: 1) { minutes } }`, { o: cast.b.id }))).toBe('FORBIDDEN');
    expect(codeOf(await call(cast.providerAgent, `mutation($o: ID!) { setResolutionTarget(orgId: $o, severity: MEDIUM, minutes: 1) { minutes } }`, { o: cast.b.id }))).toBe('FORBIDDEN');
  });
});
