import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { changeTicketStatus, commentOnTicket, highlightHtml, openTicket, searchTickets } from '../../core/tickets/index.ts';
import { resultRows } from '../../db/client.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startCore } from '../support/core.ts';
import { actorOf, makeTicketCast } from '../support/tickets.ts';

describe.each(backends)('ticket search on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-10-05T09:00:00Z');
  const as = (p: { id: string }) => actorOf(core, p.id);
  const keysOf = (page: { nodes: Array<{ ticket: { key: string } }> }) => page.nodes.map((hit) => hit.ticket.key);
  const search = async (who: { id: string }, input: Parameters<typeof core.read<typeof searchTickets.input, unknown>>[2]) =>
    core.read(searchTickets, await as(who), input as never);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it("finds a client's tickets by their words for the client and provider staff, never for another org", async () => {
    const ticket = await core.execute(openTicket, await as(cast.aContact), {
      orgId: cast.a.id,
      title: 'Zebrafinch export stalls',
      description: 'The nightly job stops halfway',
    });
    await core.execute(commentOnTicket, await as(cast.aContact), { ticketId: ticket.id, body: 'Also the quokka report is blank' });

    expect(keysOf(await search(cast.aContact, { search: 'zebrafinch' }))).toEqual([ticket.key]);
    expect(keysOf(await search(cast.aSecond, { search: 'quokka' }))).toEqual([ticket.key]);
    expect(keysOf(await search(cast.providerAgent, { search: 'quokka' }))).toEqual([ticket.key]);
    expect(keysOf(await search(cast.bContact, { search: 'zebrafinch' }))).toEqual([]);
    expect(keysOf(await search(cast.bAdmin, { search: 'quokka' }))).toEqual([]);
    // Naming the other org in the filter changes nothing for a client of B.
    expect(keysOf(await search(cast.bContact, { search: 'quokka', orgId: cast.a.id }))).toEqual([]);
    // Provider staff narrow to one org.
    expect(keysOf(await search(cast.providerAgent, { search: 'quokka', orgId: cast.b.id }))).toEqual([]);
    expect(keysOf(await search(cast.providerAgent, { search: ticket.key }))).toEqual([ticket.key]);
  });

  it('ranks a title match above a description match above a comment match, and highlights the matching field', async () => {
    const contact = await as(cast.aContact);
    const inComment = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Login is slow', description: 'Takes a minute' });
    await core.execute(commentOnTicket, contact, { ticketId: inComment.id, body: 'The marmoset dashboard times out as well' });
    const inDescription = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Charts missing', description: 'The marmoset widget is empty' });
    const inTitle = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Marmoset sync fails', description: 'Since Monday' });

    const page = await search(cast.aContact, { search: 'Marmoset' });
    expect(keysOf(page)).toEqual([inTitle.key, inDescription.key, inComment.key]);
    expect(page.nodes.map((hit) => hit.field)).toEqual(['title', 'description', 'comment']);
    expect(page.nodes[0]!.highlight).toEqual([
      { text: 'Marmoset', hit: true },
      { text: ' sync fails', hit: false },
    ]);
    expect(page.nodes[2]!.highlight.filter((part) => part.hit).map((part) => part.text)).toEqual(['marmoset']);
  });

  it('gives highlights back as text: markup a client wrote is escaped, never rendered', async () => {
    const ticket = await core.execute(openTicket, await as(cast.aContact), { orgId: cast.a.id, title: 'Odd page', description: '' });
    await core.execute(commentOnTicket, await as(cast.aContact), {
      ticketId: ticket.id,
      body: 'The page shows <script>alert(1)</script> when the "wombat" <b>breaks</b> & nothing else',
    });
    const [hit] = (await search(cast.aContact, { search: 'wombat' })).nodes;
    expect(hit!.field).toBe('comment');
    const text = hit!.highlight.map((part) => part.text).join('');
    // An excerpt of the comment, with what looked like markup kept as the client wrote it.
    expect(text).toContain('shows <script>alert(1)</script> when the "wombat" <b>breaks</b> & nothing else');
    const html = highlightHtml(hit!.highlight);
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      'shows &lt;script&gt;alert(1)&lt;/script&gt; when the &quot;<mark>wombat</mark>&quot; &lt;b&gt;breaks&lt;/b&gt; &amp; nothing else',
    );
  });

  it('matches a quoted phrase only with its words in order, and excludes a -word', async () => {
    const contact = await as(cast.aContact);
    const phrase = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Invoice run', description: 'the ledger balance went negative overnight' });
    const scattered = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Ledger view', description: 'a negative number and a balance that is wrong' });

    expect(keysOf(await search(cast.aContact, { search: '"balance went negative"' }))).toEqual([phrase.key]);
    expect(new Set(keysOf(await search(cast.aContact, { search: 'balance negative' })))).toEqual(new Set([phrase.key, scattered.key]));
    expect(keysOf(await search(cast.aContact, { search: 'balance negative -overnight' }))).toEqual([scattered.key]);
    // Swedish words are matched as written (no English stemming, no stop words).
    const swedish = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Fakturan är fel', description: 'Beloppet på fakturan stämmer inte' });
    expect(keysOf(await search(cast.aContact, { search: '"stämmer inte"' }))).toEqual([swedish.key]);
  });

  it('combines the search with a date range and the list filters', async () => {
    const contact = await as(cast.aContact);
    clock.set('2026-09-10T10:00:00Z');
    const september = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Capybara import broken', description: '' });
    clock.set('2026-10-12T10:00:00Z');
    const october = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Capybara import slow', description: '' });
    const octoberTaken = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Capybara import again', description: '' });
    await core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: octoberTaken.id, status: 'IN_PROGRESS' });

    const september_ = { openedFrom: '2026-09-01T00:00:00Z', openedBefore: '2026-10-01T00:00:00Z' };
    expect(keysOf(await search(cast.aContact, { search: 'capybara', ...september_ }))).toEqual([september.key]);
    expect(new Set(keysOf(await search(cast.providerAgent, { search: 'capybara', openedFrom: '2026-10-01T00:00:00Z' })))).toEqual(
      new Set([october.key, octoberTaken.key]),
    );
    expect(keysOf(await search(cast.providerAgent, { search: 'capybara', openedFrom: '2026-10-01T00:00:00Z', status: ['IN_PROGRESS'] }))).toEqual([
      octoberTaken.key,
    ]);
    expect(keysOf(await search(cast.providerAgent, { search: 'capybara', status: ['RECEIVED'], ...september_ }))).toEqual([september.key]);
  });

  it('pages through ranked hits with a cursor, without repeating or skipping one', async () => {
    const contact = await as(cast.aContact);
    const opened: string[] = [];
    for (let n = 0; n < 5; n++) {
      opened.push((await core.execute(openTicket, contact, { orgId: cast.a.id, title: n % 2 ? `Narwhal ${n}` : `Other ${n}`, description: 'narwhal' })).key);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await search(cast.aContact, { search: 'narwhal', first: 2, after });
      seen.push(...keysOf(page));
      if (!page.hasNextPage) break;
      after = page.endCursor!;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(opened));
    // Title matches (ticket 1 and 3) first, newest first within the same rank.
    expect(seen.slice(0, 2)).toEqual([opened[3], opened[1]]);
    await expect(search(cast.aContact, { search: 'narwhal', after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the index in the transaction of the write: a refused comment leaves nothing findable', async () => {
    const ticket = await core.execute(openTicket, await as(cast.aContact), { orgId: cast.a.id, title: 'Closed one', description: '' });
    await expect(core.execute(commentOnTicket, await as(cast.bContact), { ticketId: ticket.id, body: 'axolotl' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(keysOf(await search(cast.providerAgent, { search: 'axolotl' }))).toEqual([]);
  });

  it('backfills the documents of tickets written before search existed', async () => {
    const contact = await as(cast.aContact);
    const ticket = await core.execute(openTicket, contact, { orgId: cast.a.id, title: 'Pelican alerts', description: 'twice an hour' });
    await core.execute(commentOnTicket, contact, { ticketId: ticket.id, body: 'still happening with the ibis feed' });
    const before = resultRows<{ document: string }>(await core.database.db.execute(sql`select document::text from ticket_search_documents where ticket_id = ${ticket.id}`));
    await core.database.db.execute(sql`delete from ticket_search_documents where ticket_id = ${ticket.id}`);
    expect(keysOf(await search(cast.aContact, { search: 'ibis' }))).toEqual([]);

    const { readFileSync } = await import('node:fs');
    await core.database.db.execute(sql.raw(readFileSync(new URL('../../db/migrations/0034_ticket_search_backfill.sql', import.meta.url), 'utf8')));
    const after = resultRows<{ document: string }>(await core.database.db.execute(sql`select document::text from ticket_search_documents where ticket_id = ${ticket.id}`));
    expect(after).toEqual(before);
    expect(keysOf(await search(cast.aContact, { search: '"ibis feed"' }))).toEqual([ticket.key]);
  });
});
