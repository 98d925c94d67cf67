/**
 * The console's pages for email and SMS (issue 14): a person's own Settings (mobile number,
 * notification channels, paging rules), the mail quarantine for support staff, and a bouncing
 * address on the People page. Debian's Chromium against the real server, each page checked by axe.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { systemActor } from '../../core/actor.ts';
import { markEmailBouncing } from '../../core/directory/index.ts';
import { quarantineMail } from '../../core/mail/index.ts';
import { memberships, mailQuarantine, tickets } from '../../db/schema.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { gql } from '../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';

const browser = browserTests();

/** The browser's own line for the 401 of `/auth/session` before sign-in is expected; nothing else is. */
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));

describe.skipIf(!chromium)('the console’s settings, mail quarantine and bouncing addresses', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let acme: { id: string; name: string };
    let agent: MadePerson;
    let contact: MadePerson;
    let admin: MadePerson;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database);
      acme = await makeClientOrg(server.core, 'acme');
      agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Agnes Agent' });
      contact = await makePerson(server.core, acme.id, ['contact'], { name: 'Carla Client' });
      admin = await makePerson(server.core, server.core.providerId!, ['admin'], { name: 'Ada Admin' });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
    });

    async function signIn(token: string, viewport = { width: 1200, height: 900 }) {
      const person = await browser.newPerson({ baseURL: server.url, viewport });
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

    const hold = (subject: string, from: string, attachments: { name: string; size: number }[] = []) =>
      server.core.execute(quarantineMail, systemActor('email', 'email', 'test'), {
        reason: 'the sender is no person of a client org',
        mail: {
          messageId: `${randomUUID()}@mail.example`,
          source: 'mailgun',
          from,
          fromName: null,
          recipients: [],
          subject,
          text: `About ${subject}.`,
          attachments,
          references: [],
          authenticationResults: [],
          size: 1200,
        },
      });

    it('keeps a staff member’s mobile number, notification choice and paging rules across a reload, and stores them', async () => {
      const { page, errors } = await signIn(agent.token);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();

      // A number the API refuses: its words show by the field, which says it is invalid.
      const phone = page.getByRole('textbox', { name: 'Mobile number' });
      await phone.fill('070 12');
      await page.getByRole('button', { name: 'Save number' }).click();
      await expect.poll(() => page.locator('#phone-error').textContent()).toContain('E.164');
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      expect(await phone.getAttribute('aria-describedby')).toBe('phone-error');
      await phone.fill('+46 70 123 45 67');
      await page.getByRole('button', { name: 'Save number' }).click();
      await page.getByText('Mobile number saved as +46701234567.').waitFor();

      // Ticket updates: the default until chosen, then Email.
      const ticket = page.getByRole('group', { name: 'Ticket updates' });
      await ticket.getByText('Default', { exact: true }).waitFor();
      await ticket.getByLabel('Email').check();
      await ticket.getByRole('button', { name: 'Save ticket updates' }).click();
      await ticket.getByText('Your choice').waitFor();

      // Paging rules: the default (Slack 0, SMS 2, Email 5); Slack moved to 10 minutes is saved last.
      const rules = page.getByRole('region', { name: 'Paging rules' });
      await rules.getByText('Default', { exact: true }).waitFor();
      await look(page, 'settings-staff');
      await rules.getByLabel('Minutes after the page, step 1').fill('10');
      await rules.getByRole('button', { name: 'Save paging rules' }).click();
      await rules.getByText('Paging rules saved.').waitFor();

      await page.reload();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      await expect.poll(() => page.getByRole('textbox', { name: 'Mobile number' }).inputValue()).toBe('+46701234567');
      expect(await page.getByRole('group', { name: 'Ticket updates' }).getByLabel('Email').isChecked()).toBe(true);
      await page.getByRole('group', { name: 'Ticket updates' }).getByText('Your choice').waitFor();
      const kept = page.getByRole('region', { name: 'Paging rules' });
      await kept.getByText('Your rules').waitFor();
      const steps = [];
      for (const n of [1, 2, 3]) {
        steps.push([await kept.getByLabel(`Channel of step ${n}`).inputValue(), await kept.getByLabel(`Minutes after the page, step ${n}`).inputValue()]);
      }
      expect(steps).toEqual([
        ['SMS', '2'],
        ['EMAIL', '5'],
        ['SLACK', '10'],
      ]);
      await look(page, 'settings-staff-saved');

      // What the API reads back is what the page showed.
      const stored = await gql(
        server.url,
        agent.token,
        `query($orgId: ID!) { people(orgId: $orgId) { id phone notificationChoices { kind channels chosen } }
           notificationRules { isDefault steps { channel delayMinutes } } }`,
        { orgId: server.core.providerId },
      );
      expect(stored.errors).toBeUndefined();
      const me = stored.data!.people.find((p: { id: string }) => p.id === agent.id);
      expect(me.phone).toBe('+46701234567');
      expect(me.notificationChoices).toContainEqual({ kind: 'TICKET', channels: 'EMAIL', chosen: true });
      expect(stored.data!.notificationRules).toEqual({
        isDefault: false,
        steps: [
          { channel: 'SMS', delayMinutes: 2 },
          { channel: 'EMAIL', delayMinutes: 5 },
          { channel: 'SLACK', delayMinutes: 10 },
        ],
      });

      // Back to the default.
      await kept.getByRole('button', { name: 'Reset to default' }).click();
      await kept.getByText('Paging rules back to the default.').waitFor();
      const reset = await gql(server.url, agent.token, '{ notificationRules { isDefault } }');
      expect(reset.data!.notificationRules.isDefault).toBe(true);
      expect(unexpected(errors)).toEqual([]);
    });

    it('lets a support agent drop one held mail and assign others to a client and to a ticket, the list following each', async () => {
      const invoice = await hold('Invoice question', 'billing@unknown.example', [{ name: 'invoice.pdf', size: 2048 }]);
      const outage = await hold('Site is down', 'someone@acme.example');
      const followUp = await hold('More about the outage', 'someone@acme.example');
      const { page, errors } = await signIn(agent.token);
      await page.getByRole('link', { name: 'Mail quarantine' }).click();
      await page.getByRole('heading', { name: 'Mail quarantine', level: 1 }).waitFor();
      const row = (subject: string) => page.getByRole('row').filter({ hasText: subject });
      await row('Invoice question').waitFor();
      expect(await row('Invoice question').getByRole('cell').allTextContents()).toEqual([
        'billing@unknown.example',
        'the sender is no person of a client org',
        expect.any(String),
        '1',
        expect.stringContaining('Assign'),
      ]);
      await row('Site is down').waitFor();
      await look(page, 'quarantine-held');

      // Drop, with a reason.
      await row('Invoice question').getByRole('button', { name: 'Drop “Invoice question”' }).click();
      const drop = page.getByRole('dialog', { name: 'Drop “Invoice question”?' });
      await drop.getByLabel('Reason (for the audit trail)').fill('spam');
      await look(page, 'quarantine-drop-dialog');
      await drop.getByRole('button', { name: 'Drop mail' }).click();
      await page.getByText('“Invoice question” dropped.').waitFor();
      await row('Invoice question').waitFor({ state: 'detached' });

      // Assign to a client: a new ticket.
      await row('Site is down').getByRole('button', { name: 'Assign “Site is down”' }).click();
      const assign = page.getByRole('dialog', { name: 'Assign “Site is down”' });
      await assign.getByLabel('Client', { exact: true }).selectOption({ label: acme.name });
      await look(page, 'quarantine-assign-dialog');
      await assign.getByRole('button', { name: 'Assign mail' }).click();
      await page.getByText(/“Site is down” opened ticket ACME-\d+\./).waitFor();
      await row('Site is down').waitFor({ state: 'detached' });
      const [opened] = await server.core.database.db.select().from(tickets).where(eq(tickets.title, 'Site is down'));
      expect(opened).toMatchObject({ orgId: acme.id });

      // Assign to that ticket by its key: a comment; an unknown key is said by the field.
      await row('More about the outage').getByRole('button', { name: 'Assign “More about the outage”' }).click();
      const comment = page.getByRole('dialog', { name: 'Assign “More about the outage”' });
      await comment.getByLabel('A comment on a ticket').check();
      await comment.getByLabel('Ticket key (such as ACME-42)').fill('ACME-999');
      await comment.getByRole('button', { name: 'Assign mail' }).click();
      await comment.getByText(/ACME-999/).and(comment.getByRole('alert')).waitFor();
      await comment.getByLabel('Ticket key (such as ACME-42)').fill(opened!.key.toLowerCase());
      await comment.getByRole('button', { name: 'Assign mail' }).click();
      await page.getByText(`“More about the outage” added to ticket ${opened!.key} as a comment.`).waitFor();
      await page.getByText('No held mail.').waitFor();

      // The other statuses list what was done.
      await page.getByLabel('Status').selectOption('DROPPED');
      await row('Invoice question').waitFor();
      await page.getByLabel('Status').selectOption('ASSIGNED');
      await row('Site is down').waitFor();
      await row('More about the outage').waitFor();
      await look(page, 'quarantine-assigned');

      const rows = await server.core.database.db.select().from(mailQuarantine);
      const statusOf = (id: string) => rows.find((r) => r.id === id)!;
      expect(statusOf(invoice.id)).toMatchObject({ status: 'DROPPED', resolvedById: agent.id });
      expect(statusOf(outage.id)).toMatchObject({ status: 'ASSIGNED', ticketId: opened!.id });
      expect(statusOf(followUp.id)).toMatchObject({ status: 'ASSIGNED', ticketId: opened!.id });
      expect(unexpected(errors)).toEqual([]);
    });

    it('shows a client person Settings without paging rules, and no link to the mail quarantine', async () => {
      const { page, errors } = await signIn(contact.token);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Settings' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Mail quarantine' }).count()).toBe(0);
      await nav.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('group', { name: 'Ticket updates' }).waitFor();
      await page.getByRole('textbox', { name: 'Mobile number' }).waitFor();
      expect(await page.getByRole('region', { name: 'Paging rules' }).count()).toBe(0);
      // Following every ticket of their org: the switch is kept, and stored on their membership.
      const follow = page.getByRole('checkbox', { name: 'Follow every ticket of acme Inc' });
      expect(await follow.isChecked()).toBe(false);
      await follow.check();
      await page.getByText('You follow every ticket of acme Inc.').waitFor();
      await page.reload();
      await page.getByRole('checkbox', { name: 'Follow every ticket of acme Inc' }).waitFor();
      expect(await page.getByRole('checkbox', { name: 'Follow every ticket of acme Inc' }).isChecked()).toBe(true);
      const [row] = await server.core.database.db
        .select({ follows: memberships.followsTickets })
        .from(memberships)
        .where(and(eq(memberships.personId, contact.id), eq(memberships.orgId, acme.id)));
      expect(row!.follows).toBe(true);
      await look(page, 'settings-client');
      // Typed by hand, the address says the page is not theirs (and the API refuses them).
      await page.goto('/quarantine');
      await page.getByText("The mail quarantine is for the provider's support staff.").waitFor();
      const refused = await gql(server.url, contact.token, '{ mailQuarantine { id } }');
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(unexpected(errors)).toEqual([]);
    });

    it('shows an admin a person’s bouncing address and why, and clears it', async () => {
      const bouncer = await makePerson(server.core, acme.id, ['contact'], { name: 'Bo Bounce' });
      await server.core.execute(markEmailBouncing, systemActor('email', 'email', 'test'), { address: bouncer.email, reason: '550 5.1.1 no such user', source: 'smtp' });
      const { page, errors } = await signIn(admin.token);
      await page.getByRole('link', { name: 'People' }).click();
      await page.getByLabel('Organisation').selectOption({ label: acme.name });
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Bo Bounce' }) });
      await card.getByText('550 5.1.1 no such user').waitFor();
      await card.getByText(bouncer.email).first().waitFor();
      await look(page, 'people-bouncing');
      await card.getByRole('button', { name: 'Clear bounce of Bo Bounce' }).click();
      await card.getByText('Bounce cleared: mail to Bo Bounce is sent again.').waitFor();
      await card.getByRole('button', { name: 'Clear bounce of Bo Bounce' }).waitFor({ state: 'detached' });
      const read = await gql(server.url, admin.token, 'query($orgId: ID!) { people(orgId: $orgId) { id emailBouncing { reason } } }', { orgId: acme.id });
      expect(read.data!.people.find((p: { id: string }) => p.id === bouncer.id).emailBouncing).toBeNull();
      expect(unexpected(errors)).toEqual([]);
    });

    it('shows Settings and the mail quarantine at phone width, with no serious accessibility violation', async () => {
      await hold('Seen on a phone', 'phone@unknown.example', [{ name: 'a.png', size: 10 }]);
      const { page, errors } = await signIn(admin.token, { width: 360, height: 740 });
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('region', { name: 'Paging rules' }).getByLabel('Channel of step 1').waitFor();
      await look(page, 'settings-360');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Mail quarantine' }).click();
      await page.getByRole('row').filter({ hasText: 'Seen on a phone' }).waitFor();
      await look(page, 'quarantine-360');
      expect(unexpected(errors)).toEqual([]);
    });
  });
});
