import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_RESOLVE_MODAL, LEGACY_ROOT_CAUSE_INPUT, RESOLVE_MODAL, ROOT_CAUSE_BLOCK } from '../../../doors/slack/alarms/presenters.ts';
import { createSchedule, resolveAlarm, setDisasterRecoveryContacts } from '../../../core/alarms/index.ts';
import { ManualClock } from '../../../core/clock.ts';
import { alarms } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf, operator } from '../../support/core.ts';
import { eventually } from '../../support/clients.ts';
import { linkSlackChannel, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { blockActions, fakeSlackApi, postSlackCommand, postSlackInteraction, PROVIDER_TEAM, slackEnv, SLACK_SIGNING_SECRET, slashCommand, viewSubmission, type FakeSlackApi } from '../../support/slack.ts';
import { makeAlarmSource } from '../../support/alarms.ts';

const ONCALL = 'CONCALL1';
const adaSlack = { teamId: PROVIDER_TEAM, userId: 'UADA0001' };
const bobSlack = { teamId: PROVIDER_TEAM, userId: 'UBOB0001' };
const drSlack = { teamId: PROVIDER_TEAM, userId: 'UDRC0001' };

describe.each(backends)('alarms in Slack on %s', (backend) => {
  let db: TestDatabase;
  let slack: FakeSlackApi;
  let server: TestServer;
  let source: Awaited<ReturnType<typeof makeAlarmSource>>;
  let ada: MadePerson;
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  const posts = (channel?: string) => slack.callsTo('chat.postMessage').filter((c) => !channel || c.args.channel === channel);
  const cardPosts = () => posts(ONCALL).filter((c) => !c.args.thread_ts && c.args.blocks?.some((b: { type: string }) => b.type === 'section'));
  const cardOf = (alarmId: string) =>
    [...slack.callsTo('chat.postMessage'), ...slack.callsTo('chat.update')].filter((c) => JSON.stringify(c.args.blocks ?? []).includes(`alarm:${alarmId}`) || JSON.stringify(c.args.blocks ?? []).includes(alarmId));
  const fire = async (fingerprint: string, summary = `Alarm ${fingerprint}`) => {
    const response = await fetch(`${server.url}/hooks/alarms/${source.name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${source.secret}` },
      body: JSON.stringify({ fingerprint, summary, severity: 'critical' }),
    });
    return ((await response.json()) as { alarms: Array<{ alarmId: string }> }).alarms[0]!.alarmId;
  };
  const actorOfPerson = (id: string) => actorOf(server.core, id);
  const press = (user: typeof adaSlack, actionId: string, alarmId: string) =>
    postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(user, ONCALL, { actionId, value: alarmId, blockId: `alarm:${alarmId}` }));

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      clock,
      // The notifier paces by the manual clock, which these tests move only for alarm rules: no pace.
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { pollMs: 100, paceMs: 0 } },
    });
    ada = await makePerson(server.core, server.core.providerId!, ['oncall'], { name: 'Ada', slack: adaSlack });
    await makePerson(server.core, server.core.providerId!, ['oncall'], { name: 'Bob', slack: bobSlack });
    const dr = await makePerson(server.core, server.core.providerId!, ['admin'], { name: 'Dora DR', slack: drSlack });
    await linkSlackChannel(server.core, server.core.providerId!, PROVIDER_TEAM, ONCALL, 'oncall');
    await server.core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'Europe/Stockholm', startDate: '2026-11-23', members: [ada.id] });
    await server.core.execute(setDisasterRecoveryContacts, operator(), { personIds: [dr.id] });
    source = await makeAlarmSource(server.core, 'prometheus');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  it('posts a card with Acknowledge, Escalate and Resolve in the on-call channel and DMs the person on call', async () => {
    const alarmId = await fire('db-1', 'Database down');
    await eventually(() => cardOf(alarmId).length >= 1 && posts(adaSlack.userId).length >= 1);
    const [card] = cardOf(alarmId);
    expect(card!.method).toBe('chat.postMessage');
    expect(card!.args.channel).toBe(ONCALL);
    expect(card!.args.text).toBe('Triggered: Database down (critical, prometheus)');
    const actions = card!.args.blocks.find((b: { type: string }) => b.type === 'actions');
    expect(actions.elements.map((e: { action_id: string; value: string }) => [e.action_id, e.value])).toEqual([
      ['alarm:acknowledge', alarmId],
      ['alarm:escalate', alarmId],
      ['alarm:resolve', alarmId],
    ]);
    expect(JSON.stringify(card!.args.blocks)).toContain('Paged: <@UADA0001>');
    expect(posts(adaSlack.userId)[0]!.args.text).toContain('You are paged (new alarm): *Database down*');
  });

  it('updates the card in place when someone acknowledges, and tells the second presser who was first', async () => {
    const alarmId = await fire('db-2', 'Replica lag');
    await eventually(() => cardOf(alarmId).length >= 1);
    const first = await press(adaSlack, 'alarm:acknowledge', alarmId);
    expect(first.status).toBe(200);
    await eventually(() => slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Acknowledged by Ada')  && JSON.stringify(c.args.blocks).includes(alarmId)));
    const update = slack.callsTo('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes(alarmId)).at(-1)!;
    expect(update.args.text).toBe('Acknowledged: Replica lag (critical, prometheus)');
    expect(JSON.stringify(update.args.blocks)).toContain('Acknowledged by Ada at 2026-11-23 09:00 UTC');
    expect(JSON.stringify(update.args.blocks)).not.toContain('alarm:acknowledge');

    const second = await press(bobSlack, 'alarm:acknowledge', alarmId);
    expect(second.status).toBe(200);
    await eventually(() => slack.responseUrlPosts.length > 0);
    const reply = slack.responseUrlPosts.at(-1)!.body;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.text).toBe('That step is not possible now: this alarm was already acknowledged by Ada at 2026-11-23 09:00 UTC.');
    const [row] = await db.database.db.select().from(alarms).where(eq(alarms.id, alarmId));
    expect(row!.acknowledgedByName).toBe('Ada');
  });

  it('asks for the root cause when Resolve is pressed, and keeps a follow-up open when none is given', async () => {
    const alarmId = await fire('db-3', 'Queue stuck');
    await eventually(() => cardOf(alarmId).length >= 1);
    const pressed = await press(adaSlack, 'alarm:resolve', alarmId);
    expect(pressed.status).toBe(200);
    // The modal opens right after the press is acknowledged.
    const opened = () => slack.callsTo('views.open').find((c) => c.args.view?.private_metadata === alarmId);
    await eventually(() => Boolean(opened()));
    expect(opened()!.args.view).toMatchObject({ type: 'modal', callback_id: RESOLVE_MODAL, private_metadata: alarmId });

    const submitted = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(adaSlack, {
      callbackId: RESOLVE_MODAL,
      privateMetadata: alarmId,
      values: { [ROOT_CAUSE_BLOCK]: { value: { type: 'plain_text_input', value: null } } },
    }));
    expect(submitted.status).toBe(200);
    const [row] = await db.database.db.select().from(alarms).where(eq(alarms.id, alarmId));
    expect(row).toMatchObject({ state: 'RESOLVED', rootCause: null, resolvedBy: 'Ada' });
    await eventually(() => slack.callsTo('chat.update').some((c) => c.args.text === 'Resolved: Queue stuck (critical, prometheus)'));
    const resolvedCard = slack.callsTo('chat.update').find((c) => c.args.text === 'Resolved: Queue stuck (critical, prometheus)')!;
    expect(JSON.stringify(resolvedCard.args.blocks)).toContain('Follow-up open:* no root cause written yet');
    expect(JSON.stringify(resolvedCard.args.blocks)).not.toContain('"actions"');

    const oncall = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adaSlack, ONCALL, '/oncall', ''));
    expect(oncall.json.response_type).toBe('ephemeral');
    expect(oncall.json.text).toMatch(/^\*primary\*: Ada until 2026-11-30 08:00 UTC; next Ada from 2026-11-30 08:00 UTC$/);
    expect(JSON.stringify(oncall.json.blocks)).toContain('Queue stuck (resolved 2026-11-23 09:00 UTC)');
  });

  it('still answers the buttons and the Resolve modal of cards posted before their ids became alarm:<verb>', async () => {
    const alarmId = await fire('old-card', 'Old card');
    await eventually(() => cardOf(alarmId).length >= 1);
    const stateOf = async () => (await db.database.db.select().from(alarms).where(eq(alarms.id, alarmId)))[0]!;

    expect((await press(adaSlack, 'alarm_acknowledge', alarmId)).status).toBe(200);
    expect(await stateOf()).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgedByName: 'Ada' });
    expect((await press(adaSlack, 'alarm_escalate', alarmId)).status).toBe(200);
    expect(await stateOf()).toMatchObject({ state: 'TRIGGERED', escalationStep: 1 });
    expect((await press(adaSlack, 'alarm_resolve', alarmId)).status).toBe(200);
    const opened = () => slack.callsTo('views.open').find((c) => c.args.view?.private_metadata === alarmId);
    await eventually(() => Boolean(opened()));
    expect(opened()!.args.view).toMatchObject({ callback_id: RESOLVE_MODAL });

    // A modal opened before the upgrade carries the old callback id and the old input's action id.
    const submitted = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(adaSlack, {
      callbackId: LEGACY_RESOLVE_MODAL,
      privateMetadata: alarmId,
      values: { [ROOT_CAUSE_BLOCK]: { [LEGACY_ROOT_CAUSE_INPUT]: { type: 'plain_text_input', value: 'a stale cache' } } },
    }));
    expect(submitted.status).toBe(200);
    expect(await stateOf()).toMatchObject({ state: 'RESOLVED', rootCause: 'a stale cache', resolvedBy: 'Ada' });
  });

  it('shows the person paged the alarm on their App Home, and moves it to the follow-ups once resolved without a root cause', async () => {
    const homeOfAda = () => slack.callsTo('views.publish').filter((c) => c.args.user_id === adaSlack.userId).map((c) => JSON.stringify(c.args.view.blocks));
    const alarmId = await fire('home-1', 'Cache cold');
    await eventually(() => homeOfAda().some((view) => view.includes('Alarms paging you') && view.includes('Cache cold')));
    await server.core.execute(resolveAlarm, await actorOfPerson(ada.id), { alarmId });
    await eventually(() => {
      const latest = homeOfAda().at(-1) ?? '';
      return latest.includes('waiting for a root cause') && latest.includes('Cache cold') && !/Alarms paging you[^"]*Cache cold/.test(latest);
    });
    // Bob is on call in no schedule: no alarm pages him, so his Home is never published for it.
    expect(slack.callsTo('views.publish').some((c) => c.args.user_id === bobSlack.userId)).toBe(false);
  });

  it('pages the whole channel in the card’s thread when nobody acknowledges, and runs the disaster-recovery rule after two hours', async () => {
    const alarmId = await fire('db-4', 'Payments failing');
    await eventually(() => cardOf(alarmId).length >= 1);
    clock.advance(5 * 60_000);
    await server.core.timers.runDue();
    await eventually(() => posts(ONCALL).some((c) => c.args.thread_ts && String(c.args.text).includes('Payments failing')));
    const page = posts(ONCALL).find((c) => c.args.thread_ts && String(c.args.text).includes('Payments failing'))!;
    expect(page.args.text).toContain('<!here> Nobody has acknowledged *Payments failing* yet');

    clock.advance(2 * 60 * 60_000);
    await server.core.timers.runDue();
    const about = (c: { args: Record<string, any> }) => String(c.args.text).includes('Payments failing');
    await eventually(() => posts(drSlack.userId).some(about) && posts(ONCALL).some((c) => String(c.args.text).startsWith(':sos:') && about(c)));
    expect(posts(drSlack.userId).find(about)!.args.text).toBe(':sos: You are paged as a disaster-recovery contact: *Payments failing* is still not resolved two hours after it triggered.');
    expect(posts(ONCALL).find((c) => String(c.args.text).startsWith(':sos:') && about(c))!.args.text).toContain('DR contacts paged: <@UDRC0001>');
    await eventually(() => slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks).includes(alarmId) && JSON.stringify(c.args.blocks).includes('Disaster recovery invoked')));
  });

  // A hundred alarms and their cards, DMs and Home refreshes: minutes on a loaded machine, so the
  // bound is generous; what is asserted is that none is lost, not how fast they go.
  it('queues a burst of 100 alarms at the channel’s pace and loses none', { timeout: 180_000 }, async () => {
    const before = cardPosts().length;
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => fire(`burst-${i}`)));
    expect(new Set(ids).size).toBe(100);
    await eventually(() => cardPosts().length - before >= 100, 170_000);
    const posted = new Set(cardPosts().slice(before).map((c) => c.args.blocks.find((b: { type: string }) => b.type === 'actions')?.elements[0].value));
    expect(ids.every((id) => posted.has(id))).toBe(true);
  });

  it('refuses the buttons to staff without the oncall or admin role, only to them', async () => {
    const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT01' };
    await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne', slack: agentSlack });
    const alarmId = await fire('db-5');
    const before = slack.responseUrlPosts.length;
    await press(agentSlack, 'alarm:acknowledge', alarmId);
    await eventually(() => slack.responseUrlPosts.length > before);
    expect(slack.responseUrlPosts.at(-1)!.body.text).toMatch(/^You may not do that: only on-call staff and provider admins may do this/);
    const [row] = await db.database.db.select().from(alarms).where(eq(alarms.id, alarmId));
    expect(row!.state).toBe('TRIGGERED');
  });
});
