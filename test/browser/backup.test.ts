/**
 * The console's Back-up section (Settings): a client admin starts their org's export, watches it
 * finish, and saves the zip; a contact of the org is not offered one. Debian's Chromium against the
 * real server, checked by axe.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportsUnderway } from '../../core/exports/index.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { unpack } from '../support/exports.ts';
import { makeTenants, startTestServer, type TestServer } from '../support/server.ts';

const browser = browserTests();

describe.skipIf(!chromium)('the console’s back-up of an organisation', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let tenants: Awaited<ReturnType<typeof makeTenants>>;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      tenants = await makeTenants(server.core);
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
    });

    async function settingsOf(token: string) {
      const person = await browser.newPerson({ baseURL: server.url, acceptDownloads: true });
      await person.page.goto('/signin');
      await person.page.getByLabel('API token').fill(token);
      await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await person.page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      await person.page.goto('/settings');
      await person.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      return person;
    }

    it('lets a client admin start a back-up, follow it to its end and save the zip of their org', async () => {
      const { page } = await settingsOf(tenants.aAdmin.token);
      const section = page.getByRole('region', { name: 'Back-up' });
      await section.getByRole('button', { name: 'Start a back-up' }).click();
      await section.getByText('Waiting to start…').waitFor();
      // The server's timers are driven by the test: the export runs when its timer is claimed.
      await server.core.timers.runDue();
      await exportsUnderway(server.core);
      await section.getByText(/^Written: \d+ files/).waitFor();
      await browser.screenshot(page, `${backend}-backup`);
      await expectNoSeriousViolations(page, 'backup');

      const saved = page.waitForEvent('download');
      await section.getByRole('button', { name: 'Download the back-up' }).click();
      const download = await saved;
      expect(download.suggestedFilename()).toMatch(/^opsdesk-export-acme-.*\.zip$/);
      const archive = unpack(readFileSync((await download.path())!));
      const manifest = JSON.parse(archive.files['manifest.json']!) as { org: { id: string } };
      expect(manifest.org.id).toBe(tenants.a.id);
    });

    it('offers no back-up to a contact who is not an admin', async () => {
      const { page } = await settingsOf(tenants.aContact.token);
      await page.getByRole('heading', { name: 'Your organisation’s tickets' }).waitFor();
      expect(await page.getByRole('region', { name: 'Back-up' }).count()).toBe(0);
    });
  });
});
