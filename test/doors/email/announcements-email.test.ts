/**
 * Upgrade announcements by email, through a real SMTP server in the test process: the recipients by
 * role, the MIME (headers, text, HTML, the text/calendar invitation with its UID, SEQUENCE, METHOD
 * and UTC window), reschedule and cancellation, an SMTP outage and its recovery in fake time, and a
 * permanent refusal given up and counted. The email door runs with a manual clock and `runDue()`.
 */
import { gt, max } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { cancelRelease, createAndAnnounceRelease, rescheduleRelease } from '../../../core/announcements/index.ts';
import { clearEmailBounce } from '../../../core/directory/index.ts';
import { loadConfig } from '../../../server/config.ts';
import { emailOutbox, type EmailOutboxRow } from '../../../db/schema.ts';
import { EMAIL_OFF_MESSAGE, type EmailDoor } from '../../../doors/email/index.ts';
import { unfold, utc } from '../../../doors/email/ical.ts';
import { actorOf, DAY, HOUR, MINUTE, releaseInput } from '../../support/announcements.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp, type Received } from '../../support/smtp.ts';

const MAIL_FROM = 'opsdesk <ops@vendor.example>';
const PUBLIC_URL = 'https://ops.vendor.example';

/** The invitation a message carries: its text/calendar part, unfolded, as property lines. */
function calendarOf(message: Received): string[] {
  const part = message.parsed.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, 'the message carries a text/calendar part').toBeDefined();
  return unfold(part!.content.toString('utf8')).split('\r\n').filter(Boolean);
}
const property = (lines: string[], name: string) => lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))?.replace(/^[^:]*:/, '');

