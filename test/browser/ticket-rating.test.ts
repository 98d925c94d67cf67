/**
 * The console's ticket page for the deeper SLA and satisfaction: the initiator of a closed ticket
 * rates the support there (the closure mail links to it), sees the pauses of its SLA clock, and
 * another member of the org is not offered the rating. Debian's Chromium against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSeverity, approveClosure, changeTicketStatus, commentOnTicket, openTicket } from '../../core/tickets/index.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { actorOf } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';

const browser = browserTests();

describe.skipIf(!chromium)('rating the support in the console', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let contact: MadePerson;
    let colleague: MadePerson;
    let ticketKey: string;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      const acme = await makeClientOrg(server.core, 'acme');
      const agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Agnes Agent' });
      contact = await makePerson(server.core, acme.id, ['contact'], { name: 'Carla Client' });
      colleague = await makePerson(server.core, acme.id, ['contact'], { name: 'Cole Colleague' });
      const as = (person: MadePerson) => actorOf(server.core, person.id);
      const ticket = await server.core.execute(openTicket, await as(contact), { orgId: acme.id, title: 'Invoices missing', proposedSeverity: 'HIGH' });
      await server.core.execute(acceptSeverity, await as(agent), { ticketId: ticket.id });
      await server.core.execute(changeTicketStatus, await as(agent), { ticketId: ticket.id, status: 'AWAITING_CLIENT' });
      await server.core.execute(commentOnTicket, await as(contact), { ticketId: ticket.id, body: 'Here is the export' });
      await server.core.execute(changeTicketStatus, await as(agent), { ticketId: ticket.id, status: 'RESOLVED' });
      await server.core.execute(approveClosure, await as(contact), { ticketId: ticket.id });
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

    it('lets the initiator rate once, shows the pause, and offers nothing to a colleague', async () => {
      const { page } = await signIn(contact.token);
      await page.goto(`/tickets/${ticketKey}#rate`);
      const panel = page.getByRole('region', { name: 'Resolution target' });
      await panel.getByRole('heading', { name: 'Pauses of the SLA clock' }).waitFor();
      expect(await panel.getByRole('listitem').count()).toBe(1);
      const form = page.getByRole('form', { name: 'How was the support?' });
      await form.getByLabel('4 Very good').check();
      await form.getByLabel('Comment (optional)').fill('Quick and kind');
      await expectNoSeriousViolations(page, 'ticket-rating-form');
      await form.getByRole('button', { name: 'Send rating' }).click();
      await panel.getByText('Rated 4/5').waitFor();
      await page.reload();
      await panel.getByText('Rated 4/5').waitFor();
      expect(await page.getByRole('form', { name: 'How was the support?' }).count()).toBe(0);

      const other = await signIn(colleague.token);
      await other.page.goto(`/tickets/${ticketKey}`);
      await other.page.getByRole('region', { name: 'Resolution target' }).getByText('Rated 4/5').waitFor();
      expect(await other.page.getByRole('form', { name: 'How was the support?' }).count()).toBe(0);
    });
  });
});
