/**
 * Email subscriptions to the public status page, end to end over a real SMTP server: the subscribe
 * endpoint's one answer, the double opt-in, the public notices with RFC 8058 unsubscribe headers, the
 * one-click unsubscribe, the hourly cap on confirmation mail and the rate limit.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { declareIncident, postIncidentUpdate, scheduleMaintenance } from '../../../core/incidents/index.ts';
import { createService } from '../../../core/status/index.ts';
import { auditEvents } from '../../../db/schema.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { SUBSCRIBE_ANSWER, SUBSCRIBE_BURST_PER_CLIENT } from '../../../doors/email/status-subscriptions.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { fakeSmtp, type FakeSmtp, type Received } from '../../support/smtp.ts';

const PUBLIC_URL = 'https://status.vendor.example';
const READER = 'reader@client.example';
const LATE = 'late@client.example';

describe.each(backends)('status page subscriptions by email on %s', (backend) => {
  const clock = new ManualClock('2026-12-05T09:00:00Z');
  let smtp: FakeSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let door: EmailDoor;
  let api: string;
  let internal: string;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'opsdesk <status@vendor.example>', PUBLIC_URL },
      clock,
      email: { sender: { autoRun: false } },
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    api = (await server.core.execute(createService, operator(), { name: 'API', isPublic: true })).id;
    internal = (await server.core.execute(createService, operator(), { name: 'Billing worker', isPublic: false })).id;
    await door.sender.runDue();
  });
  beforeEach(() => smtp.reset());
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    await smtp?.close();
  });

  const subscribe = async (address: string) => {
    const res = await fetch(`${server.url}/status/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address }) });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
  };
  const linkIn = (mail: Received, path: string) => {
    const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}${path}\\?id=[^\\s"<]+`).exec(mail.parsed.text ?? '');
    expect(match, `a ${path} link in the mail`).not.toBeNull();
    return match![0].replace(PUBLIC_URL, server.url);
  };
  const header = (mail: Received, name: string) => mail.parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
  const notice = async (title: string, serviceIds: string[]) =>
    server.core.execute(declareIncident, operator(), { title, impact: 'minor', message: `${title}: we are looking into it.`, serviceIds });

  it('answers a subscription the same way whatever the address, and mails a confirmation link at most once an hour', async () => {
    const first = await subscribe(READER);
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toEqual({ message: SUBSCRIBE_ANSWER });
    await door.sender.runDue();
    const [confirmation, ...more] = smtp.to(READER);
    expect(more).toEqual([]);
    expect(confirmation!.parsed.subject).toBe('Confirm your subscription to the status page');
    linkIn(confirmation!, '/status/subscriptions/confirm');

    // Asked again within the hour: the same answer, no second mail.
    clock.advance(10 * 60_000);
    expect(await subscribe(READER.toUpperCase())).toMatchObject({ status: 202, body: first.body });
    await door.sender.runDue();
    expect(smtp.to(READER)).toHaveLength(1);

    // Nothing goes to an address that has not confirmed.
    await notice('Slow API', [api]);
    await door.sender.runDue();
    expect(smtp.to(READER)).toHaveLength(1);

    expect((await subscribe('not an address')).status).toBe(400);
  });

  it('sends a confirmed subscriber the public notices with one-click unsubscribe headers, and nothing after the one-click POST', async () => {
    clock.advance(60 * 60_000);
    expect((await subscribe(READER)).status).toBe(202);
    await door.sender.runDue();
    const [mail] = smtp.to(READER);
    const confirm = linkIn(mail!, '/status/subscriptions/confirm');

    // Opening the link (as a mail scanner does) confirms nothing; the button does.
    const opened = await fetch(confirm);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<button type="submit">Confirm</button>');
    const wrong = await fetch(confirm.replace(/token=[^&]+/, 'token=oss_forged'), { method: 'POST' });
    expect(wrong.status).toBe(404);
    const confirmed = await fetch(confirm, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscription confirmed');
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(404);

    // Confirmed: the answer to a new request is still the same, and no mail goes.
    smtp.reset();
    expect(await subscribe(READER)).toMatchObject({ status: 202, body: JSON.stringify({ message: SUBSCRIBE_ANSWER }) });
    await door.sender.runDue();
    expect(smtp.to(READER)).toEqual([]);

    const outage = await notice('API errors', [api, internal]);
    await notice('Worker backlog', [internal]);
    await server.core.execute(postIncidentUpdate, operator(), { incidentId: outage.id, status: 'resolved', message: 'Fixed by a rollback.' });
    await door.sender.runDue();
    const notices = smtp.to(READER);
    expect(notices.map((m) => m.parsed.subject)).toEqual(['[Investigating] API errors', '[Resolved] API errors']);
    for (const m of notices) {
      expect(m.parsed.text).not.toContain('Billing worker');
      expect(header(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(header(m, 'list-unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL.replace(/\./g, '\\.')}/status/unsubscribe\\?id=[^>]+>$`));
    }
    const unsubscribe = header(notices[1]!, 'list-unsubscribe')!.slice(1, -1).replace(PUBLIC_URL, server.url);
    expect(linkIn(notices[1]!, '/status/unsubscribe')).toBe(unsubscribe);

    // RFC 8058: a POST of List-Unsubscribe=One-Click to the header's URL, no sign-in, no cookie.
    const oneClick = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    smtp.reset();
    await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Database upgrade',
      startsAt: new Date('2026-12-09T05:00:00Z'),
      endsAt: new Date('2026-12-09T06:00:00Z'),
      serviceIds: [api],
    });
    await notice('API errors again', [api]);
    await door.sender.runDue();
    expect(smtp.to(READER)).toEqual([]);

    // The provider's chain keeps that a subscription came, was confirmed and removed; never the address.
    const trail = await db.database.db.select().from(auditEvents).where(eq(auditEvents.subjectType, 'status_subscriber'));
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['status_subscription.requested', 'status_subscription.confirmed', 'status_subscription.removed']));
    for (const event of trail) expect(event.orgId).toBeNull();
    expect(JSON.stringify(trail)).not.toContain(READER);
    expect(JSON.stringify(trail)).toContain('r•••@client.example');
  });

  it('does not confirm with an expired link', async () => {
    clock.advance(2 * 3_600_000);
    expect((await subscribe(LATE)).status).toBe(202);
    await door.sender.runDue();
    const confirm = linkIn(smtp.to(LATE)[0]!, '/status/subscriptions/confirm');
    clock.advance(25 * 3_600_000);
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(404);
  });

  it('ends the subscription of an address that bounces', async () => {
    clock.advance(24 * 3_600_000);
    const bouncy = 'gone@client.example';
    expect((await subscribe(bouncy)).status).toBe(202);
    await door.sender.runDue();
    expect((await fetch(linkIn(smtp.to(bouncy)[0]!, '/status/subscriptions/confirm'), { method: 'POST' })).status).toBe(200);
    smtp.refuse(bouncy, 550, 'no such mailbox');
    await notice('Login failures', [api]);
    await door.sender.runDue();
    smtp.accept(bouncy);
    smtp.reset();
    await notice('Login failures again', [api]);
    await door.sender.runDue();
    expect(smtp.to(bouncy)).toEqual([]);
    const removed = await db.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'status_subscription.removed'));
    expect(removed.map((e) => e.data)).toContainEqual({ address: 'g•••@client.example', reason: 'bounced' });
  });

  it('mails one confirmation when the same new address is asked for twice at once', async () => {
    clock.advance(24 * 3_600_000);
    const answers = await Promise.all([subscribe('twice@client.example'), subscribe('twice@client.example')]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[0]!.body).toBe(answers[1]!.body);
    await door.sender.runDue();
    expect(smtp.to('twice@client.example')).toHaveLength(1);
  });

  it('limits subscription requests per client, and says when to try again', async () => {
    // A fresh bucket: the clock moved on a day.
    clock.advance(24 * 3_600_000);
    const answers = [];
    for (let i = 0; i <= SUBSCRIBE_BURST_PER_CLIENT; i++) answers.push(await subscribe(`burst${i}@client.example`));
    expect(answers.slice(0, SUBSCRIBE_BURST_PER_CLIENT).map((a) => a.status)).toEqual(Array(SUBSCRIBE_BURST_PER_CLIENT).fill(202));
    const limited = answers[SUBSCRIBE_BURST_PER_CLIENT]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    await door.sender.runDue();
    expect(smtp.to(`burst${SUBSCRIBE_BURST_PER_CLIENT}@client.example`)).toEqual([]);
  });
});
