/**
 * The web console end to end: Debian's Chromium (playwright-core) against the real server on a free
 * port, with its real Bolt app and msw's fake of Slack's Web API, and the local fake of Sign in with
 * Slack. Both databases. Each page is screenshotted and checked by axe-core.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSchedule } from '../../core/alarms/index.ts';
import { makeAlarmSource } from '../support/alarms.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { eventually } from '../support/clients.ts';
import { operator } from '../support/core.ts';
import { backends } from '../support/db.ts';
import { makeClientOrg, type MadePerson } from '../support/server.ts';
import { PROVIDER_TEAM } from '../support/slack.ts';
import { slackDesk } from '../support/slack-desk.ts';
import { slackOidc } from '../support/slack-oidc.ts';

const ACME_CHANNEL = 'CACMESHARED';
const SUPPORT_CHANNEL = 'CSUPPORT01';
const ONCALL_CHANNEL = 'CONCALL01';
const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENTWEB' };

const browser = browserTests();

/**
 * The errors a page logged, less the browser's own line for the 401 of `/auth/session` that every
 * page load before sign-in asks (how the console learns it must show the sign-in page).
 */
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));

describe.skipIf(!chromium)('the web console', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    const oidc = slackOidc();
    const desk = slackDesk(backend, () => ({
      slackApiUrl: oidc.apiUrl,
      env: { SLACK_CLIENT_ID: oidc.clientId, SLACK_CLIENT_SECRET: oidc.clientSecret, SLACK_OIDC_AUTHORIZE_URL: oidc.authorizeUrl },
    }));

    let cast:
      | { acmeId: string; acmeContact: MadePerson; acmeAdmin: MadePerson; betaContact: MadePerson; agent: MadePerson; oncall: MadePerson; owner: MadePerson; admin: MadePerson }
      | undefined;
    /** The people of the story, made once per database. */
    async function people() {
      if (cast) return cast;
      const acme = await makeClientOrg(desk.core, 'acme');
      const beta = await makeClientOrg(desk.core, 'beta');
      await desk.link(acme.id, PROVIDER_TEAM, ACME_CHANNEL, 'client');
      await desk.link(desk.core.providerId!, PROVIDER_TEAM, SUPPORT_CHANNEL, 'support');
      await desk.link(desk.core.providerId!, PROVIDER_TEAM, ONCALL_CHANNEL, 'oncall');
      const oncall = await desk.person(desk.core.providerId!, ['oncall'], 'Olga Oncall', { teamId: PROVIDER_TEAM, userId: 'UONCALLWEB' });
      await desk.core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'Europe/Stockholm', startDate: '2026-01-01', members: [oncall.id] });
      cast = {
        acmeId: acme.id,
        acmeContact: await desk.person(acme.id, ['contact'], 'Carla Client', { teamId: 'T0ACMEWEB', userId: 'UCARLA01' }),
        acmeAdmin: await desk.person(acme.id, ['space_admin'], 'Sixten Space', { teamId: 'T0ACMEWEB', userId: 'USIXTEN1' }),
        betaContact: await desk.person(beta.id, ['contact'], 'Bert Beta', { teamId: 'T0BETAWEB', userId: 'UBERT001' }),
        owner: await desk.person(desk.core.providerId!, ['product_owner'], 'Pia Product', { teamId: PROVIDER_TEAM, userId: 'UPIAWEB01' }),
        agent: await desk.person(desk.core.providerId!, ['agent'], 'Agnes Agent', agentSlack),
        oncall,
        admin: await desk.person(desk.core.providerId!, ['admin'], 'Ada Admin', { teamId: PROVIDER_TEAM, userId: 'UADAWEB01' }),
      };
      return cast;
    }

    async function signInWithToken(token: string, viewport = { width: 1200, height: 900 }) {
      const person = await browser.newPerson({ baseURL: desk.server.url, viewport });
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

    it('signs a staff member in with Slack, shows a client’s new ticket on their queue live, and sends their comment to the Slack thread', async () => {
      const { acmeContact } = await people();
      oidc.signInAs({ ...agentSlack, name: 'Agnes Agent', email: 'agnes@provider.test' });
      const agent = await browser.newPerson({ baseURL: desk.server.url });
      await agent.page.goto('/signin');
      await look(agent.page, 'signin');
      await agent.page.getByRole('button', { name: 'Sign in with Slack' }).click();
      await agent.page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      await expect.poll(() => new URL(agent.page.url()).pathname).toBe('/');

      const client = await signInWithToken(acmeContact.token);
      await client.page.getByRole('button', { name: 'New ticket' }).click();
      await client.page.getByLabel('Title').fill('Exports time out after the upgrade');
      await client.page.getByLabel('Description').fill('Every CSV export since 5.1 stops after 30 s.');
      await look(client.page, 'new-ticket');
      await client.page.getByRole('button', { name: 'Open ticket' }).click();
      await client.page.waitForURL(/\/tickets\/ACME-\d+$/);
      const key = decodeURIComponent(new URL(client.page.url()).pathname.split('/').pop()!);

      // The agent's queue was open all along: the ticket arrives without a reload.
      const row = agent.page.getByRole('link', { name: key });
      await row.waitFor();
      await look(agent.page, 'queue');
      await row.click();
      await agent.page.getByRole('heading', { name: /Exports time out/ }).waitFor();
      // Both pages are live (their sockets up) before the comment.
      await agent.page.locator('p.live.on').first().waitFor();
      await client.page.locator('p.live.on').first().waitFor();
      await agent.page.getByLabel('Comment').fill('Looking at it now: the export worker was rate limited.');
      await agent.page.getByRole('button', { name: 'Send' }).click();
      await look(agent.page, 'ticket');

      // The client's ticket page shows the comment live, and Slack gets it in the card's thread.
      await client.page.getByText('Looking at it now: the export worker was rate limited.').waitFor();
      await eventually(
        () =>
          desk.slack
            .callsTo('chat.postMessage')
            .some((c) => c.args.channel === ACME_CHANNEL && c.args.thread_ts && String(c.args.text).includes('Looking at it now')),
        15_000,
      );
      expect(unexpected(agent.errors)).toEqual([]);
      expect(unexpected(client.errors)).toEqual([]);
    });

    it('acknowledges an alarm in the browser and the Slack card says so', async () => {
      const { oncall } = await people();
      const source = await makeAlarmSource(desk.core, `prom-${backend}`);
      const fired = await fetch(`${desk.server.url}/hooks/alarms/${source.name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${source.secret}` },
        body: JSON.stringify({ fingerprint: 'db-1', summary: 'Primary database down', severity: 'critical' }),
      });
      expect(fired.status).toBe(202);
      const engineer = await signInWithToken(oncall.token);
      await engineer.page.getByRole('link', { name: 'Alarms' }).click();
      const card = engineer.page.getByRole('listitem').filter({ hasText: 'Primary database down' });
      await card.getByRole('button', { name: 'Acknowledge' }).click();
      await card.getByText(/Acknowledged/).first().waitFor();
      await look(engineer.page, 'alarms');
      await eventually(
        () => desk.slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks ?? []).includes('Acknowledged by Olga Oncall')),
        15_000,
      );
    });

    it('lets the product owner plan and announce a release, and a client admin acknowledge it, all in the browser', async () => {
      const { owner, acmeAdmin } = await people();
      const version = `9.${backend === 'postgres' ? 2 : 1}.0`;
      const local = (daysAhead: number, hour: number) => {
        const at = new Date(Date.now() + daysAhead * 86_400_000);
        at.setHours(hour, 0, 0, 0);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(hour)}:00`;
      };
      const po = await signInWithToken(owner.token);
      await po.page.getByRole('link', { name: 'Announcements' }).click();
      await po.page.getByText('Plan a release').click();
      await po.page.getByLabel('Version').fill(version);
      await po.page.getByLabel('Release title').fill('Faster exports');
      await po.page.getByLabel('Change log').fill('- CSV exports stream instead of timing out');
      await po.page.getByLabel('Service window starts (your time)').fill(local(20, 22));
      await po.page.getByLabel('Service window ends (your time)').fill(local(20, 23));
      await po.page.getByRole('button', { name: 'Plan release' }).click();
      const planned = po.page.getByRole('listitem').filter({ hasText: `${version}: Faster exports` });
      await planned.getByRole('button', { name: 'Announce to every client' }).click();
      await look(po.page, 'announcements-owner');

      const clientAdmin = await signInWithToken(acmeAdmin.token);
      await clientAdmin.page.getByRole('link', { name: 'Announcements' }).click();
      const pending = clientAdmin.page.getByRole('listitem').filter({ hasText: `${version}: Faster exports` }).filter({ has: clientAdmin.page.getByRole('button', { name: 'Acknowledge' }) });
      await pending.getByRole('button', { name: 'Acknowledge' }).click();
      // Acknowledged, it leaves the admin's list of what waits for them.
      await pending.waitFor({ state: 'detached' });
      await clientAdmin.page.getByRole('heading', { name: 'Waiting for your acknowledgement (0)' }).waitFor();
      await look(clientAdmin.page, 'announcements-client-admin');
      // The announcement went to Slack too, through the same commands.
      await eventually(() => desk.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes(version)), 15_000);
    });

    it('tells a client B contact who pastes client A’s ticket URL that it is not found', async () => {
      const { acmeContact, betaContact } = await people();
      const client = await signInWithToken(acmeContact.token);
      await client.page.getByRole('button', { name: 'New ticket' }).click();
      await client.page.getByLabel('Title').fill('Acme only');
      await client.page.getByRole('button', { name: 'Open ticket' }).click();
      await client.page.waitForURL(/\/tickets\/ACME-\d+$/);
      const url = new URL(client.page.url()).pathname;

      const stranger = await signInWithToken(betaContact.token);
      await stranger.page.goto(url);
      await stranger.page.getByRole('heading', { name: 'Ticket not found' }).waitFor();
      expect(await stranger.page.getByText('Acme only').count()).toBe(0);
      await look(stranger.page, 'ticket-not-found');
    });

    it('signs out everywhere: the other browser’s session ends at once', async () => {
      const { acmeContact } = await people();
      const laptop = await signInWithToken(acmeContact.token);
      const phone = await signInWithToken(acmeContact.token, { width: 360, height: 740 });
      await look(phone.page, 'queue-360');
      await laptop.page.goto('/sessions');
      await look(laptop.page, 'sessions');
      await laptop.page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await laptop.page.waitForURL(/\/signin/);
      // The phone did nothing: its live connection ended, and it is back at sign-in.
      await phone.page.waitForURL(/\/signin/);
      const session = await phone.page.request.get('/auth/session');
      expect(session.status()).toBe(401);
    });

    // Seven pages, each checked by axe, in one signed-in browser: longer than a unit test on a busy machine.
    it.each([
      ['desk', { width: 1200, height: 900 }],
      ['phone', { width: 360, height: 740 }],
    ] as const)('shows every page to the provider admin at %s width, with no serious accessibility violation', { timeout: 180_000 }, async (_label, viewport) => {
      const { admin } = await people();
      const { page, errors } = await signInWithToken(admin.token, viewport);
      for (const [path, heading] of [
        ['/', 'Tickets'],
        ['/alarms', 'Alarms'],
        ['/access', 'Production access'],
        ['/announcements', 'Announcements'],
        ['/audit', 'Audit trail'],
        ['/people', 'People'],
        ['/sessions', /session/i],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await look(page, `${path.slice(1) || 'queue'}-${viewport.width}`);
      }
      expect(unexpected(errors)).toEqual([]);
    });
  });
});
