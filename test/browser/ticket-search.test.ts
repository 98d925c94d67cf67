/**
 * The queue's search box in Debian's Chromium against the real server: a client finds their own
 * ticket by a phrase from a comment, with the hit marked and a comment's markup shown as text; a
 * client of another org finds nothing by the same words. Checked by axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentOnTicket, openTicket } from '../../core/tickets/index.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { actorOf } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';

const browser = browserTests();

describe.skipIf(!chromium)('searching tickets in the console', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let acmeContact: MadePerson;
    let betaContact: MadePerson;
    let ticketKey: string;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      const acme = await makeClientOrg(server.core, 'acme');
      const beta = await makeClientOrg(server.core, 'beta');
      acmeContact = await makePerson(server.core, acme.id, ['contact'], { name: 'Carla Client' });
      betaContact = await makePerson(server.core, beta.id, ['contact'], { name: 'Bert Beta' });
      const actor = await actorOf(server.core, acmeContact.id);
      const ticket = await server.core.execute(openTicket, actor, { orgId: acme.id, title: 'Exports stop', description: 'since the upgrade' });
      await server.core.execute(commentOnTicket, actor, { ticketId: ticket.id, body: 'the log says <img src=x onerror=alert(1)> and then heron queue stalled' });
      ticketKey = ticket.key;
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
    });

    async function signIn(token: string) {
      const person = await browser.newPerson({ baseURL: server.url, viewport: { width: 1200, height: 900 } });
      await person.page.goto('/signin');
      await person.page.getByLabel('API token').fill(token);
      await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await person.page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      return person;
    }

    it('finds the client’s ticket by a phrase of a comment, marks the hit, and shows markup as text', async () => {
      const client = await signIn(acmeContact.token);
      const search = client.page.getByRole('search');
      await search.getByLabel('Search').fill('"heron queue"');
      await search.getByRole('button', { name: 'Search' }).click();
      const hit = client.page.getByRole('listitem').filter({ hasText: ticketKey });
      await hit.waitFor();
      expect(await hit.locator('mark').allTextContents()).toEqual(['heron', 'queue']);
      await expect.poll(() => hit.textContent()).toContain('<img src=x onerror=alert(1)>');
      expect(await client.page.locator('.search-hits img').count()).toBe(0);
      await browser.screenshot(client.page, `${backend}-ticket-search`);
      await expectNoSeriousViolations(client.page, 'ticket-search');
      await hit.getByRole('link', { name: ticketKey }).click();
      await client.page.waitForURL(new RegExp(`/tickets/${ticketKey}$`));
    });

    it('finds nothing of another org for a client of it', async () => {
      const stranger = await signIn(betaContact.token);
      const search = stranger.page.getByRole('search');
      await search.getByLabel('Search').fill('heron');
      await search.getByRole('button', { name: 'Search' }).click();
      await stranger.page.getByText('No ticket you can see matches this search').waitFor();
      expect(await stranger.page.getByText(ticketKey).count()).toBe(0);
    });
  });
});
