/**
 * The console's Reports page (issue 15): a client admin and provider staff read an org's SLA report
 * for a month they pick, with its tables, its SVG chart and the CSV download; a contact has no such
 * page. Debian's Chromium against the real server, each view checked by axe.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tickets } from '../../db/schema.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';

const browser = browserTests();

/** The browser's own line for the 401 of `/auth/session` before sign-in is expected; nothing else is. */
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));

describe.skipIf(!chromium)('the console’s Reports page', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let acme: { id: string; name: string; slug: string };
    let agent: MadePerson;
    let admin: MadePerson;
    let contact: MadePerson;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      acme = await makeClientOrg(server.core, 'acme');
      await makeClientOrg(server.core, 'beta');
      agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Agnes Agent' });
      admin = await makePerson(server.core, acme.id, ['contract_admin'], { name: 'Alma Admin' });
      contact = await makePerson(server.core, acme.id, ['contact'], { name: 'Carla Client' });
      // November 2026: three URGENT tickets answered after 10 min (met), 60 min (breached) and 20 min (met),
      // one HIGH answered after 3 hours (met); median of 10, 20, 60, 180 min = 40 min.
      const history: Array<[string, string, number, boolean]> = [
        ['URGENT', '2026-11-02T10:00:00Z', 600, false],
        ['URGENT', '2026-11-03T10:00:00Z', 3600, true],
        ['URGENT', '2026-11-04T10:00:00Z', 1200, false],
        ['HIGH', '2026-11-10T09:00:00Z', 10800, false],
      ];
      for (const [i, [severity, at, wait, breached]] of history.entries()) {
        const opened = new Date(at);
        await server.core.database.db.insert(tickets).values({
          orgId: acme.id,
          number: i + 1,
          key: `ACME-${i + 1}`,
          title: breached ? 'Checkout is down' : `Ticket ${i + 1}`,
          description: '',
          kind: 'incident',
          initiatorId: contact.id,
          status: 'IN_PROGRESS',
          createdAt: opened,
          severity: severity as 'URGENT' | 'HIGH',
          severityAgreedAt: opened,
          slaDueAt: new Date(opened.getTime() + (severity === 'URGENT' ? 1_800_000 : 2 * 86_400_000)),
          slaBreachedAt: breached ? new Date(opened.getTime() + 1_800_000) : null,
          firstResponseAt: new Date(opened.getTime() + wait * 1000),
        });
      }
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
    });

    async function signIn(token: string) {
      const person = await browser.newPerson({ baseURL: server.url, viewport: { width: 1200, height: 900 }, acceptDownloads: true });
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

    /** The cells of a table row whose header cell is `label`, as text. */
    const rowOf = async (page: Page, table: string, label: string) =>
      page.getByRole('region', { name: table }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) }).first().getByRole('cell').allInnerTexts();

    it("shows a client admin their org's month: figures, chart, breaches and the CSV", async () => {
      const { page, errors } = await signIn(admin.token);
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      await page.getByLabel('Month').fill('2026-11');
      // The page opens on this month; its tables must be November's before they are read.
      await page.getByText(`${acme.name}, 2026-11 (`).waitFor();
      const tickets = page.getByRole('region', { name: 'Tickets and response targets' });
      await tickets.getByRole('rowheader', { name: 'Urgent', exact: true }).waitFor();

      // Target, opened, responded, median, p90, met, breached, pending, share met.
      expect(await rowOf(page, 'Tickets and response targets', 'Urgent')).toEqual(['30 min, around the clock', '3', '3', '20 min', '52 min', '2', '1', '0', '66.7 %']);
      expect(await rowOf(page, 'Tickets and response targets', 'High')).toEqual(['2 working days', '1', '1', '3 h 0 min', '3 h 0 min', '1', '0', '0', '100.0 %']);
      expect(await rowOf(page, 'Tickets and response targets', 'All')).toEqual(['', '4', '4', '40 min', '2 h 24 min', '3', '1', '0', '75.0 %']);
      const chart = page.getByRole('img', { name: 'Response targets met, by severity' });
      expect(await chart.locator('desc').textContent()).toBe('Urgent 66.7 %, High 100.0 %');
      expect(await chart.locator('rect.chart-bar').count()).toBe(2);
      const breaches = page.getByRole('region', { name: 'Breaches' });
      await breaches.getByRole('link', { name: 'ACME-2' }).waitFor();
      expect(await breaches.getByRole('row').count()).toBe(2);
      // Client admins see the alarms of their services only, not the provider-wide column.
      const alarms = page.getByRole('region', { name: 'Alarms' });
      expect(await alarms.getByRole('columnheader').allInnerTexts()).toEqual(['Measure', "The organisation's services"]);
      await look(page, 'reports-client-admin');

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`opsdesk-sla-${acme.slug}-2026-11.csv`);
      const csv = await readFile((await file.path())!, 'utf8');
      expect(csv).toContain('tickets,URGENT,opened,3');
      expect(csv).toContain('breach,ACME-2,title,Checkout is down');
      expect(unexpected(errors)).toEqual([]);
    });

    it('shows staff every client org with the provider-wide alarms, and a contact no Reports page', async () => {
      const staff = await signIn(agent.token);
      await staff.page.getByRole('link', { name: 'Reports' }).click();
      await staff.page.getByLabel('Organisation').selectOption({ label: `${acme.name}` });
      await staff.page.getByLabel('Month').fill('2026-11');
      await staff.page.getByText(`${acme.name}, 2026-11 (`).waitFor();
      const alarms = staff.page.getByRole('region', { name: 'Alarms' });
      await alarms.getByRole('columnheader', { name: 'Provider-wide' }).waitFor();
      expect(await rowOf(staff.page, 'Alarms', 'Triggered')).toEqual(['0', '0']);
      expect(await rowOf(staff.page, 'Tickets and response targets', 'All')).toEqual(['', '4', '4', '40 min', '2 h 24 min', '3', '1', '0', '75.0 %']);
      await look(staff.page, 'reports-staff');
      expect(unexpected(staff.errors)).toEqual([]);

      const client = await signIn(contact.token);
      expect(await client.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count()).toBe(0);
      await client.page.goto('/reports');
      await client.page.getByText("Reports are for provider staff and your organisation's admins.").waitFor();
    });
  });
});
