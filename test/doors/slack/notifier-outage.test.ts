/**
 * The Slack notifier through outages, in fake time: the real tickets and alarms rules, the real
 * notifier driven with `runDue()` while a manual clock moves, and msw answering network errors and
 * 5xx while Slack is "down". Nothing a test asserts depends on how long the machine takes.
 */
import { get } from 'node:http';
import { gt, max } from 'drizzle-orm';
import { HttpResponse } from 'msw';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackDoor } from '../../../doors/slack/index.ts';
import { ManualClock } from '../../../core/clock.ts';
import { acknowledgeAlarm, createSchedule, resolveAlarm } from '../../../core/alarms/index.ts';
import { changeTicketStatus, commentOnTicket, openTicket } from '../../../core/tickets/index.ts';
import { slackOutbox, type SlackOutboxRow } from '../../../db/schema.ts';
import { firing, ingest, makeAlarmSource } from '../../support/alarms.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator } from '../../support/core.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer, slackDoorOf } from '../../support/server.ts';
import { actorOf } from '../../support/tickets.ts';
import { CLIENT_TEAM, fakeSlackApi, PROVIDER_TEAM, slackEnv, type FakeSlackApi } from '../../support/slack.ts';

const ONCALL = 'CONCALL01';
const CLIENT_CHANNEL = 'CACME0001';
const SUPPORT = 'CSUPPORT01';
const ada = { teamId: PROVIDER_TEAM, userId: 'UADA00001' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(backends)('the Slack notifier through a Slack outage on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const logLines: Array<Record<string, any>> = [];
  let db: TestDatabase;
  let slack: FakeSlackApi;
  let server: TestServer;
  let door: SlackDoor;
  let source: Awaited<ReturnType<typeof makeAlarmSource>>;
  let adaPerson: MadePerson;
  let agent: MadePerson;
  let contact: MadePerson;
  let acmeId: string;
  /** The last outbox row before the test began: the test's own rows come after it. */
  let before: number;

  const runDue = () => door.notifier.runDue();
  /** Let `ms` of fake time pass in steps, the notifier running what is due after each. */
  async function pass(ms: number, step = 5_000, during?: (elapsed: number) => Promise<void>) {
    for (let elapsed = step; elapsed <= ms; elapsed += step) {
      clock.advance(step);
      await during?.(elapsed);
      await runDue();
    }
  }
  const rowsOfThisTest = async (): Promise<SlackOutboxRow[]> =>
    db.database.db.select().from(slackOutbox).where(gt(slackOutbox.id, before)).orderBy(slackOutbox.id);
  /** Fake time passes until nothing of this test waits any more (Slack's back, the backoff runs out). */
  async function settle() {
    for (let i = 0; i < 200 && (await rowsOfThisTest()).some((r) => r.status === 'pending'); i++) await pass(5_000);
    expect((await rowsOfThisTest()).filter((r) => r.status === 'pending')).toEqual([]);
  }
  const slackDown = () => {
    let calls = 0;
    // Half the calls find no Slack at all, the other half a Slack answering 503.
    slack.outage(() => (calls++ % 2 === 0 ? HttpResponse.error() : new HttpResponse('upstream unavailable', { status: 503 })));
  };
  const sent = (method: string, channel?: string) => slack.callsTo(method).filter((c) => !channel || c.args.channel === channel);
  /**
   * GET on a connection of its own: fake time passes between two requests while the machine may be
   * slow, and a kept-alive connection the server has just closed would fail the request.
   */
  const request = (path: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      get(`${server.url}${path}`, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      }).on('error', reject);
    });
  async function metric(name: string, labels = ''): Promise<number> {
    const { text } = await request('/metrics');
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }
  const fire = async (fingerprint: string) => (await ingest(server.core, source, firing(fingerprint, { summary: `Alarm ${fingerprint}` })))[0]!.alarmId!;

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      clock,
      logger: pino({ level: 'warn' }, { write: (line: string) => void logLines.push(JSON.parse(line)) }),
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { autoRun: false, paceMs: 0 } },
    });
    door = slackDoorOf(server);
    const provider = server.core.providerId!;
    adaPerson = await makePerson(server.core, provider, ['oncall'], { name: 'Ada', slack: ada });
    agent = await makePerson(server.core, provider, ['agent'], { name: 'Arne', slack: { teamId: PROVIDER_TEAM, userId: 'UARNE0001' } });
    acmeId = (await makeClientOrg(server.core, 'acme')).id;
    contact = await makePerson(server.core, acmeId, ['contact'], { name: 'Cleo', slack: { teamId: CLIENT_TEAM, userId: 'UCLEO0001' } });
    await linkSlackChannel(server.core, provider, PROVIDER_TEAM, ONCALL, 'oncall');
    await linkSlackChannel(server.core, provider, PROVIDER_TEAM, SUPPORT, 'support');
    await linkSlackChannel(server.core, acmeId, PROVIDER_TEAM, CLIENT_CHANNEL, 'client');
    await server.core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'Europe/Stockholm', startDate: '2026-11-23', members: [adaPerson.id] });
    source = await makeAlarmSource(server.core, 'prometheus');
    await runDue();
  });
  async function startAfresh() {
    await runDue();
    slack.reset();
    logLines.length = 0;
    const [last] = await db.database.db.select({ id: max(slackOutbox.id) }).from(slackOutbox);
    before = last?.id ?? 0;
  }
  beforeEach(startAfresh);
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  it('loses nothing to two minutes without Slack: each message arrives once, in its lane’s order, each card as its newest render', async () => {
    const a1 = await fire('db-1');
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, contact.id), { orgId: acmeId, title: 'Exports fail' });
    await runDue();
    const [a1Card] = sent('chat.postMessage', ONCALL);
    const [ticketCard] = sent('chat.postMessage', CLIENT_CHANNEL).filter((c) => !c.args.thread_ts);
    expect(a1Card!.args.text).toBe('Triggered: Alarm db-1 (critical, prometheus)');
    expect(ticketCard!.args.text).toContain('Exports fail: Ticket received');
    await startAfresh();

    slackDown();
    let a2 = '';
    const asAgent = await actorOf(server.core, agent.id);
    const asContact = await actorOf(server.core, contact.id);
    const asAda = await actorOf(server.core, adaPerson.id);
    // Two minutes of outage while alarms and the ticket change: cards several times over, thread lines, pages.
    await pass(2 * MINUTE, 5_000, async (elapsed) => {
      if (elapsed === 10_000) await server.core.execute(acknowledgeAlarm, asAda, { alarmId: a1 });
      if (elapsed === 20_000) a2 = await fire('db-2');
      if (elapsed === 30_000) await server.core.execute(changeTicketStatus, asAgent, { ticketId: ticket.id, status: 'IN_PROGRESS' });
      if (elapsed === 40_000) await fire('db-3');
      if (elapsed === 50_000) await server.core.execute(acknowledgeAlarm, asAda, { alarmId: a2 });
      if (elapsed === 60_000) await server.core.execute(commentOnTicket, asAgent, { ticketId: ticket.id, body: 'Looking into it' });
      if (elapsed === 80_000) await server.core.execute(commentOnTicket, asContact, { ticketId: ticket.id, body: 'Thanks' });
      if (elapsed === 90_000) await server.core.execute(resolveAlarm, asAda, { alarmId: a1, rootCause: 'disk full' });
      if (elapsed === 100_000) await server.core.execute(changeTicketStatus, asAgent, { ticketId: ticket.id, status: 'AWAITING_CLIENT' });
    });
    expect(slack.calls).toEqual([]);
    // The notifier kept trying all along, not five times in the first seconds.
    expect(slack.refused.length).toBeGreaterThan(20);
    expect((await rowsOfThisTest()).filter((r) => r.status === 'failed')).toEqual([]);

    slack.outage(undefined);
    await settle();
    const rows = await rowsOfThisTest();
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);

    // Cards: the one posted before the outage is edited once, to its newest render; the new ones are posted once, already newest.
    const updates = sent('chat.update');
    expect(updates.filter((u) => u.args.channel === ONCALL).map((u) => u.args.text)).toEqual(['Resolved: Alarm db-1 (critical, prometheus)']);
    const ticketUpdates = updates.filter((u) => u.args.channel === CLIENT_CHANNEL);
    expect(ticketUpdates.map((u) => u.args.text)).toEqual([expect.stringContaining('Exports fail: Awaiting your reply')]);
    const oncallCards = sent('chat.postMessage', ONCALL).filter((c) => !c.args.thread_ts);
    expect(oncallCards.map((c) => c.args.text)).toEqual(['Acknowledged: Alarm db-2 (critical, prometheus)', 'Triggered: Alarm db-3 (critical, prometheus)']);
    expect(JSON.stringify(oncallCards[0]!.args.blocks)).toContain(a2);

    // Pages and thread lines: each once, in the order they were queued.
    expect(sent('chat.postMessage', ada.userId).map((c) => c.args.text)).toEqual([
      expect.stringContaining('*Alarm db-2*'),
      expect.stringContaining('*Alarm db-3*'),
    ]);
    const threadLines = sent('chat.postMessage', CLIENT_CHANNEL).map((c) => c.args.text);
    expect(threadLines).toEqual([
      'Status: *Being processed* (by Arne).',
      expect.stringContaining('Looking into it'),
      expect.stringContaining('Thanks'),
      'Status: *Awaiting your reply* (by Arne).',
    ]);
    expect(sent('chat.postMessage', CLIENT_CHANNEL).every((c) => c.args.thread_ts === ticketUpdates[0]!.args.ts)).toBe(true);
    // App Home: one publish per person, rendered when sent.
    const homes = slack.callsTo('views.publish').map((c) => c.args.user_id);
    expect(homes.filter((u) => u === ada.userId)).toHaveLength(1);

    // Every lane: what arrived is what was queued and not folded away, in queue order.
    const lanes = new Set(rows.map((r) => r.channel!).filter((c) => !c.startsWith('home:')));
    for (const lane of lanes) {
      const queued = rows.filter((r) => r.channel === lane && r.status === 'sent').map((r) => (r.body as { text: string }).text);
      const arrived = [...slack.calls].filter((c) => c.method.startsWith('chat.') && c.args.channel === lane).map((c) => c.args.text);
      expect(arrived, lane).toEqual(queued);
    }
  });

  it('counts an alarm page Slack has not taken within 60 seconds and shows Slack degraded on /readyz, still ready', async () => {
    const readiness = async () => {
      const res = await request('/readyz');
      return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
    };
    const lateBefore = await metric('opsdesk_slack_late_pages_total');
    slackDown();
    await fire('api-5xx');
    await pass(55_000);
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready', database: backend } });
    expect(await metric('opsdesk_slack_late_pages')).toBe(0);

    await pass(10_000);
    expect(await readiness()).toEqual({
      status: 200,
      body: { status: 'degraded', database: backend, degraded: { slack: '1 alarm page waiting more than 60 s for Slack' } },
    });
    expect(await metric('opsdesk_slack_late_pages')).toBe(1);
    expect(await metric('opsdesk_slack_late_pages_total')).toBe(lateBefore + 1);
    expect(logLines.filter((l) => l.msg.startsWith('a page has waited more than 60 s'))).toHaveLength(1);

    // Still down a minute later: the same page is not counted twice.
    await pass(60_000);
    expect(await metric('opsdesk_slack_late_pages_total')).toBe(lateBefore + 1);

    slack.outage(undefined);
    await settle();
    expect(sent('chat.postMessage', ada.userId).map((c) => c.args.text)).toEqual([expect.stringContaining('*Alarm api-5xx*')]);
    expect((await readiness()).body).toEqual({ status: 'ready', database: backend });
    await pass(5_000);
    expect(await metric('opsdesk_slack_late_pages')).toBe(0);
  });

  it('gives up a message Slack refuses for good, with one error line naming the reason and a count by reason', async () => {
    const givenUpBefore = await metric('opsdesk_slack_given_up_total', '{reason="account_inactive"}');
    slack.answer('chat.postMessage', (args) => (args.channel === ada.userId ? { ok: false, error: 'account_inactive' } : { channel: args.channel, ts: `${Date.now() / 1000}` }));
    await fire('cache-miss');
    await runDue();
    const failed = (await rowsOfThisTest()).filter((r) => r.status === 'failed');
    expect(failed.map((r) => [r.channel, r.page, r.attempts, r.lastError])).toEqual([[ada.userId, true, 1, 'account_inactive']]);
    expect(await metric('opsdesk_slack_given_up_total', '{reason="account_inactive"}')).toBe(givenUpBefore + 1);
    const errors = logLines.filter((l) => l.level >= 50);
    expect(errors.map((l) => [l.msg, l.reason, l.channel])).toEqual([['Slack message given up; it is not sent', 'account_inactive', ada.userId]]);
    // The card in the on-call channel went all the same.
    expect(sent('chat.postMessage', ONCALL).map((c) => c.args.text)).toEqual(['Triggered: Alarm cache-miss (critical, prometheus)']);
  });

  it('retries a passing failure for the whole horizon, then gives it up and counts it', async () => {
    const expiredBefore = await metric('opsdesk_slack_given_up_total', '{reason="retry_horizon"}');
    slack.outage(() => new HttpResponse('bad gateway', { status: 502 }));
    await fire('queue-stuck');
    await pass(23 * HOUR + 50 * MINUTE, HOUR / 2);
    const waiting = await rowsOfThisTest();
    expect(waiting.every((r) => r.status === 'pending')).toBe(true);
    // Each lane's head was tried all along, far beyond the five attempts of old.
    expect(Math.max(...waiting.map((r) => r.attempts))).toBeGreaterThan(40);

    await pass(HOUR, HOUR / 2);
    const rows = await rowsOfThisTest();
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'failed'));
    expect(rows.every((r) => r.lastError?.includes('Slack answered HTTP 502'))).toBe(true);
    expect(await metric('opsdesk_slack_given_up_total', '{reason="retry_horizon"}')).toBe(expiredBefore + rows.length);
    slack.outage(undefined);
  });

  it('posts the events of a notifier that was away for less than the horizon, and skips older ones', async () => {
    await door.notifier.stop();
    await fire('old-news');
    clock.advance(23 * HOUR);
    await fire('recent-news');
    clock.advance(2 * HOUR);
    await door.notifier.start();
    await runDue();
    expect(sent('chat.postMessage', ONCALL).map((c) => c.args.text)).toEqual(['Triggered: Alarm recent-news (critical, prometheus)']);
  });
});
