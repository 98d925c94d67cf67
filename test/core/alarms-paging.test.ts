/**
 * Notification rules: a page reaches each person through their steps (Slack at once, SMS after 2
 * minutes, email after 5 by default), driven by durable timers on a manual clock; acknowledging stops
 * the later steps; a channel that cannot reach the person (or that a door reports failed) hands the
 * page to the next channel at once. Every page is on the alarm's trail.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, domainEvents } from '../../db/schema.ts';
import {
  acknowledgeAlarm,
  alarmPagesOf,
  createEscalationPolicy,
  getNotificationRules,
  reportPageUndelivered,
  resolveAlarm,
  setAlarmRoute,
  setNotificationRules,
} from '../../core/alarms/index.ts';
import { systemActor } from '../../core/actor.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { setPhone } from '../../core/directory/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { actorOf, operator, startCore } from '../support/core.ts';
import { makePerson, type MadePerson } from '../support/server.ts';
import { firing, ingest, makeAlarmSource } from '../support/alarms.ts';

const MINUTE = 60_000;
const slackDoor = () => systemActor('slack', 'slack', 'test-notifier');

describe.each(backends)('paging through notification rules on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let ada: MadePerson;
  let bob: MadePerson;

  /** A source whose alarms page `person` alone (a policy of one step, with a long wait). */
  async function sourcePaging(person: MadePerson) {
    const source = await makeAlarmSource(core);
    const policy = await core.execute(createEscalationPolicy, operator(), {
      name: `only ${person.name} ${source.name}`,
      steps: [{ target: { type: 'person', personId: person.id }, waitMinutes: 30 }],
    });
    await core.execute(setAlarmRoute, operator(), { sourceName: source.name, policyId: policy.id });
    return source;
  }
  async function trigger(person: MadePerson) {
    const [fired] = await ingest(core, await sourcePaging(person), firing(`fp-${Math.random()}`));
    return fired!.alarmId!;
  }
  /** The pages on the alarm's trail: `channel` for a page sent, `-channel` for one that failed. */
  async function pagesOnTrail(alarmId: string) {
    const rows = await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, alarmId)).orderBy(asc(auditEvents.seq));
    return rows.flatMap((e) => {
      const data = e.data as { channel?: string };
      if (e.action === 'alarm.page_sent') return [data.channel!];
      if (e.action === 'alarm.page_failed') return [`-${data.channel}`];
      return [];
    });
  }
  async function pass(ms: number) {
    clock.advance(ms);
    await core.timers.runDue();
  }

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    ada = await makePerson(core, core.providerId!, ['oncall'], { name: 'Ada', slack: { teamId: 'TPROV0001', userId: 'UADA00001' } });
    bob = await makePerson(core, core.providerId!, ['oncall'], { name: 'Bob' });
    for (const [person, phone] of [[ada, '+46701000001'], [bob, '+46701000002']] as const) {
      await core.execute(setPhone, operator(), { personId: person.id, phone });
    }
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('pages through the default rules: Slack at once, SMS after 2 minutes, email after 5', async () => {
    expect(await core.read(getNotificationRules, await actorOf(core, ada.id), { personId: ada.id })).toEqual({
      personId: ada.id,
      isDefault: true,
      steps: [
        { channel: 'slack', delayMinutes: 0 },
        { channel: 'sms', delayMinutes: 2 },
        { channel: 'email', delayMinutes: 5 },
      ],
    });
    const alarmId = await trigger(ada);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack']);
    await pass(2 * MINUTE - 1000);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack']);
    await pass(1000);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', 'sms']);
    await pass(3 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', 'sms', 'email']);
    const pages = await core.read(alarmPagesOf, operator(), { alarmId });
    expect(pages.map((p) => [p.channel, p.personId, p.sentAt.getTime() - pages[0]!.sentAt.getTime()])).toEqual([
      ['slack', ada.id, 0],
      ['sms', ada.id, 2 * MINUTE],
      ['email', ada.id, 5 * MINUTE],
    ]);
    await core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'test' });
  });

  it('acknowledging stops the later steps', async () => {
    const alarmId = await trigger(ada);
    await pass(2 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', 'sms']);
    await core.execute(acknowledgeAlarm, await actorOf(core, ada.id), { alarmId });
    await pass(10 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', 'sms']);
    await core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'test' });
  });

  it('a person Slack does not reach (no linked identity) gets the SMS at once, and the email at its time', async () => {
    const alarmId = await trigger(bob);
    expect(await pagesOnTrail(alarmId)).toEqual(['-slack', 'sms']);
    const [failed] = await core.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'alarm.page_failed'));
    expect(failed!.data).toMatchObject({ personId: bob.id, channel: 'slack', reason: 'no linked Slack identity', next: 'sms' });
    await pass(2 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['-slack', 'sms']);
    await pass(3 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['-slack', 'sms', 'email']);
    await core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'test' });
  });

  it('a page the Slack door reports undelivered goes by the next channel at once, once', async () => {
    const alarmId = await trigger(ada);
    const [page] = await core.database.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.type, 'alarm.page_sent'))
      .orderBy(asc(domainEvents.id))
      .then((rows) => rows.filter((r) => r.subjectId === alarmId));
    clock.advance(MINUTE);
    expect(await core.execute(reportPageUndelivered, slackDoor(), { eventId: page!.id, reason: 'Slack has not taken the page within 60 s' })).toEqual({ next: 'sms' });
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', '-slack', 'sms']);
    await expect(core.execute(reportPageUndelivered, slackDoor(), { eventId: page!.id, reason: 'given up' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // An event that is no rule's page (the alarm's own triggered event) names nothing to hand on.
    const [triggered] = await core.database.db.select().from(domainEvents).where(eq(domainEvents.type, 'alarm.triggered')).limit(1);
    await expect(core.execute(reportPageUndelivered, slackDoor(), { eventId: triggered!.id, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The SMS step went early: its timer does not page again at 2 minutes; the email keeps its time.
    await pass(MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', '-slack', 'sms']);
    await pass(3 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['slack', '-slack', 'sms', 'email']);
    await expect(core.execute(reportPageUndelivered, await actorOf(core, ada.id), { eventId: page!.id, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'test' });
  });

  it("an escalation to someone else stops the earlier person's steps not yet due, and starts theirs", async () => {
    const source = await makeAlarmSource(core);
    const policy = await core.execute(createEscalationPolicy, operator(), {
      name: `ada then bob ${source.name}`,
      steps: [
        { target: { type: 'person', personId: ada.id }, waitMinutes: 1 },
        { target: { type: 'person', personId: bob.id }, waitMinutes: 30 },
      ],
    });
    await core.execute(setAlarmRoute, operator(), { sourceName: source.name, policyId: policy.id });
    const [fired] = await ingest(core, source, firing('handover'));
    const alarmId = fired!.alarmId!;
    await pass(MINUTE);
    await pass(5 * MINUTE);
    await pass(5 * MINUTE);
    const pages = await core.read(alarmPagesOf, operator(), { alarmId });
    expect(pages.map((p) => [p.personId === ada.id ? 'ada' : 'bob', p.channel, (p.sentAt.getTime() - pages[0]!.sentAt.getTime()) / MINUTE])).toEqual([
      ['ada', 'slack', 0],
      ['bob', 'sms', 1],
      ['bob', 'email', 6],
    ]);
    await core.execute(resolveAlarm, operator(), { alarmId, rootCause: 'test' });
  });

  it('a person sets their own rules; others may not; steps go in order of their delay', async () => {
    const asAda = await actorOf(core, ada.id);
    const set = await core.execute(setNotificationRules, asAda, {
      personId: ada.id,
      steps: [
        { channel: 'sms', delayMinutes: 0 },
        { channel: 'email', delayMinutes: 10 },
      ],
    });
    expect(set).toMatchObject({ isDefault: false });
    await expect(core.execute(setNotificationRules, await actorOf(core, bob.id), { personId: ada.id, steps: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      core.execute(setNotificationRules, asAda, { personId: ada.id, steps: [{ channel: 'sms', delayMinutes: 5 }, { channel: 'slack', delayMinutes: 1 }] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const alarmId = await trigger(ada);
    expect(await pagesOnTrail(alarmId)).toEqual(['sms']);
    await pass(10 * MINUTE);
    expect(await pagesOnTrail(alarmId)).toEqual(['sms', 'email']);
    const [setEvent] = await core.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'notification_rules.set'));
    expect(setEvent).toMatchObject({ subjectId: ada.id, data: { previous: null } });
    await core.execute(setNotificationRules, asAda, { personId: ada.id, steps: null });
    expect((await core.read(getNotificationRules, asAda, { personId: ada.id })).isDefault).toBe(true);
  });
});
