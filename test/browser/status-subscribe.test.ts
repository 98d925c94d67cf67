/**
 * The status page's email subscription form (issue 15), in Debian's Chromium at a phone's width,
 * with SMTP configured: the address goes in, the server's one answer comes out (announced to screen
 * readers), and the confirmation mail reaches a real SMTP server; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailDoor } from '../../doors/email/index.ts';
import { SUBSCRIBE_ANSWER } from '../../doors/email/status-subscriptions.ts';
import { expectNoSeriousViolations } from '../support/axe.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fakeSmtp, type FakeSmtp } from '../support/smtp.ts';

const browser = browserTests();
const unexpected = (errors: string[]) => errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));

describe.skipIf(!chromium)('subscribing to the status page by email', { timeout: 120_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let db: TestDatabase;
    let server: TestServer;
    let smtp: FakeSmtp;

    beforeAll(async () => {
      smtp = await fakeSmtp();
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database, { env: { SMTP_URL: smtp.url, MAIL_FROM: 'opsdesk <status@vendor.example>' }, email: { sender: { autoRun: false } } });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
      await smtp?.close();
    });

    it('takes an address from the form, says the one answer, and mails the confirmation link', async () => {
      const { page, errors } = await browser.newPerson({ baseURL: server.url, viewport: { width: 360, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
      await page.goto('/status');
      const follow = page.getByRole('region', { name: 'Follow the status' });
      await follow.getByRole('link', { name: /Atom feed/ }).waitFor();
      await follow.getByLabel('Email address').fill('reader@client.example');
      await follow.getByRole('button', { name: 'Subscribe' }).click();
      await follow.getByRole('status').getByText(SUBSCRIBE_ANSWER).waitFor();
      await expectNoSeriousViolations(page, 'status page, subscribed');
      await browser.screenshot(page, `${backend}-status-subscribed`);
      await (server.doors.find((d) => d.name === 'email') as EmailDoor).sender.runDue();
      expect(smtp.to('reader@client.example').map((m) => m.parsed.subject)).toEqual(['Confirm your subscription to the status page']);
      expect(unexpected(errors)).toEqual([]);
    });
  });
});
