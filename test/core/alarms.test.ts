import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents, timers } from '../../db/schema.ts';
import {
  acknowledgeAlarm,
  addOverride,
  alarmsHome,
  alarmToResolve,
  createEscalationPolicy,
  createSchedule,
  escalateAlarm,
  getAlarm,
  listAlarms,
  onCall,
  peopleOnCall,
  resolveAlarm,
  setAlarmRoute,
  setDisasterRecoveryContacts,
  writeRootCause,
} from '../../core/alarms/index.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import type { PersonActor } from '../../core/actor.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore, actorOf } from '../support/core.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';
import { firing, ingest, makeAlarmSource } from '../support/alarms.ts';

const MINUTE = 60_000;

describe.each(backends)('alarms on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let source: Awaited<ReturnType<typeof makeAlarmSource>>;
  let ada: PersonActor;
  let bob: PersonActor;
  let agent: PersonActor;
  let clientAdmin: PersonActor;
  let scheduleA: string;
  let scheduleB: string;

  const actor = (id: string) => actorOf(core, id);
  /** The alarm's lifecycle on the trail; its pages (alarm.page_sent, alarm.page_failed) are asserted in alarms-paging.test.ts. */
  const actions = async (alarmId: string) =>
    (await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, alarmId)).orderBy(asc(auditEvents.seq)))
      .map((e) => e.action)
      .filter((action) => !action.startsWith('alarm.page_'));

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    source = await makeAlarmSource(core, 'prometheus');
    ada = await actor((await makePerson(core, core.providerId!, ['oncall'], { name: 'Ada' })).id);
    bob = await actor((await makePerson(core, core.providerId!, ['oncall'], { name: 'Bob' })).id);
    agent = await actor((await makePerson(core, core.providerId!, ['agent'], { name: 'Agent' })).id);
    const client = await makeClientOrg(core, 'acme');
    clientAdmin = await actor((await makePerson(core, client.id, ['contract_admin'])).id);
    scheduleA = (await core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'Europe/Stockholm', startDate: '2026-11-02', handoffTime: '09:00', shiftDays: 7, members: [ada.id, bob.id] })).id;
    scheduleB = (await core.execute(createSchedule, operator(), { name: 'secondary', timeZone: 'Europe/Stockholm', startDate: '2026-11-02', handoffTime: '09:00', shiftDays: 7, members: [bob.id, ada.id] })).id;
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('triggers an alarm from a firing payload and pages whoever the primary schedule has on call', async () => {
    // 2026-11-23 is the fourth week since 2026-11-02: members alternate, so Bob's week.
    const [outcome] = await ingest(core, source, firing('db-1'));
    expect(outcome).toMatchObject({ outcome: 'triggered', count: 1 });
    const alarm = await core.read(getAlarm, ada, { alarmId: outcome!.alarmId! });
    expect(alarm).toMatchObject({ state: 'TRIGGERED', severity: 'critical', service: 'storage', paged: [bob.id], escalationStep: 0 });
    expect(alarm.escalation.name).toBe('default');
    expect(await actions(alarm.id)).toEqual(['alarm.triggered']);
  });

  it('reads the alarms of one request in order: repeats fold, a resolution closes, a later firing opens anew', async () => {
    const outcomes = await ingest(
      core,
      source,
      firing('batch-a', { summary: 'first words' }),
      firing('batch-a', { summary: 'latest words', severity: 'warning' }),
      firing('batch-b'),
      { ...firing('batch-a'), status: 'resolved' },
      firing('batch-a'),
      firing('batch-b'),
    );
    expect(outcomes.map((o) => `${o.fingerprint}:${o.outcome}:${o.count}`)).toEqual([
      'batch-a:triggered:1',
      'batch-a:folded:2',
      'batch-b:triggered:1',
      'batch-a:resolved:2',
      'batch-a:triggered:1',
      'batch-b:folded:2',
    ]);
    const [first, , b, , reopened] = outcomes;
    expect(reopened!.alarmId).not.toBe(first!.alarmId);
    const closed = await core.read(getAlarm, ada, { alarmId: first!.alarmId! });
    expect(closed).toMatchObject({ state: 'RESOLVED', count: 2, summary: 'latest words', severity: 'warning' });
    expect(await actions(first!.alarmId!)).toEqual(['alarm.triggered', 'alarm.folded', 'alarm.resolved']);
    expect(await actions(b!.alarmId!)).toEqual(['alarm.triggered', 'alarm.folded']);
    // Each new alarm has its escalation and disaster-recovery timers; the resolved one's are cancelled.
    const pendingKeys = (await core.database.db.select().from(timers).where(eq(timers.status, 'pending'))).map((t) => t.key);
    for (const id of [b!.alarmId, reopened!.alarmId]) expect(pendingKeys).toEqual(expect.arrayContaining([`alarm:${id}:escalate`, `alarm:${id}:disaster_recovery`]));
    expect(pendingKeys.filter((k) => k.startsWith(`alarm:${first!.alarmId}:`))).toEqual([]);
  });

  it('folds repeats of an open alarm into it with a count and a last-seen time, paging nobody again', async () => {
    const [first] = await ingest(core, source, firing('web-1'));
    clock.advance(MINUTE);
    const [second] = await ingest(core, source, firing('web-1'));
    const [third] = await ingest(core, source, firing('web-1'));
    expect(second).toMatchObject({ alarmId: first!.alarmId, outcome: 'folded', count: 2 });
    expect(third).toMatchObject({ alarmId: first!.alarmId, outcome: 'folded', count: 3 });
    const alarm = await core.read(getAlarm, ada, { alarmId: first!.alarmId! });
    expect(alarm.count).toBe(3);
    expect(alarm.lastSeenAt).toEqual(clock.now());
    expect(await actions(alarm.id)).toEqual(['alarm.triggered', 'alarm.folded', 'alarm.folded']);
  });

  it('folds concurrent identical webhooks into one alarm', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => ingest(core, source, firing('burst-1'))));
    const ids = new Set(outcomes.map(([o]) => o!.alarmId));
    expect(ids.size).toBe(1);
    expect(outcomes.filter(([o]) => o!.outcome === 'triggered')).toHaveLength(1);
    const open = await core.database.db.select().from(alarms).where(eq(alarms.fingerprint, 'burst-1'));
    expect(open).toHaveLength(1);
    expect(open[0]!.count).toBe(8);
  });

  it('resolves an open alarm when its source reports it resolved, leaving a follow-up open', async () => {
    const [fired] = await ingest(core, source, firing('cache-1'));
    const [resolved] = await ingest(core, source, firing('cache-1', { status: 'resolved' }));
    expect(resolved).toMatchObject({ alarmId: fired!.alarmId, outcome: 'resolved' });
    const alarm = await core.read(getAlarm, ada, { alarmId: fired!.alarmId! });
    expect(alarm).toMatchObject({ state: 'RESOLVED', resolvedBy: 'source prometheus', rootCause: null });
    const followUps = await core.read(listAlarms, ada, { followUpOpen: true });
    expect(followUps.nodes.map((a) => a.id)).toContain(alarm.id);
    const pending = await core.database.db.select().from(timers).where(and(eq(timers.status, 'pending'), eq(timers.key, `alarm:${alarm.id}:escalate`)));
    expect(pending).toHaveLength(0);
    // A later firing with the same fingerprint is a new alarm.
    const [again] = await ingest(core, source, firing('cache-1'));
    expect(again!.outcome).toBe('triggered');
    expect(again!.alarmId).not.toBe(alarm.id);
  });

  it('records a resolution for an alarm it never saw, changing nothing', async () => {
    const [outcome] = await ingest(core, source, firing('never-seen', { status: 'resolved' }));
    expect(outcome).toMatchObject({ alarmId: null, outcome: 'unmatched' });
  });

  it('lets exactly one of two simultaneous acknowledgements win and tells the other who was first', async () => {
    const [fired] = await ingest(core, source, firing('ack-race'));
    const results = await Promise.allSettled([
      core.execute(acknowledgeAlarm, ada, { alarmId: fired!.alarmId! }),
      core.execute(acknowledgeAlarm, bob, { alarmId: fired!.alarmId! }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ acknowledgedByName: string }>).value.acknowledgedByName;
    expect(lost[0]!.reason.code).toBe('INVALID_TRANSITION');
    expect(lost[0]!.reason.message).toBe(`this alarm was already acknowledged by ${winner} at 2026-11-23 09:01 UTC`);
    expect((await actions(fired!.alarmId!)).filter((a) => a === 'alarm.acknowledged')).toHaveLength(1);
  });

  it('escalates to the next step when nobody acknowledges within the wait, and stops once acknowledged', async () => {
    const policy = await core.execute(createEscalationPolicy, operator(), {
      name: 'storage',
      steps: [
        { target: { type: 'schedule', scheduleId: scheduleA } },
        { target: { type: 'schedule', scheduleId: scheduleB }, waitMinutes: 10 },
        { target: { type: 'channel' } },
      ],
      repeat: 1,
    });
    await core.execute(setAlarmRoute, operator(), { sourceName: 'prometheus', service: 'payments', policyId: policy.id });
    const [fired] = await ingest(core, source, firing('pay-1', { service: 'payments' }));
    const id = fired!.alarmId!;
    expect((await core.read(getAlarm, ada, { alarmId: id })).escalation).toMatchObject({ policyId: policy.id, name: 'storage', repeat: 1 });

    clock.advance(5 * MINUTE - 1000);
    await core.timers.runDue();
    expect((await core.read(getAlarm, ada, { alarmId: id })).escalationStep).toBe(0);
    clock.advance(1000);
    await core.timers.runDue();
    let alarm = await core.read(getAlarm, ada, { alarmId: id });
    expect(alarm).toMatchObject({ escalationStep: 1, paged: [ada.id] }); // secondary has Ada this week
    clock.advance(10 * MINUTE);
    await core.timers.runDue();
    alarm = await core.read(getAlarm, ada, { alarmId: id });
    expect(alarm).toMatchObject({ escalationStep: 2, paged: [] });
    clock.advance(5 * MINUTE);
    await core.timers.runDue();
    expect((await core.read(getAlarm, ada, { alarmId: id })).escalationStep).toBe(3); // the repeat starts again at the primary

    await core.execute(acknowledgeAlarm, ada, { alarmId: id });
    clock.advance(60 * MINUTE);
    await core.timers.runDue();
    alarm = await core.read(getAlarm, ada, { alarmId: id });
    expect(alarm).toMatchObject({ state: 'ACKNOWLEDGED', escalationStep: 3 });
    expect(await actions(id)).toEqual(['alarm.triggered', 'alarm.escalated', 'alarm.escalated', 'alarm.escalated', 'alarm.acknowledged']);
  });

  it('keeps the policy it triggered with when the policy is routed elsewhere later (snapshot)', async () => {
    const [fired] = await ingest(core, source, firing('pay-2', { service: 'payments' }));
    const other = await core.execute(createEscalationPolicy, operator(), { name: 'channel only', steps: [{ target: { type: 'channel' } }] });
    await core.execute(setAlarmRoute, operator(), { sourceName: 'prometheus', service: 'payments', policyId: other.id });
    expect((await core.read(getAlarm, ada, { alarmId: fired!.alarmId! })).escalation.name).toBe('storage');
    const [next] = await ingest(core, source, firing('pay-3', { service: 'payments' }));
    expect((await core.read(getAlarm, ada, { alarmId: next!.alarmId! })).escalation.name).toBe('channel only');
  });

  it('invokes the disaster-recovery rule two hours after triggering, paging the DR contacts once', async () => {
    await core.execute(setDisasterRecoveryContacts, operator(), { personIds: [ada.id] });
    const [fired] = await ingest(core, source, firing('dr-1'));
    const id = fired!.alarmId!;
    await core.execute(acknowledgeAlarm, bob, { alarmId: id });
    clock.advance(2 * 60 * MINUTE - 1000);
    await core.timers.runDue();
    expect((await core.read(getAlarm, ada, { alarmId: id })).disasterRecoveryAt).toBeNull();
    clock.advance(1000);
    await core.timers.runDue();
    expect((await core.read(getAlarm, ada, { alarmId: id })).disasterRecoveryAt).toEqual(clock.now());
    const [event] = await core.database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'alarm.disaster_recovery_invoked')));
    expect(event).toMatchObject({ door: 'scheduler', data: { paged: [ada.id], channel: true, state: 'ACKNOWLEDGED', openMinutes: 120 } });
  });

  it('does not invoke the disaster-recovery rule for an alarm resolved in time', async () => {
    const [fired] = await ingest(core, source, firing('dr-2'));
    await core.execute(resolveAlarm, bob, { alarmId: fired!.alarmId!, rootCause: 'a full disk' });
    clock.advance(3 * 60 * MINUTE);
    await core.timers.runDue();
    expect((await core.read(getAlarm, ada, { alarmId: fired!.alarmId! })).disasterRecoveryAt).toBeNull();
  });

  it('resolving without a root cause leaves a follow-up until the root cause is written', async () => {
    const [fired] = await ingest(core, source, firing('rc-1'));
    const id = fired!.alarmId!;
    await core.execute(resolveAlarm, ada, { alarmId: id });
    expect((await core.read(listAlarms, ada, { followUpOpen: true })).nodes.map((a) => a.id)).toContain(id);
    await expect(core.execute(resolveAlarm, bob, { alarmId: id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringMatching(/^this alarm was already resolved by Ada at /) });
    await core.execute(writeRootCause, ada, { alarmId: id, rootCause: 'the certificate expired' });
    expect((await core.read(listAlarms, ada, { followUpOpen: true })).nodes.map((a) => a.id)).not.toContain(id);
    expect(await actions(id)).toEqual(['alarm.triggered', 'alarm.resolved', 'alarm.root_cause_written']);
  });

  it('escalating an acknowledged alarm by hand pages the next step and reopens it', async () => {
    const [fired] = await ingest(core, source, firing('esc-1'));
    const id = fired!.alarmId!;
    await core.execute(acknowledgeAlarm, bob, { alarmId: id });
    const escalated = await core.execute(escalateAlarm, bob, { alarmId: id });
    expect(escalated).toMatchObject({ state: 'TRIGGERED', escalationStep: 1, acknowledgedBy: null });
  });

  it('hides alarms from client people and refuses responders without the oncall or admin role', async () => {
    const [fired] = await ingest(core, source, firing('iso-1'));
    const id = fired!.alarmId!;
    await expect(core.read(getAlarm, clientAdmin, { alarmId: id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'alarm not found' });
    await expect(core.read(listAlarms, clientAdmin, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(acknowledgeAlarm, clientAdmin, { alarmId: id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'alarm not found' });
    await expect(core.execute(acknowledgeAlarm, agent, { alarmId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(createSchedule, ada, { name: 'x', timeZone: 'UTC', startDate: '2026-01-01', members: [ada.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await core.read(getAlarm, agent, { alarmId: id })).state).toBe('TRIGGERED');
    await expect(core.read(onCall, clientAdmin, {})).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'schedule not found' });
    await expect(core.read(alarmToResolve, clientAdmin, { alarmId: id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'alarm not found' });
    await expect(core.read(alarmToResolve, agent, { alarmId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // App Home lists alarms only to the people who answer them.
    expect(await core.read(alarmsHome, clientAdmin, {})).toBeNull();
    expect(await core.read(alarmsHome, agent, {})).toBeNull();
    expect((await core.read(alarmsHome, bob, {}))!.paging.map((a) => a.id)).toContain(id);
    const ids = await core.database.db.select().from(alarms).where(eq(alarms.id, id));
    expect(ids[0]!.acknowledgedBy).toBeNull();
  });

  it('puts an override in front of the rotation for its time only', async () => {
    const now = clock.now();
    const later = new Date(now.getTime() + 60 * MINUTE);
    const onCallAt = async (at: Date) => (await core.read(onCall, ada, { scheduleId: scheduleA, at }))[0]!.now;
    expect(await onCallAt(now)).toMatchObject({ personId: bob.id, name: 'Bob', override: false });
    await core.execute(addOverride, operator(), { scheduleId: scheduleA, personId: ada.id, startsAt: now, endsAt: later });
    expect(await onCallAt(now)).toMatchObject({ personId: ada.id, name: 'Ada', override: true, until: later });
    expect((await onCallAt(later))?.personId).toBe(bob.id);
    const [primary] = await core.read(onCall, ada, { scheduleId: scheduleA, at: now });
    expect(primary!.schedule.overrides.map((o) => o.personId)).toEqual([ada.id]);
    expect(await core.read(peopleOnCall, ada, { at: now })).toEqual([ada.id]); // both schedules: Ada, deduplicated
  });
});