describe.each(backends)('upgrade announcements by email on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const logLines: Array<Record<string, any>> = [];
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let acmeId: string;
  let betaId: string;
  let owner: MadePerson;
  let recipients: MadePerson[];
  let betaOwner: MadePerson;
  let contact: MadePerson;
  let before: number;

  const runDue = () => door.sender.runDue();
  const asOwner = () => actorOf(server.core, owner.id);
  const rowsOfThisTest = async (): Promise<EmailOutboxRow[]> =>
    db.database.db.select().from(emailOutbox).where(gt(emailOutbox.id, before)).orderBy(emailOutbox.id);
  /** Fake time passes in steps of `step` until nothing of this test waits (or the steps run out). */
  async function settle(step = 5 * MINUTE, steps = 100) {
    for (let i = 0; i < steps && (await rowsOfThisTest()).some((r) => r.status === 'pending'); i++) {
      clock.advance(step);
      await runDue();
    }
  }
  const announce = async (extra: Record<string, unknown> = {}) =>
    (await server.core.execute(createAndAnnounceRelease, await asOwner(), { release: releaseInput(clock.now(), 20 * DAY, extra) }));

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL },
      clock,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) }),
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    const provider = server.core.providerId!;
    owner = await makePerson(server.core, provider, ['product_owner'], { name: 'Pia Product' });
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    betaId = (await makeClientOrg(server.core, 'beta')).id;
    recipients = [
      await makePerson(server.core, acmeId, ['space_admin'], { name: 'Sam Spaceadmin' }),
      await makePerson(server.core, acmeId, ['space_owner'], { name: 'Sol Spaceowner' }),
      await makePerson(server.core, acmeId, ['contract_admin'], { name: 'Cay Contractadmin' }),
      await makePerson(server.core, acmeId, ['contract_owner'], { name: 'Col Contractowner' }),
    ];
    betaOwner = await makePerson(server.core, betaId, ['contract_owner'], { name: 'Bo Beta' });
    contact = await makePerson(server.core, acmeId, ['contact'], { name: 'Cleo Contact' });
    await runDue();
  });
  beforeEach(async () => {
    await runDue();
    smtp.reset();
    logLines.length = 0;
    const [last] = await db.database.db.select({ id: max(emailOutbox.id) }).from(emailOutbox);
    before = last?.id ?? 0;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  it('sends the announcement to every space and contract admin and owner, with the change log, the preview, a console link and an invitation for the window', async () => {
    const previewStart = new Date(clock.now().getTime() + 5 * DAY);
    const { release, announcement } = await announce({
      title: 'Faster search',
      changeLog: '## New\n- search is *faster*\n- exports, finally',
      preview: { start: previewStart, end: new Date(previewStart.getTime() + 7 * DAY), url: 'https://preview.vendor.example/acme' },
    });
    await runDue();

    const addressed = smtp.received.flatMap((m) => m.envelope.to).sort();
    expect(addressed).toEqual([...recipients, betaOwner].map((p) => p.email).sort());
    expect(smtp.to(contact.email)).toEqual([]);
    expect(smtp.to(owner.email)).toEqual([]);

    const [mail] = smtp.to(recipients[0]!.email);
    const { parsed, raw } = mail!;
    expect(mail!.envelope.from).toBe('ops@vendor.example');
    expect(parsed.from?.value).toEqual([{ name: 'opsdesk', address: 'ops@vendor.example' }]);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Sam Spaceadmin', address: recipients[0]!.email }] });
    expect(parsed.subject).toBe(`Upgrade ${release.version} (Faster search) on Sun 13 Dec 2026, 09:00 UTC (10:00 in Stockholm)`);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.messageId).toMatch(/^<opsdesk\.\d+\.\d+@vendor\.example>$/);
    expect(parsed.text).toContain('- search is *faster*\n- exports, finally');
    expect(parsed.text).toContain('The service will be offline during the window.');
    expect(parsed.text).toContain('https://preview.vendor.example/acme');
    expect(parsed.text).toContain(`${PUBLIC_URL}/announcements`);
    expect(parsed.html).toContain(`<a href="${PUBLIC_URL}/announcements">`);
    expect(parsed.html).toContain('search is *faster*');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);

    const ics = calendarOf(mail!);
    expect(property(ics, 'METHOD')).toBe('REQUEST');
    expect(property(ics, 'UID')).toBe(`announcement-${announcement.id}-org-${acmeId}@opsdesk`);
    expect(property(ics, 'SEQUENCE')).toBe('0');
    expect(property(ics, 'DTSTART')).toBe(utc(release.windowStart));
    expect(property(ics, 'DTEND')).toBe(utc(release.windowEnd));
    expect(property(ics, 'DTSTAMP')).toBe(utc(clock.now()));
    expect(property(ics, 'ORGANIZER')).toBe('mailto:ops@vendor.example');
    expect(property(ics, 'ATTENDEE')).toBe(`mailto:${recipients[0]!.email}`);
    expect(property(ics, 'STATUS')).toBe('CONFIRMED');
    // Another org's invitation is its own event.
    expect(property(calendarOf(smtp.to(betaOwner.email)[0]!), 'UID')).toBe(`announcement-${announcement.id}-org-${betaId}@opsdesk`);
    expect((await rowsOfThisTest()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('updates the invitation on a reschedule (same UID, higher SEQUENCE, the new window) and cancels it on a cancellation', async () => {
    const { release, announcement } = await announce();
    await runDue();
    const newStart = new Date(release.windowStart.getTime() + 7 * DAY);
    await server.core.execute(rescheduleRelease, await asOwner(), {
      releaseId: release.id,
      windowStart: newStart,
      windowEnd: new Date(newStart.getTime() + 3 * HOUR),
      reason: 'a holiday',
    });
    await runDue();
    await server.core.execute(cancelRelease, await asOwner(), { releaseId: release.id, reason: 'merged into the next one' });
    await runDue();

    for (const person of [...recipients, betaOwner]) {
      const mails = smtp.to(person.email);
      expect(mails.map((m) => m.parsed.subject)).toEqual([
        expect.stringMatching(/^Upgrade /),
        `Rescheduled: upgrade ${release.version} (Faster search)`,
        `Cancelled: upgrade ${release.version} (Faster search)`,
      ]);
      const [first, update, cancel] = mails.map(calendarOf);
      expect(property(update!, 'UID')).toBe(property(first!, 'UID'));
      expect(property(cancel!, 'UID')).toBe(property(first!, 'UID'));
      expect([first, update, cancel].map((ics) => property(ics!, 'SEQUENCE'))).toEqual(['0', '1', '2']);
      expect(property(update!, 'METHOD')).toBe('REQUEST');
      expect(property(update!, 'DTSTART')).toBe(utc(newStart));
      expect(property(update!, 'DTEND')).toBe(utc(new Date(newStart.getTime() + 3 * HOUR)));
      expect(property(cancel!, 'METHOD')).toBe('CANCEL');
      expect(property(cancel!, 'STATUS')).toBe('CANCELLED');
      expect(mails[1]!.parsed.text).toContain('a holiday');
      expect(mails[2]!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/);
    }
    expect(property(calendarOf(smtp.to(recipients[0]!.email)[0]!), 'UID')).toBe(`announcement-${announcement.id}-org-${acmeId}@opsdesk`);
  });

  it('loses nothing to an SMTP outage: once the server is back every message arrives once, in order per recipient', async () => {
    await smtp.down();
    const { release } = await announce({ title: 'Outage proof' });
    await runDue();
    const newStart = new Date(release.windowStart.getTime() + DAY);
    await server.core.execute(rescheduleRelease, await asOwner(), { releaseId: release.id, windowStart: newStart, windowEnd: new Date(newStart.getTime() + HOUR) });
    await runDue();
    await server.core.execute(cancelRelease, await asOwner(), { releaseId: release.id });
    // Two hours without the SMTP server, opsdesk trying again and again.
    for (let i = 0; i < 24; i++) {
      clock.advance(5 * MINUTE);
      await runDue();
    }
    const waiting = await rowsOfThisTest();
    expect(waiting).toHaveLength(3 * 5);
    expect(waiting.every((r) => r.status === 'pending')).toBe(true);
    // Each recipient's first message was tried (and holds its lane); the ones behind it wait untried.
    expect(waiting.filter((r) => r.attempts > 1)).toHaveLength(5);
    expect(waiting.filter((r) => r.attempts === 0)).toHaveLength(10);
    expect(smtp.received).toEqual([]);
    expect(logLines.some((l) => l.msg === 'the SMTP server could not take an email now; trying again')).toBe(true);

    await smtp.up();
    await settle();
    expect((await rowsOfThisTest()).map((r) => r.status)).toEqual(Array(15).fill('sent'));
    for (const person of [...recipients, betaOwner]) {
      const mails = smtp.to(person.email);
      expect(mails.map((m) => m.parsed.subject)).toEqual([
        expect.stringMatching(new RegExp(`^Upgrade ${release.version.replace(/\./g, '\\.')} `)),
        `Rescheduled: upgrade ${release.version} (Outage proof)`,
        `Cancelled: upgrade ${release.version} (Outage proof)`,
      ]);
      expect(mails.map((m) => property(calendarOf(m), 'SEQUENCE'))).toEqual(['0', '1', '2']);
    }
  });

  it('tries a passing refusal (4xx) again, and delivers once the mailbox takes it', async () => {
    const busy = recipients[1]!;
    smtp.refuse(busy.email, 451);
    await announce({ title: 'Busy mailbox' });
    await runDue();
    expect(smtp.to(busy.email)).toEqual([]);
    const [row] = (await rowsOfThisTest()).filter((r) => r.lane === busy.email);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toContain('451');
    smtp.accept(busy.email);
    await settle();
    expect(smtp.to(busy.email).map((m) => m.parsed.subject)).toEqual([expect.stringContaining('Busy mailbox')]);
  });

  it('gives up a permanent refusal (5xx) with one log line and a count; the address bounces until an admin clears it', async () => {
    const gone = recipients[2]!;
    const givenUpBefore = (await server.core.metrics.emailGivenUp.get()).values.find((v) => v.labels.reason === 'smtp_550')?.value ?? 0;
    smtp.refuse(gone.email, 550);
    const { release } = await announce({ title: 'Mailbox gone' });
    await runDue();
    const [row] = (await rowsOfThisTest()).filter((r) => r.lane === gone.email);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toContain('550');
    const lines = logLines.filter((l) => l.msg === 'email given up; it is not sent');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, to: gone.email, reason: 'smtp_550', kind: 'announcement' });
    const givenUp = (await server.core.metrics.emailGivenUp.get()).values.find((v) => v.labels.reason === 'smtp_550')?.value;
    expect(givenUp).toBe(givenUpBefore + 1);
    // Everyone else got it; the refusal did not hold the lane.
    expect(smtp.received.flatMap((m) => m.envelope.to).sort()).toEqual([...recipients, betaOwner].filter((p) => p !== gone).map((p) => p.email).sort());
    // A refused recipient is a hard bounce: the address gets nothing more, even when the server would take it...
    smtp.accept(gone.email);
    await server.core.execute(cancelRelease, await asOwner(), { releaseId: release.id });
    await runDue();
    expect(smtp.to(gone.email)).toEqual([]);
    // ...until an admin clears it: the next announcement reaches it.
    await server.core.execute(clearEmailBounce, operator(), { personId: gone.id });
    const { release: next } = await announce({ title: 'Mailbox fixed' });
    await runDue();
    expect(smtp.to(gone.email).map((m) => m.parsed.subject)).toEqual([expect.stringContaining(`${next.version}`)]);
  });

  it('gives up what the SMTP server has not taken by the end of the retry horizon (72 h), each with a log line and a count', async () => {
    const count = async () => (await server.core.metrics.emailGivenUp.get()).values.find((v) => v.labels.reason === 'retry_horizon')?.value ?? 0;
    const before = await count();
    await smtp.down();
    await announce({ title: 'Never reached' });
    await runDue();
    for (let i = 0; i < 2 * 71; i++) {
      clock.advance(30 * MINUTE);
      await runDue();
    }
    expect((await rowsOfThisTest()).map((r) => r.status)).toEqual(Array(5).fill('pending'));
    await settle(30 * MINUTE, 6);
    const rows = await rowsOfThisTest();
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('failed'));
    expect(rows.every((r) => r.lastError!.startsWith('still failing after 7'))).toBe(true);
    expect(logLines.filter((l) => l.msg === 'email given up; it is not sent' && l.reason === 'retry_horizon')).toHaveLength(5);
    expect(await count()).toBe(before + 5);
    await smtp.up();
  });
});

describe('email configuration', () => {
  it('needs MAIL_FROM beside SMTP_URL, and keeps messages 72 hours by default', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(/MAIL_FROM: required when SMTP_URL is set/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'a@b.example' })).toThrow(/SMTP_URL/);
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.com:587', MAIL_FROM: 'ops@example.com' }).EMAIL_RETRY_HORIZON_HOURS).toBe(72);
  });

  it('is off with one clear log line when SMTP_URL is unset', async () => {
    const db = await createTestDatabase('pglite');
    const lines: Array<Record<string, any>> = [];
    const server = await startTestServer(db.database, { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) });
    try {
      expect(server.doors.some((d) => d.name === 'email')).toBe(false);
      expect(lines.filter((l) => l.msg === EMAIL_OFF_MESSAGE)).toHaveLength(1);
    } finally {
      await server.stop();
      await db.dispose();
    }
  });
});
