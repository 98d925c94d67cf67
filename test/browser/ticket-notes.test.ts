/**
 * Internal notes in the console: staff get a separate, labelled "Notes (internal)" panel with its own
 * form; a note added there reaches the staff card's thread in Slack and never the client, whose
 * ticket page (open and live all along) shows the reply written after it and nothing of the note.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openTicket } from '../../core/tickets/index.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { actorOf } from '../support/core.ts';
import { eventually } from '../support/clients.ts';
import { backends } from '../support/db.ts';
import { makeClientOrg } from '../support/server.ts';
import { PROVIDER_TEAM } from '../support/slack.ts';
import { slackDesk } from '../support/slack-desk.ts';

const ACME_CHANNEL = 'CACMENOTE';
const SUPPORT_CHANNEL = 'CSUPPNOTE';
const NOTE_TEXT = 'Internal: the export worker was rate limited by our own proxy';

const browser = browserTests();

describe.skipIf(!chromium)('internal notes in the console', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    const desk = slackDesk(backend);

    async function signInWithToken(token: string) {
      const person = await browser.newPerson({ baseURL: desk.server.url, viewport: { width: 1200, height: 900 } });
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

    it('lets staff write a note in its own panel, posts it in the internal Slack thread, and shows the client nothing of it', async () => {
      const acme = await makeClientOrg(desk.core, 'acme');
      await desk.link(acme.id, PROVIDER_TEAM, ACME_CHANNEL, 'client');
      await desk.link(desk.core.providerId!, PROVIDER_TEAM, SUPPORT_CHANNEL, 'support');
      const contact = await desk.person(acme.id, ['contact'], 'Carla Client', { teamId: 'T0ACMENOTE', userId: 'UCARLAN1' });
      const agent = await desk.person(desk.core.providerId!, ['agent'], 'Agnes Agent', { teamId: PROVIDER_TEAM, userId: 'UAGNESN1' });
      const ticket = await desk.core.execute(openTicket, await actorOf(desk.core, contact.id), { orgId: acme.id, title: 'Exports time out' });

      const client = await signInWithToken(contact.token);
      await client.page.goto(`/tickets/${ticket.key}`);
      await client.page.getByRole('heading', { name: /Exports time out/ }).waitFor();
      await client.page.locator('p.live.on').first().waitFor();
      expect(await client.page.getByRole('heading', { name: /Notes \(internal\)/ }).count()).toBe(0);
      expect(await client.page.getByRole('button', { name: 'Add internal note' }).count()).toBe(0);

      const staff = await signInWithToken(agent.token);
      await staff.page.goto(`/tickets/${ticket.key}`);
      const panel = staff.page.getByRole('region', { name: /Notes \(internal\)/ });
      await panel.waitFor();
      await panel.getByText('No internal notes yet.').waitFor();
      await panel.getByLabel('Internal note (not sent to the client)').fill(NOTE_TEXT);
      await panel.getByRole('button', { name: 'Add internal note' }).click();
      await panel.getByText(NOTE_TEXT).waitFor();
      await look(staff.page, 'ticket-notes-staff');

      // The reply box is another form: a reply written there reaches the client.
      await staff.page.getByLabel('Comment').fill('We found the cause and are fixing it.');
      await staff.page.getByRole('button', { name: 'Send' }).click();
      await client.page.getByText('We found the cause and are fixing it.').waitFor();
      expect(await client.page.getByText(NOTE_TEXT).count()).toBe(0);
      expect(await client.page.content()).not.toContain('rate limited by our own proxy');
      await look(client.page, 'ticket-notes-client');

      await eventually(() => desk.slack.callsTo('chat.postMessage').some((c) => c.args.channel === SUPPORT_CHANNEL && JSON.stringify(c.args).includes(NOTE_TEXT)), 15_000);
      await eventually(() => desk.slack.callsTo('chat.postMessage').some((c) => c.args.channel === ACME_CHANNEL && JSON.stringify(c.args).includes('We found the cause')), 15_000);
      expect(desk.slack.calls.filter((c) => c.args.channel !== SUPPORT_CHANNEL && JSON.stringify(c.args).includes(NOTE_TEXT))).toEqual([]);
      // Each page's only expected console line: the 401 of /auth/session before signing in.
      const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));
      expect(unexpected(staff.errors)).toEqual([]);
      expect(unexpected(client.errors)).toEqual([]);
    });
  });
});
