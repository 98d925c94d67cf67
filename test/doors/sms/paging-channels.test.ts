/**
 * A page through every channel, end to end on the real server: the fake Slack Web API and the
 * SMS provider's API (Twilio's, both on msw), a real SMTP server for the email; timers, the Slack
 * notifier, the SMS door and the email door all driven on one manual clock. Slack at once, SMS
 * after 2 minutes, email after 5; acknowledging stops what is left; a Slack outage pages by SMS
 * without waiting for the delay; a person with only a phone and an email address is paged by both.
 */
import { and, asc, eq } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema.ts';
import { acknowledgeAlarm, createEscalationPolicy, createSchedule, resolveAlarm, setAlarmRoute, setDisasterRecoveryContacts, setNotificationRules } from '../../../core/alarms/index.ts';
import { ManualClock } from '../../../core/clock.ts';
import { setPhone } from '../../../core/directory/index.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import type { SmsDoor } from '../../../doors/sms/index.ts';
import type { SlackDoor } from '../../../doors/slack/index.ts';
import { firing, ingest, makeAlarmSource } from '../../support/alarms.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf, operator } from '../../support/core.ts';
import { linkSlackChannel, makePerson, slackDoorOf, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { fakeSlackApi, PROVIDER_TEAM, slackEnv, type FakeSlackApi } from '../../support/slack.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

const PUBLIC_URL = 'https://ops.example.test';
const TWILIO = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001', TWILIO_AUTH_TOKEN: 'tw-token', TWILIO_FROM: '+15005550006' };
const MESSAGES = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.TWILIO_ACCOUNT_SID}/Messages.json`;
const ONCALL = 'CONCALL01';
const ADA_SLACK = 'UADA00001';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(backends)('paging by Slack, SMS and email on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let db: TestDatabase;
  let slack: FakeSlackApi;
  let smtp: FakeSmtp;
  let server: TestServer;
  let slackDoor: SlackDoor;
  let smsDoor: SmsDoor;
  let emailDoor: EmailDoor;
  let ada: MadePerson;
  let eve: MadePerson;
  const texts: Array<{ at: number; form: Record<string, string>; authorization: string | null }> = [];
  let source: Awaited<ReturnType<typeof makeAlarmSource>>;
  let twilioRefuses = false;

  /** Everything that runs on the clock: timers, then each door's sender. */
  async function runAll() {
    await server.core.timers.runDue();
    await slackDoor.notifier.runDue();
    await smsDoor.sender.runDue();
    await emailDoor.sender.runDue();
  }
  async function pass(ms: number, step = 5 * SECOND) {
    for (let elapsed = step; elapsed <= ms; elapsed += step) {
      clock.advance(step);
      await runAll();
    }
  }
  const dmsTo = (user: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user);
  async function pagesOnTrail(alarmId: string) {
    const rows = await server.core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, alarmId)).orderBy(asc(auditEvents.seq));
    return rows.flatMap((e) => {
      const data = e.data as { channel?: string };
      if (e.action === 'alarm.page_sent') return [data.channel!];
      if (e.action === 'alarm.page_failed') return [`-${data.channel}`];
      return [];
    });
  }

  beforeAll(async () => {
    slack = fakeSlackApi();
    slack.use(
      http.post(MESSAGES, async ({ request }) => {
        texts.push({ at: clock.now().getTime(), authorization: request.headers.get('authorization'), form: Object.fromEntries(new URLSearchParams(await request.text())) });
        if (twilioRefuses) return HttpResponse.json({ code: 21614, message: "'To' number is not a valid mobile number", status: 400 }, { status: 400 });
        return HttpResponse.json({ sid: `SM${texts.length}x${backend}`, status: 'queued' }, { status: 201 });
      }),
    );
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { ...slackEnv, ...TWILIO, SMTP_URL: smtp.url, MAIL_FROM: 'opsdesk <ops@example.test>', PUBLIC_URL },
      clock,
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { autoRun: false, paceMs: 0 } },
      sms: { sender: { autoRun: false } },
      email: { sender: { autoRun: false } },
    });
    slackDoor = slackDoorOf(server);
    smsDoor = server.doors.find((d) => d.name === 'sms') as SmsDoor;
    emailDoor = server.doors.find((d) => d.name === 'email') as EmailDoor;
    const provider = server.core.providerId!;
    ada = await makePerson(server.core, provider, ['oncall'], { name: 'Ada', slack: { teamId: PROVIDER_TEAM, userId: ADA_SLACK } });
    eve = await makePerson(server.core, provider, ['oncall'], { name: 'Eve' });
    await server.core.execute(setPhone, operator(), { personId: ada.id, phone: '+46701000001' });
    await server.core.execute(setPhone, operator(), { personId: eve.id, phone: '+46701000005' });
    await linkSlackChannel(server.core, provider, PROVIDER_TEAM, ONCALL, 'oncall');
    await server.core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'Europe/Stockholm', startDate: '2026-11-23', members: [ada.id] });
    source = await makeAlarmSource(server.core, 'prometheus');
    await runAll();
  });
  beforeEach(async () => {
    await runAll();
    slack.reset();
    smtp.reset();
    texts.length = 0;
    twilioRefuses = false;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
    await smtp?.close();
  });

  it('DMs in Slack at once, texts after 2 minutes, and stops when the page is acknowledged', async () => {
    const [fired] = await ingest(server.core, source, firing('db-1', { summary: 'Disk full on db-1' }));
    const alarmId = fired!.alarmId!;
    await runAll();
    expect(dmsTo(ADA_SLACK).map((c) => c.args.text)).toEqual([expect.stringContaining('You are paged (new alarm): *Disk full on db-1*')]);
    expect(texts).toEqual([]);
    await pass(2 * MINUTE);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.authorization).toBe(`Basic ${Buffer.from(`${TWILIO.TWILIO_ACCOUNT_SID}:tw-token`).toString('base64')}`);
    expect(texts[0]!.form).toEqual({
      To: '+46701000001',
      From: '+15005550006',
      Body: `opsdesk page (new alarm): Disk full on db-1 [critical, prometheus]. Acknowledge: ${PUBLIC_URL}/alarms`,
      StatusCallback: `${PUBLIC_URL}/hooks/sms/twilio`,
    });
    await server.core.execute(acknowledgeAlarm, await actorOf(server.core, ada.id), { alarmId });
    await pass(5 * MINUTE, 30 * SECOND);
    expect(texts).toHaveLength(1);
    expect(smtp.to(ada.email)).toEqual([]);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', 'sms']);
    await server.core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'disk cleaned' });
  });

  it('pages by SMS without waiting for its delay when Slack is down, then by email at 5 minutes', async () => {
    slack.outage(() => new HttpResponse('upstream unavailable', { status: 503 }));
    const triggeredAt = clock.now().getTime();
    const [fired] = await ingest(server.core, source, firing('db-2', { summary: 'Disk full on db-2' }));
    const alarmId = fired!.alarmId!;
    await runAll();
    await pass(90 * SECOND);
    expect(texts).toHaveLength(1);
    // Slack had 60 s to take the page; the SMS went then, not at 2 minutes.
    expect(texts[0]!.at - triggeredAt).toBeGreaterThanOrEqual(60 * SECOND);
    expect(texts[0]!.at - triggeredAt).toBeLessThan(2 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', '-slack', 'sms']);
    const [failed] = await server.core.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, alarmId), eq(auditEvents.action, 'alarm.page_failed')));
    expect(failed).toMatchObject({ door: 'slack', data: { channel: 'slack', reason: 'Slack has not taken the page within 60 s', next: 'sms', personId: ada.id } });
    // The SMS step already went: its own time passes without a second text; the email comes at 5 minutes.
    await pass(5 * MINUTE - 90 * SECOND);
    expect(texts).toHaveLength(1);
    const mails = smtp.to(ada.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toBe('[PAGE] critical: Disk full on db-2');
    expect(mails[0]!.parsed.text).toContain('You are paged (new alarm): Disk full on db-2.');
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', '-slack', 'sms', 'email']);
    slack.outage(undefined);
    await server.core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'disk cleaned' });
  });

  it('pages a person with only a phone and an email address by SMS at once and by email at 5 minutes', async () => {
    const evesSource = await makeAlarmSource(server.core, 'eve-only');
    const policy = await server.core.execute(createEscalationPolicy, operator(), { name: 'eve', steps: [{ target: { type: 'person', personId: eve.id }, waitMinutes: 30 }] });
    await server.core.execute(setAlarmRoute, operator(), { sourceName: evesSource.name, policyId: policy.id });
    const [fired] = await ingest(server.core, evesSource, firing('api-1', { summary: 'API 5xx above 5%' }));
    const alarmId = fired!.alarmId!;
    await runAll();
    expect(texts.map((t) => t.form.To)).toEqual(['+46701000005']);
    expect(await pagesOnTrail(alarmId)).toEqual(['-slack', 'sms']);
    await pass(5 * MINUTE, 30 * SECOND);
    expect(smtp.to(eve.email).map((m) => m.parsed.subject)).toEqual(['[PAGE] critical: API 5xx above 5%']);
    expect(await pagesOnTrail(alarmId)).toEqual(['-slack', 'sms', 'email']);
    await server.core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'rolled back' });
  });

  it('a text the provider refuses hands the page to email at once', async () => {
    twilioRefuses = true;
    const evesSource = await makeAlarmSource(server.core, 'eve-refused');
    const policy = await server.core.execute(createEscalationPolicy, operator(), { name: 'eve refused', steps: [{ target: { type: 'person', personId: eve.id }, waitMinutes: 30 }] });
    await server.core.execute(setAlarmRoute, operator(), { sourceName: evesSource.name, policyId: policy.id });
    const [fired] = await ingest(server.core, evesSource, firing('api-2', { summary: 'API latency' }));
    const alarmId = fired!.alarmId!;
    await runAll();
    await runAll();
    expect(texts).toHaveLength(1);
    expect(await pagesOnTrail(alarmId)).toEqual(['-slack', 'sms', '-sms', 'email']);
    const [failed] = await server.core.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, alarmId), eq(auditEvents.action, 'alarm.page_failed'), eq(auditEvents.door, 'sms')));
    expect(failed!.data).toMatchObject({ channel: 'sms', next: 'email', reason: expect.stringContaining("HTTP 400: 21614 'To' number is not a valid mobile number") });
    expect(smtp.to(eve.email).map((m) => m.parsed.subject)).toEqual(['[PAGE] critical: API latency']);
    await server.core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'scaled up' });
  });

  it('an email page the SMTP server cannot take now hands the page to the next channel at once, and the mail still goes when it can', async () => {
    await server.core.execute(setNotificationRules, operator(), { personId: eve.id, steps: [{ channel: 'email', delayMinutes: 0 }, { channel: 'sms', delayMinutes: 10 }] });
    smtp.refuse(eve.email, 451);
    try {
      const evesSource = await makeAlarmSource(server.core, 'eve-mail-down');
      const policy = await server.core.execute(createEscalationPolicy, operator(), { name: 'eve mail down', steps: [{ target: { type: 'person', personId: eve.id }, waitMinutes: 30 }] });
      await server.core.execute(setAlarmRoute, operator(), { sourceName: evesSource.name, policyId: policy.id });
      const [fired] = await ingest(server.core, evesSource, firing('api-3', { summary: 'Queue backlog' }));
      const alarmId = fired!.alarmId!;
      await runAll();
      await runAll();
      // The SMS step was 10 minutes away; it went now, because the mail could not.
      expect(texts.map((t) => t.form.To)).toEqual(['+46701000005']);
      expect(await pagesOnTrail(alarmId)).toEqual(['email', '-email', 'sms']);
      const [failed] = await server.core.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, alarmId), eq(auditEvents.action, 'alarm.page_failed')));
      expect(failed).toMatchObject({ door: 'email', data: { channel: 'email', next: 'sms', reason: expect.stringContaining('Email: not sent yet') } });
      smtp.accept(eve.email);
      await pass(2 * MINUTE, 30 * SECOND);
      expect(smtp.to(eve.email).map((m) => m.parsed.subject)).toEqual(['[PAGE] critical: Queue backlog']);
      // Reported once: the mail that went late is not a second failure, and nothing more is paged.
      expect(await pagesOnTrail(alarmId)).toEqual(['email', '-email', 'sms']);
      await server.core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'workers restarted' });
    } finally {
      smtp.accept(eve.email);
      await server.core.execute(setNotificationRules, operator(), { personId: eve.id, steps: null });
    }
  });

  it('pages a disaster-recovery contact without Slack through their rules, SMS and email, also when the alarm was acknowledged', async () => {
    await server.core.execute(setDisasterRecoveryContacts, operator(), { personIds: [eve.id] });
    try {
      const [fired] = await ingest(server.core, source, firing('db-dr', { summary: 'Primary database lost' }));
      const alarmId = fired!.alarmId!;
      await runAll();
      await server.core.execute(acknowledgeAlarm, await actorOf(server.core, ada.id), { alarmId });
      texts.length = 0;
      smtp.reset();
      await pass(2 * 60 * MINUTE, 10 * MINUTE);
      expect(texts.map((t) => [t.form.To, t.form.Body])).toEqual([
        ['+46701000005', expect.stringContaining('opsdesk page (disaster recovery: still not resolved two hours after it triggered): Primary database lost')],
      ]);
      await pass(5 * MINUTE, 30 * SECOND);
      expect(smtp.to(eve.email).map((m) => m.parsed.subject)).toEqual(['[PAGE] critical: Primary database lost']);
      const pages = await server.core.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, alarmId), eq(auditEvents.action, 'alarm.page_sent')))
        .orderBy(asc(auditEvents.seq));
      const drPages = pages.filter((p) => (p.data as { personId: string }).personId === eve.id);
      expect(drPages.map((p) => p.data)).toEqual([
        expect.objectContaining({ channel: 'sms', step: -1, disasterRecovery: true, early: true }),
        expect.objectContaining({ channel: 'email', step: -1, disasterRecovery: true }),
      ]);
      await server.core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'failed over' });
    } finally {
      await server.core.execute(setDisasterRecoveryContacts, operator(), { personIds: [] });
    }
  });
});
