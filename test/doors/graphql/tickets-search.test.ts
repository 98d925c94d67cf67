/**
 * Ticket search through GraphQL: a client finds only their own org's tickets (by any of its words,
 * whoever else's words they try), highlights arrive escaped, and the filters and the date range
 * combine with the search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer, type MadePerson } from '../../support/server.ts';
import { codeOf, gql } from '../../support/clients.ts';
import { makeTicketCast } from '../../support/tickets.ts';

const HITS = `nodes { ticket { key org { id } } field highlightHtml highlight { text hit } } pageInfo { hasNextPage endCursor }`;

describe.each(backends)('ticket search through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  const must = async (who: MadePerson, query: string, variables?: Record<string, unknown>) => {
    const response = await gql(server.url, who.token, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const search = async (who: MadePerson, variables: Record<string, unknown>) =>
    (
      await must(
        who,
        `query($s: String!, $f: TicketFilter, $from: DateTime, $before: DateTime, $first: Int, $after: String) {
          searchTickets(search: $s, filter: $f, openedFrom: $from, openedBefore: $before, first: $first, after: $after) { ${HITS} } }`,
        variables,
      )
    ).searchTickets;
  const open = async (who: MadePerson, orgId: string, title: string, description = '') =>
    (await must(who, `mutation($o: ID!, $t: String!, $d: String) { openTicket(input: { orgId: $o, title: $t, description: $d }) { id key } }`, { o: orgId, t: title, d: description }))
      .openTicket as { id: string; key: string };
  const comment = (who: MadePerson, ticketId: string, body: string) =>
    must(who, `mutation($t: ID!, $b: String!) { commentOnTicket(ticketId: $t, body: $b) { comment { id } } }`, { t: ticketId, b: body });

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    cast = await makeTicketCast(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it("never shows a client of another org a ticket, whatever words or filter they try", async () => {
    const secret = await open(cast.aContact, cast.a.id, 'Flamingo payroll leak', 'the salary file of flamingo staff');
    await comment(cast.aContact, secret.id, 'password rotation for flamingo');
    const own = await open(cast.bContact, cast.b.id, 'Our own flamingo question');

    const forA = await search(cast.aContact, { s: 'flamingo' });
    expect(forA.nodes.map((hit: { ticket: { key: string } }) => hit.ticket.key)).toEqual([secret.key]);
    for (const words of ['flamingo', 'payroll', '"salary file"', 'password rotation', secret.key]) {
      const forB = await search(cast.bAdmin, { s: words });
      expect(forB.nodes.map((hit: { ticket: { key: string } }) => hit.ticket.key).filter((key: string) => key !== own.key)).toEqual([]);
    }
    expect((await search(cast.bContact, { s: 'payroll', f: { orgId: cast.a.id } })).nodes).toEqual([]);
    const forProvider = await search(cast.providerAgent, { s: 'flamingo' });
    expect(new Set(forProvider.nodes.map((hit: { ticket: { key: string } }) => hit.ticket.key))).toEqual(new Set([secret.key, own.key]));
  });

  it('ranks a title match above a comment match and sends highlights escaped', async () => {
    const inComment = await open(cast.aContact, cast.a.id, 'Slow reports');
    await comment(cast.aContact, inComment.id, 'pasting what the browser showed: <script>steal()</script> then "pangolin" <img src=x onerror=alert(1)>');
    const inTitle = await open(cast.aContact, cast.a.id, 'Pangolin <b>bold</b> title');

    const page = await search(cast.aContact, { s: 'pangolin' });
    expect(page.nodes.map((hit: { ticket: { key: string } }) => hit.ticket.key)).toEqual([inTitle.key, inComment.key]);
    expect(page.nodes[0]).toMatchObject({ field: 'TITLE', highlightHtml: '<mark>Pangolin</mark> &lt;b&gt;bold&lt;/b&gt; title' });
    expect(page.nodes[1].field).toBe('COMMENT');
    expect(page.nodes[1].highlightHtml).toContain('&lt;script&gt;steal()&lt;/script&gt; then &quot;<mark>pangolin</mark>&quot; &lt;img src=x onerror=alert');
    expect(page.nodes[1].highlightHtml).not.toMatch(/<(?!\/?mark>)/);
    expect(page.nodes[1].highlight).toContainEqual({ text: 'pangolin', hit: true });
  });

  it('finds last month\'s ticket by a phrase within a date range and the filters', async () => {
    clock.set('2026-10-14T10:00:00Z');
    const lastMonth = await open(cast.aContact, cast.a.id, 'Certificates', 'the renewal job reported a certificate chain mismatch on the gateway');
    clock.set('2026-11-03T10:00:00Z');
    const thisMonth = await open(cast.aContact, cast.a.id, 'Gateway chain', 'certificate chain mismatch again');
    const october = { from: '2026-10-01T00:00:00Z', before: '2026-11-01T00:00:00Z' };

    const byPhrase = await search(cast.providerAgent, { s: '"certificate chain mismatch"', ...october });
    expect(byPhrase.nodes.map((hit: { ticket: { key: string } }) => hit.ticket.key)).toEqual([lastMonth.key]);
    const both = await search(cast.providerAgent, { s: '"certificate chain mismatch"', f: { orgId: cast.a.id, status: [`RECEIVED`] } });
    expect(new Set(both.nodes.map((hit: { ticket: { key: string } }) => hit.ticket.key))).toEqual(new Set([lastMonth.key, thisMonth.key]));
    expect((await search(cast.providerAgent, { s: '"certificate chain mismatch"', f: { status: ['RESOLVED'] } })).nodes).toEqual([]);
  });

  it('refuses an empty search and a cursor of another list as INVALID_INPUT', async () => {
    const empty = await gql(server.url, cast.aContact.token, `{ searchTickets(search: "  ") { nodes { field } } }`);
    expect(codeOf(empty)).toBe('INVALID_INPUT');
    const listed = await must(cast.aContact, `{ tickets(first: 1) { pageInfo { endCursor } } }`);
    const foreign = await gql(server.url, cast.aContact.token, `query($a: String) { searchTickets(search: "x", after: $a) { nodes { field } } }`, {
      a: listed.tickets.pageInfo.endCursor,
    });
    expect(codeOf(foreign)).toBe('INVALID_INPUT');
  });
});
