/**
 * The console's pages for services, incidents and maintenance (issue 15): a provider admin creates a
 * service with a probe (whose first result the page then shows) and a heartbeat (its secret shown
 * once), declares an incident and posts an update, schedules a maintenance window and moves it; a
 * client person of an org that uses the service reads the incident and the window at a phone's width,
 * with no manage action shown. Debian's Chromium against the real server, each view checked by axe.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';
import { runDue, startTarget, type Target } from '../support/status.ts';

const browser = browserTests();

/** The browser's own line for the 401 of `/auth/session` before sign-in is expected; nothing else is. */
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));

/** A `datetime-local` value in UTC (the contexts below run in UTC), `days` from now at 05:00. */
const localDay = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 16);
};

describe.skipIf(!chromium)('the console’s services, incidents and maintenance', { timeout: 180_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let target: Target;
    let contact: MadePerson;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      target = await startTarget(() => ({ status: 200, body: 'ok' }));
      const acme = await makeClientOrg(server.core, 'acme');
      contact = await makePerson(server.core, acme.id, ['contact'], { name: 'Carla Client' });
    });
    afterAll(async () => {
      await server?.stop();
      await target?.close();
      await db?.dispose();
    });

    async function signIn(token: string, width: number) {
      const person = await browser.newPerson({ baseURL: server.url, viewport: { width, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
      await person.page.goto('/signin');
      await person.page.getByLabel('API token').fill(token);
      await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await person.page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      return person;
    }

    async function look(page: Page, name: string) {
      await browser.screenshot(page, `${backend}-${name}`);
      await expectNoSeriousViolations(page, name);
    }

    it('lets a provider admin set up a service, declare an incident with an update, and schedule maintenance', async () => {
      const { page, errors } = await signIn(server.adminToken, 1200);
      const nav = page.getByRole('navigation', { name: 'Main' });

      // A service, public, used by every client.
      await nav.getByRole('link', { name: 'Services' }).click();
      await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
      await page.getByText('No services yet.').waitFor();
      await page.getByRole('button', { name: 'New service' }).click();
      const newService = page.getByRole('dialog', { name: 'New service' });
      await newService.getByLabel('Name').fill('Checkout API');
      await newService.getByLabel('Description').fill('Payments and orders');
      await newService.getByLabel(/Public/).check();
      await newService.getByRole('button', { name: 'Create service' }).click();
      await page.getByRole('heading', { name: 'Checkout API', level: 1 }).waitFor();
      await page.getByText('Unknown', { exact: true }).waitFor();

      // A probe of the local target; its first run (fired by the test) shows in its latest results.
      await page.getByRole('button', { name: 'Add a probe' }).click();
      const addProbe = page.getByRole('dialog', { name: 'Add a probe' });
      await addProbe.getByLabel('Name').fill('health');
      await addProbe.getByLabel(/^URL/).fill(`${target.url}/health`);
      await addProbe.getByLabel(/^Every/).fill('30');
      await addProbe.getByLabel('The answer must contain (optional)').fill('ok');
      await addProbe.getByRole('button', { name: 'Add probe' }).click();
      await page.getByRole('status').getByText('Probe “health” added; its first check runs now.').waitFor();
      const probes = page.getByRole('table', { name: 'Probes of the service' });
      await probes.getByRole('rowheader', { name: /health/ }).waitFor();
      await probes.getByText('No result yet').waitFor();
      await runDue(server.core);
      expect(target.hits.get('/health')).toBe(1);
      await probes.getByText('Latest results').click();
      await probes.getByRole('listitem').filter({ hasText: /^Up/ }).waitFor();

      // A heartbeat: its secret is shown once, with the warning.
      await page.getByRole('button', { name: 'Add a heartbeat' }).click();
      const addHeartbeat = page.getByRole('dialog', { name: 'Add a heartbeat' });
      await addHeartbeat.getByLabel('Name').fill('nightly backup');
      await addHeartbeat.getByLabel(/^Every/).fill('3600');
      await addHeartbeat.getByRole('button', { name: 'Add heartbeat' }).click();
      const secretDialog = page.getByRole('dialog', { name: 'The secret of heartbeat nightly backup' });
      await secretDialog.getByText('Copy the secret now: it is shown only this once.', { exact: false }).waitFor();
      expect(await secretDialog.getByLabel('Secret').inputValue()).toMatch(/^odh_/);
      await look(page, 'service-heartbeat-secret');
      await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
      await page.getByRole('table', { name: 'Heartbeats of the service' }).getByRole('rowheader', { name: 'nightly backup' }).waitFor();
      expect(await page.getByLabel('Secret', { exact: true }).count()).toBe(0);
      await look(page, 'service-page');

      // A name already taken is refused with the server's words, and nothing is made.
      await nav.getByRole('link', { name: 'Services' }).click();
      await page.getByRole('link', { name: 'Checkout API' }).waitFor();
      await page.getByRole('button', { name: 'New service' }).click();
      await page.getByRole('dialog', { name: 'New service' }).getByLabel('Name').fill('Checkout API');
      await page.getByRole('dialog', { name: 'New service' }).getByRole('button', { name: 'Create service' }).click();
      await page.getByRole('dialog', { name: 'New service' }).getByRole('alert').getByText(/already/).waitFor();
      await page.getByRole('dialog', { name: 'New service' }).getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByRole('table', { name: 'Services, by name' }).getByRole('row').count()).toBe(2);

      // An incident on it, then an update.
      await nav.getByRole('link', { name: 'Incidents' }).click();
      await page.getByText('No open incidents.').waitFor();
      await page.getByRole('button', { name: 'Declare an incident' }).click();
      const declare = page.getByRole('dialog', { name: 'Declare an incident' });
      await declare.getByLabel('Title').fill('Checkout errors');
      await declare.getByLabel(/First update/).fill('Some payments fail; we are looking into it.');
      await declare.getByRole('button', { name: 'Declare incident' }).click();
      // No service ticked: said, and nothing is declared.
      await declare.getByRole('alert').getByText('Tick at least one affected service.').waitFor();
      await declare.getByLabel('Checkout API').check();
      await declare.getByLabel('Impact').selectOption('MAJOR');
      await declare.getByRole('button', { name: 'Declare incident' }).click();
      await page.getByRole('heading', { name: 'Checkout errors', level: 1 }).waitFor();
      await page.getByText('Major impact').waitFor();
      await page.getByLabel('Status', { exact: true }).selectOption('IDENTIFIED');
      await page.getByLabel(/^Message/).fill('A faulty deploy; rolling back.');
      await page.getByRole('button', { name: 'Post update' }).click();
      const updates = page.getByRole('list', { name: 'Updates, newest first' });
      await updates.getByText('A faulty deploy; rolling back.').waitFor();
      expect(await updates.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^Identified[\s\S]*A faulty deploy; rolling back\.$/), expect.stringMatching(/^Investigating[\s\S]*Some payments fail/)]);
      await page.getByRole('definition').getByText('Identified').waitFor();
      await look(page, 'incident-page');

      // A maintenance window, then moved a day later.
      await nav.getByRole('link', { name: 'Maintenance' }).click();
      await page.getByText('No maintenance planned.').waitFor();
      await page.getByRole('button', { name: 'Schedule maintenance' }).click();
      const schedule = page.getByRole('dialog', { name: 'Schedule maintenance' });
      await schedule.getByLabel('Title').fill('Database upgrade');
      await schedule.getByLabel(/^Starts/).fill(localDay(20, 5));
      await schedule.getByLabel(/^Ends/).fill(localDay(20, 4));
      await schedule.getByLabel('Checkout API').check();
      await schedule.getByRole('button', { name: 'Schedule window' }).click();
      await schedule.getByRole('alert').getByText('The end must come after the start.').waitFor();
      await schedule.getByLabel(/^Ends/).fill(localDay(20, 6));
      await schedule.getByRole('button', { name: 'Schedule window' }).click();
      const windows = page.getByRole('table', { name: 'Maintenance windows, soonest first' });
      const row = windows.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Database upgrade' }) });
      await row.getByText('Scheduled').waitFor();
      await row.getByRole('button', { name: 'Reschedule Database upgrade' }).click();
      const move = page.getByRole('dialog', { name: 'Reschedule Database upgrade' });
      await move.getByLabel(/^Starts/).fill(localDay(21, 5));
      await move.getByLabel(/^Ends/).fill(localDay(21, 6));
      await move.getByRole('button', { name: 'Move window' }).click();
      await page.getByRole('status').getByText('“Database upgrade” moved; the orgs told are told again.').waitFor();
      const moved = new Date(`${localDay(21, 5)}:00Z`).toISOString();
      await row.locator(`time[datetime="${moved}"]`).waitFor();
      await look(page, 'maintenance-page');
      expect(unexpected(errors)).toEqual([]);
    });

    it('shows a client person the incident and the window read-only, at a phone’s width', async () => {
      const { page, errors } = await signIn(contact.token, 360);
      await page.getByRole('button', { name: 'Menu' }).click();
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Services' }).count()).toBe(0);
      await nav.getByRole('link', { name: 'Incidents' }).click();
      await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
      expect(await page.getByRole('button', { name: 'Declare an incident' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Checkout errors' }).click();
      await page.getByRole('heading', { name: 'Checkout errors', level: 1 }).waitFor();
      await page.getByText('A faulty deploy; rolling back.').waitFor();
      await page.getByText('Some payments fail; we are looking into it.').waitFor();
      expect(await page.getByRole('heading', { name: 'Post an update' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Alarms' }).count()).toBe(0);
      expect(await page.getByRole('button').filter({ hasText: /Post update|Link/ }).count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await look(page, 'incident-client-360');

      await page.goto('/maintenance');
      await page.getByRole('rowheader', { name: 'Database upgrade' }).waitFor();
      expect(await page.getByRole('button', { name: /Schedule maintenance|Reschedule|Cancel/ }).count()).toBe(0);
      await look(page, 'maintenance-client-360');

      await page.goto('/services');
      await page.getByText("Services are managed by the provider's staff.", { exact: false }).waitFor();
      expect(unexpected(errors)).toEqual([]);
    });
  });
});
