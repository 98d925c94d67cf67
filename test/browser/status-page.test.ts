/**
 * The status pages (issue 15): the public one opened in Debian's Chromium without signing in, at a
 * phone's width; its services, daily availability, response times and their chart; axe; a service going
 * down showing up at once without a reload (the page's live stream, not its clock); a failed refresh
 * said as such; the console's header leading a signed-in person there; and a signed-in client's own
 * org page with its private service, going down live too.
 */
import { randomUUID } from 'node:crypto';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.ts';
import { ManualClock } from '../../core/clock.ts';
import { declareIncident, postIncidentUpdate, scheduleMaintenance } from '../../core/incidents/index.ts';
import { createProbe, createService } from '../../core/status/index.ts';
import { recordProbeResult } from '../../core/status/probes.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { operator } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';

const browser = browserTests();

/** The browser's own lines for the 401 of `/auth/session` (nobody is signed in) and the refresh the test aborts. */
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)') && !line.includes('net::ERR_FAILED'));

describe.skipIf(!chromium)('the public status page', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let apiProbe: string;
    let reportingProbe: string;
    let acmeContact: MadePerson;
    const clock = new ManualClock('2026-12-05T12:30:00Z');

    const record = (probeId: string, at: string, latencyMs: number | null) =>
      server.core.transact(
        systemActor('scheduler', 'scheduler', `test-${randomUUID()}`),
        (ctx) =>
          recordProbeResult(ctx, probeId, new Date(at), latencyMs === null ? { up: false, latencyMs: 5000, statusCode: null, error: 'timeout' } : { up: true, latencyMs, statusCode: 200, error: null }),
        { requireRecord: false },
      );

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database, { clock });
      const { core } = server;
      const api = (await core.execute(createService, operator(), { name: 'API', isPublic: true, description: 'The public REST API' })).id;
      const secret = (await core.execute(createService, operator(), { name: 'Secret backend', isPublic: false })).id;
      const probe = async (serviceId: string) =>
        (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/health', intervalSeconds: 10, failureThreshold: 1, successThreshold: 1 })).id;
      apiProbe = await probe(api);
      const secretProbe = await probe(secret);
      // API: 1 Dec one up (800 ms) and one down; today one up (120 ms). 2 of 3 over the 90 days.
      await record(apiProbe, '2026-12-01T10:00:00Z', 800);
      await record(apiProbe, '2026-12-01T10:01:00Z', null);
      await record(apiProbe, '2026-12-05T12:00:00Z', 120);
      await record(secretProbe, '2026-12-05T12:00:00Z', 50);
      const incident = await core.execute(declareIncident, operator(), { title: 'Slow API responses', impact: 'minor', message: 'Responses take several seconds.', serviceIds: [api] });
      await core.execute(postIncidentUpdate, operator(), { incidentId: incident.id, status: 'monitoring', message: 'A fix is out; we are watching.' });
      await core.execute(scheduleMaintenance, operator(), {
        title: 'Database upgrade',
        description: 'The API is read-only for up to 20 minutes.',
        startsAt: new Date('2026-12-09T05:00:00Z'),
        endsAt: new Date('2026-12-09T06:00:00Z'),
        serviceIds: [api],
      });
      // Acme's own reporting service, which only Acme's people see; Globex's ledger, which they never do.
      const acme = await makeClientOrg(core, 'acme');
      const globex = await makeClientOrg(core, 'globex');
      acmeContact = await makePerson(core, acme.id, ['contact']);
      const reporting = (await core.execute(createService, operator(), { name: 'Acme reporting', orgIds: [acme.id] })).id;
      await core.execute(createService, operator(), { name: 'Globex ledger', orgIds: [globex.id] });
      reportingProbe = await probe(reporting);
      await record(reportingProbe, '2026-12-05T12:00:00Z', 90);
      await core.execute(scheduleMaintenance, operator(), { title: 'Backend host swap', startsAt: new Date('2026-12-08T05:00:00Z'), endsAt: new Date('2026-12-08T06:00:00Z'), serviceIds: [secret] });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
    });

    it('shows anyone the public services, their availability and response times, and a service going down without a reload', async () => {
      const { page, errors } = await browser.newPerson({ baseURL: server.url, viewport: { width: 360, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
      // The page reads again every 5 minutes whatever happens: the test moves the page's clock on instead of waiting.
      await page.clock.install();
      // The answers say `max-age=30`: the browser's cache would keep one for 30 real seconds while the
      // page's clock jumps; routing the requests (through unchanged) turns Playwright's HTTP cache off.
      await page.route('**/status.json*', (route) => route.continue());
      await page.goto('/status');
      await page.getByRole('heading', { name: 'Service status', level: 1 }).waitFor();
      expect(page.url()).toBe(`${server.url}/status`);

      const api = page.getByRole('region', { name: 'API' });
      await api.getByText('Operational', { exact: true }).waitFor();
      await page.getByText('All services are operational').waitFor();
      await api.getByText('The public REST API').waitFor();
      expect(await api.locator('.uptime').textContent()).toBe('66.66% available over the last 90 days');
      const days = api.getByRole('list', { name: 'API: availability per day, last 90 days' }).locator('li');
      expect(await days.count()).toBe(90);
      expect(await days.nth(0).textContent()).toBe('Sep 7, 2026: no data');
      expect(await days.nth(85).textContent()).toBe('Dec 1, 2026: 50.00% available');
      expect(await days.nth(89).textContent()).toBe('Dec 5, 2026: 100% available');
      expect(await days.nth(89).getAttribute('class')).toBe('day day-ok');
      expect(await days.nth(85).getAttribute('class')).toBe('day day-bad');
      const times = api.getByRole('table', { name: 'API: response times of successful checks' });
      const row = async (name: string) => (await times.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td').allTextContents());
      expect(await row('Last 24 hours')).toEqual(['120 ms', '120 ms']);
      expect(await row('Last 7 days')).toEqual(['200 ms', '800 ms']);
      expect(await row('Last 90 days')).toEqual(['200 ms', '800 ms']);
      // The chart of the last 24 hours: an image with its summary, its points as a table, then the 90 days.
      await api.getByRole('img', { name: /API, response times, last 24 hours: p50 from 120 ms to 120 ms, p95 up to 120 ms, over 24 points/ }).waitFor();
      await api.getByText('Chart data').click();
      expect(await api.getByRole('table', { name: 'API, response times, last 24 hours, point by point' }).locator('tbody tr').count()).toBe(24);
      await api.getByRole('button', { name: 'Last 90 days' }).click();
      await api.getByRole('img', { name: /API, response times, last 90 days: p50 from 120 ms to 800 ms, p95 up to 800 ms, over 90 points/ }).waitFor();
      expect(await api.getByRole('button', { name: 'Last 90 days' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByText(/a check that failed .* counts as down/).waitFor();
      await page.getByText(/Checks during a scheduled maintenance window of the service are not counted/).waitFor();
      await page.getByText(/Last updated/).waitFor();
      expect(await page.getByText('Secret backend').count()).toBe(0);
      // Nothing wider than a phone.
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      // What is happening and what is planned, of the public services only.
      const incidents = page.getByRole('region', { name: 'Incidents' });
      await incidents.getByRole('heading', { name: 'Slow API responses' }).waitFor();
      await incidents.getByText('A fix is out; we are watching.').waitFor();
      await incidents.getByText('Responses take several seconds.').waitFor();
      const maintenance = page.getByRole('region', { name: 'Scheduled maintenance' });
      await maintenance.getByRole('heading', { name: 'Database upgrade' }).waitFor();
      await maintenance.getByText('The API is read-only for up to 20 minutes.').waitFor();
      expect(await page.getByText('Backend host swap').count()).toBe(0);
      // Its feeds; no email form, since this opsdesk sends no mail.
      const follow = page.getByRole('region', { name: 'Follow the status' });
      expect(await follow.getByRole('link', { name: /Atom feed/ }).getAttribute('href')).toBe('/status/feed.atom');
      expect(await follow.getByRole('link', { name: /Maintenance calendar/ }).getAttribute('href')).toBe('/status/maintenance.ics');
      await follow.getByText(/Email subscriptions are not available/).waitFor();
      expect(await follow.getByRole('textbox').count()).toBe(0);
      await browser.screenshot(page, `${backend}-status-360`);
      await expectNoSeriousViolations(page, 'status page');

      // A failed probe result: the API is down at once, with no reload and without the page's clock moving.
      clock.advance(60_000);
      await record(apiProbe, '2026-12-05T12:31:00Z', null);
      await api.getByText('Down', { exact: true }).waitFor();
      await page.getByText('Some services are down').waitFor();
      expect(await days.nth(89).textContent()).toBe('Dec 5, 2026: 50.00% available');
      expect(await api.locator('.uptime').textContent()).toBe('50.00% available over the last 90 days');

      // A refresh that fails says so and keeps the last figures; the next one clears it.
      const refuse = (route: Route) => route.abort();
      await page.route('**/status.json*', refuse);
      await page.clock.fastForward(5 * 60_000);
      await page.getByRole('alert').getByText(/Could not refresh the status/).waitFor();
      await api.getByText('Down', { exact: true }).waitFor();
      await browser.screenshot(page, `${backend}-status-refresh-failed`);
      await expectNoSeriousViolations(page, 'status page, refresh failed');
      await page.unroute('**/status.json*', refuse);
      await page.clock.fastForward(30_000);
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      expect(unexpected(errors)).toEqual([]);
    });

    it('is one link away for a signed-in person, in the console', async () => {
      const { page, errors } = await browser.newPerson({ baseURL: server.url, viewport: { width: 1200, height: 900 } });
      await page.goto('/signin');
      await page.getByLabel('API token').fill(server.adminToken);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Status', exact: true }).click();
      await page.getByRole('heading', { name: 'Service status', level: 1 }).waitFor();
      await page.getByRole('region', { name: 'API' }).waitFor();
      // The public page is the same for staff: no internal service.
      expect(await page.getByText('Secret backend').count()).toBe(0);
      await page.getByRole('link', { name: 'Status', exact: true }).and(page.locator('[aria-current="page"]')).waitFor();
      expect(unexpected(errors)).toEqual([]);
    });

    it('shows a signed-in client its own org’s page, with its private service, live', async () => {
      const { page, errors } = await browser.newPerson({ baseURL: server.url, viewport: { width: 360, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
      await page.goto('/signin');
      await page.getByLabel('API token').fill(acmeContact.token);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Our status' }).click();
      await page.getByRole('heading', { name: 'Service status for acme Inc', level: 1 }).waitFor();
      const reporting = page.getByRole('region', { name: 'Acme reporting' });
      await reporting.getByText('Operational', { exact: true }).waitFor();
      expect(await reporting.locator('.uptime').textContent()).toBe('100% available over the last 90 days');
      await reporting.getByRole('img', { name: /Acme reporting, response times, last 24 hours: p50 from 90 ms/ }).waitFor();
      await page.getByRole('region', { name: 'API' }).waitFor();
      // Services other orgs use alone are not on it.
      expect(await page.getByText('Globex ledger').count()).toBe(0);
      await expectNoSeriousViolations(page, 'org status page');

      // Acme's private service goes down: the page shows it without a reload.
      await record(reportingProbe, '2026-12-05T12:32:00Z', null);
      await reporting.getByText('Down', { exact: true }).waitFor();
      await browser.screenshot(page, `${backend}-org-status-360`);
      expect(unexpected(errors)).toEqual([]);
    });
  });
});
