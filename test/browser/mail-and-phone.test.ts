/**
 * Issue 14's "done when", end to end on the real server with every door open: Debian's Chromium for
 * the console, msw's fakes of Slack's Web API and Twilio's API, a real SMTP server for what opsdesk
 * sends, and the raw-MIME webhook for what it receives. A client admin who has only an email address
 * and a phone mails support: the ticket shows in Slack and live on an agent's console; the
 * conversation goes on by mail both ways; an announcement reaches her with its invitation; an alarm
 * pages an on-call engineer without Slack by SMS and email. Real clock: the doors run on their own.
 */
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, setNotificationRules } from '../../core/alarms/index.ts';
import { createAndAnnounceRelease } from '../../core/announcements/index.ts';
import { setPhone } from '../../core/directory/index.ts';
import { makeAlarmSource } from '../support/alarms.ts';
import { DAY, releaseInput } from '../support/announcements.ts';
import { browserTests, chromium } from '../support/browser.ts';
import { eventually } from '../support/clients.ts';
import { actorOf, operator } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { AUTHSERV, makeMailSource, rawMail } from '../support/mail.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../support/server.ts';
import { fakeSlackApi, PROVIDER_TEAM, slackEnv, type FakeSlackApi } from '../support/slack.ts';
import { fakeSmtp, type FakeSmtp } from '../support/smtp.ts';

