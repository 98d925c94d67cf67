/**
 * A ticket's files in the console: a client attaches a log on the ticket page, sees it listed,
 * downloads it through its link, and is told why a program renamed .txt is refused. Debian's
 * Chromium against the real server, the page checked by axe.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '../../core/tickets/index.ts';
import { ticketAttachments } from '../../db/schema.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { EXECUTABLE, LOG } from '../support/attachments.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { actorOf } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';

const browser = browserTests();

/** The browser's own line for the 401 of `/auth/session` before sign-in is expected; and the 400 of the refused upload. */
const unexpected = (errors: string[]) => errors.filter((line) => !/status of (401|400)/.test(line));

describe.skipIf(!chromium)('a ticket’s files in the console', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let contact: MadePerson;
    let ticket: { id: string; key: string };

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      const acme = await makeClientOrg(server.core, 'acme');
      contact = await makePerson(server.core, acme.id, ['contact'], { name: 'Carla Client' });
      ticket = await server.core.execute(openTicket, await actorOf(server.core, contact.id), { orgId: acme.id, title: 'Exports are empty' });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
    });

    it('attaches a log, lists it, downloads it through its link, and refuses a program renamed .txt saying why', async () => {
      const { page, errors } = await browser.newPerson({ baseURL: server.url, viewport: { width: 1200, height: 900 }, acceptDownloads: true });
      await page.goto('/signin');
      await page.getByLabel('API token').fill(contact.token);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      await page.goto(`/tickets/${ticket.key}`);
      const files = page.getByRole('region', { name: 'Files' });
      await files.getByText('No files yet.').waitFor();

      await files.getByLabel(/Attach a file/).setInputFiles({ name: 'worker.log', mimeType: 'text/plain', buffer: LOG });
      await files.getByRole('button', { name: 'Attach', exact: true }).click();
      await files.getByText('worker.log is attached.').waitFor();
      const link = files.getByRole('link', { name: 'worker.log' });
      await link.waitFor();
      await expect(files.getByText(/text\/plain; Carla Client from console/).count()).resolves.toBe(1);

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('worker.log');
      expect(readFileSync((await download.path())!).equals(LOG)).toBe(true);

      await files.getByLabel(/Attach a file/).setInputFiles({ name: 'readme.txt', mimeType: 'text/plain', buffer: EXECUTABLE });
      await files.getByRole('button', { name: 'Attach', exact: true }).click();
      await files.getByRole('alert').getByText(/"readme\.txt" was not attached: its content is application\/x-msdownload/).waitFor();
      expect(await db.database.db.select({ name: ticketAttachments.fileName }).from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticket.id))).toEqual([
        { name: 'worker.log' },
      ]);

      await browser.screenshot(page, `${backend}-ticket-files`);
      await expectNoSeriousViolations(page, 'ticket files');
      expect(unexpected(errors)).toEqual([]);
    });
  });
});