const SUPPORT = 'support@desk.example';
const TWILIO = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000014', TWILIO_AUTH_TOKEN: 'tw-token', TWILIO_FROM: '+15005550006' };
const MESSAGES = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.TWILIO_ACCOUNT_SID}/Messages.json`;
const ACME_CHANNEL = 'CACMEMAIL1';
const SUPPORT_CHANNEL = 'CSUPPMAIL1';
const WAIT = 20_000;

const browser = browserTests();

describe.skipIf(!chromium)('a person with only an email address and a phone', { timeout: 180_000 }, () => {
  describe.each(backends)('on %s', (backend) => {
    let slack: FakeSlackApi;
    let smtp: FakeSmtp;
    let db: TestDatabase;
    let server: TestServer;
    let mailSecret: string;
    let acmeId: string;
    let pia: MadePerson;
    let olle: MadePerson;
    let agent: MadePerson;
    let owner: MadePerson;
    const texts: Array<Record<string, string>> = [];

    const mailsTo = (who: MadePerson) => smtp.to(who.email);
    const mailIn = async (raw: string) => {
      const response = await fetch(`${server.url}/hooks/email/mx`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${mailSecret}` }, body: raw });
      expect(response.status).toBe(202);
      return (await response.json()) as { outcome: string; ticketKey: string };
    };
    const postedIn = (channel: string, needle: string) =>
      slack.callsTo('chat.postMessage').some((c) => c.args.channel === channel && JSON.stringify([c.args.text, c.args.blocks ?? []]).includes(needle));

    beforeAll(async () => {
      slack = fakeSlackApi();
      slack.use(
        http.post(MESSAGES, async ({ request }) => {
          texts.push(Object.fromEntries(new URLSearchParams(await request.text())));
          return HttpResponse.json({ sid: `SM${texts.length}${backend}`, status: 'queued' }, { status: 201 });
        }),
      );
      smtp = await fakeSmtp();
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database, {
        env: { ...slackEnv, ...TWILIO, SMTP_URL: smtp.url, MAIL_FROM: `opsdesk <${SUPPORT}>`, SUPPORT_ADDRESS: SUPPORT, EMAIL_AUTHSERV_ID: AUTHSERV },
        slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { pollMs: 100, paceMs: 0 } },
        email: { sender: { pollMs: 100 } },
        sms: { sender: { pollMs: 100 } },
      });
      const core = server.core;
      const provider = core.providerId!;
      acmeId = (await makeClientOrg(core, 'acme')).id;
      await linkSlackChannel(core, acmeId, PROVIDER_TEAM, ACME_CHANNEL, 'client');
      await linkSlackChannel(core, provider, PROVIDER_TEAM, SUPPORT_CHANNEL, 'support');
      pia = await makePerson(core, acmeId, ['space_admin'], { name: 'Pia Postal', email: 'pia@acme.example' });
      await core.execute(setPhone, operator(), { personId: pia.id, phone: '+46701111111' });
      olle = await makePerson(core, provider, ['oncall'], { name: 'Olle Offline', email: 'olle@vendor.example' });
      await core.execute(setPhone, operator(), { personId: olle.id, phone: '+46702222222' });
      // Paged by text and mail at once (the default would mail him after 5 minutes).
      await core.execute(setNotificationRules, operator(), { personId: olle.id, steps: [{ channel: 'sms', delayMinutes: 0 }, { channel: 'email', delayMinutes: 0 }] });
      await core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'Europe/Stockholm', startDate: '2026-01-01', members: [olle.id] });
      agent = await makePerson(core, provider, ['agent'], { name: 'Agnes Agent', slack: { teamId: PROVIDER_TEAM, userId: 'UAGNES014' } });
      owner = await makePerson(core, provider, ['product_owner'], { name: 'Per Product' });
      mailSecret = (await makeMailSource(core, 'mx')).secret;
    });
    afterAll(async () => {
      await server?.stop();
      await db?.dispose();
      slack?.close();
      await smtp?.close();
    });

    it('turns her mail to support into a ticket the team sees in Slack and live in the console, and carries the conversation by mail both ways', async () => {
      const console = await browser.newPerson({ baseURL: server.url, viewport: { width: 1200, height: 900 } });
      const page = console.page;
      await page.goto('/signin');
      await page.getByLabel('API token').fill(agent.token);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
      await page.locator('p.live.on').first().waitFor();

      const opened = await mailIn(rawMail({ from: 'pia@acme.example', subject: 'Reports are empty', text: 'Every report since this morning is empty.\n\n-- \nPia' }).raw);
      expect(opened).toMatchObject({ outcome: 'ticket', ticketKey: expect.stringMatching(/^ACME-\d+$/) });
      const key = opened.ticketKey;

      // The agent's queue was open all along: the ticket arrives without a reload; Slack has its card and support's notice.
      await page.getByRole('link', { name: key }).waitFor();
      await eventually(() => postedIn(ACME_CHANNEL, key) && postedIn(SUPPORT_CHANNEL, key), WAIT);
      await eventually(() => mailsTo(pia).some((m) => m.parsed.subject === `[${key}] Ticket received: Reports are empty`), WAIT);

      // The agent answers in the console; she gets it by mail, with the ticket's own reply address.
      await page.getByRole('link', { name: key }).click();
      await page.getByRole('heading', { name: /Reports are empty/ }).waitFor();
      await page.locator('p.live.on').first().waitFor();
      await page.getByLabel('Comment').fill('Which report? The sales report looks fine here.');
      await page.getByRole('button', { name: 'Send' }).click();
      await eventually(() => mailsTo(pia).some((m) => m.parsed.subject === `[${key}] New comment from Agnes Agent: Reports are empty`), WAIT);
      const question = mailsTo(pia).find((m) => m.parsed.subject === `[${key}] New comment from Agnes Agent: Reports are empty`)!;
      expect(question.parsed.text).toContain('> Which report? The sales report looks fine here.');
      const replyTo = question.parsed.replyTo!.value[0]!.address!;
      expect(replyTo).toBe(`support+${key.toLowerCase()}@desk.example`);

      // She answers the mail: a comment on the ticket, live in the agent's console and in the card's Slack thread.
      const answered = await mailIn(
        rawMail({
          from: 'pia@acme.example',
          to: replyTo,
          subject: `Re: ${question.parsed.subject}`,
          inReplyTo: question.parsed.messageId!.replace(/^<|>$/g, ''),
          references: String(question.parsed.references ?? ''),
          text: 'The usage report, every tab.\n\nOn Fri, Agnes Agent wrote:\n> Which report?',
        }).raw,
      );
      expect(answered).toEqual(expect.objectContaining({ outcome: 'comment', ticketKey: key }));
      await page.getByText('The usage report, every tab.').waitFor();
      await eventually(
        () => slack.callsTo('chat.postMessage').some((c) => c.args.channel === ACME_CHANNEL && c.args.thread_ts && String(c.args.text).includes('The usage report, every tab.')),
        WAIT,
      );
      // Her own reply is not mailed back to her.
      expect(mailsTo(pia).filter((m) => m.parsed.text?.includes('The usage report, every tab.'))).toEqual([]);
      expect(console.errors.filter((line) => !line.includes('status of 401 (Unauthorized)'))).toEqual([]);
    });

    it('sends her an upgrade announcement by email with its calendar invitation', async () => {
      const { release } = await server.core.execute(createAndAnnounceRelease, await actorOf(server.core, owner.id), { release: releaseInput(new Date(), 20 * DAY) });
      await eventually(() => mailsTo(pia).some((m) => String(m.parsed.subject).includes(release.version)), WAIT);
      const mail = mailsTo(pia).find((m) => String(m.parsed.subject).includes(release.version))!;
      expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      expect(mail.raw).toContain('SEQUENCE:0');
    });

    it('pages the on-call engineer who has no Slack by SMS and by email', async () => {
      const source = await makeAlarmSource(server.core, `prom-${backend}`);
      const fired = await fetch(`${server.url}/hooks/alarms/${source.name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${source.secret}` },
        body: JSON.stringify({ fingerprint: 'db-1', summary: 'Primary database down', severity: 'critical' }),
      });
      expect(fired.status).toBe(202);
      await eventually(() => texts.some((t) => t.To === '+46702222222') && mailsTo(olle).length > 0, WAIT);
      expect(texts.find((t) => t.To === '+46702222222')!.Body).toContain('Primary database down');
      expect(mailsTo(olle).map((m) => m.parsed.subject)).toEqual(['[PAGE] critical: Primary database down']);
    });
  });
});
