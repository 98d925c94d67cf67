/**
 * Schedules that cannot be followed are refused when they are made, and a schedule row that is bad
 * all the same (written before the rules, or by hand) never puts a person id "undefined" on call:
 * whoever it would page, it pages nobody, and the escalation goes on to its next step.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents, onCallSchedules } from '../../db/schema.ts';
import { createEscalationPolicy, createSchedule, onCall, peopleOnCall, setAlarmRoute } from '../../core/alarms/index.ts';
import { rotationShiftAt } from '../../core/alarms/rotation.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { makePerson } from '../support/server.ts';
import { firing, ingest, makeAlarmSource } from '../support/alarms.ts';

describe.each(backends)('on-call schedules on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let oncall: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    oncall = (await makePerson(core, core.providerId!, ['oncall'])).id;
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  const refusal = async (input: Record<string, unknown>) => {
    try {
      await core.execute(createSchedule, operator(), { name: `s-${Math.random()}`, timeZone: 'Europe/Stockholm', startDate: '2026-11-02', members: [oncall], ...input } as never);
    } catch (error) {
      return error as OpsdeskError;
    }
    throw new Error(`accepted ${JSON.stringify(input)}`);
  };

  it("reaches the provider's members with the oncall role while no rotation exists", async () => {
    await makePerson(core, core.providerId!, ['agent']);
    expect(await core.read(onCall, operator(), {})).toEqual([]);
    expect(await core.read(peopleOnCall, operator(), {})).toEqual([oncall]);
  });

  it('refuses start dates that are not on the calendar', async () => {
    for (const startDate of ['2026-02-30', '2026-13-01', '2025-02-29', '0000-01-01', '10000-01-01']) {
      const error = await refusal({ startDate });
      expect(error, startDate).toBeInstanceOf(OpsdeskError);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details?.fields).toHaveProperty('startDate');
    }
    await expect(core.execute(createSchedule, operator(), { name: 'leap', timeZone: 'Europe/Stockholm', startDate: '2028-02-29', members: [oncall] })).resolves.toMatchObject({ startDate: '2028-02-29' });
  });

  it('takes only IANA time zone names, refusing offsets like UTC+25 and made-up zones', async () => {
    for (const timeZone of ['UTC+25', 'UTC+2', '+01:00', 'Mars/Olympus_Mons', '']) {
      const error = await refusal({ timeZone });
      expect(error.code, timeZone).toBe('INVALID_INPUT');
      expect(error.details?.fields).toHaveProperty('timeZone');
    }
    await expect(core.execute(createSchedule, operator(), { name: 'fixed offset', timeZone: 'Etc/GMT-14', startDate: '2026-11-02', members: [oncall] })).resolves.toBeDefined();
  });

  it('never yields an undefined person from rotation arithmetic, whatever the rotation holds', () => {
    const at = new Date('2026-11-23T09:00:00Z');
    const broken = [
      { timeZone: 'UTC+25', startDate: '2026-11-02', handoffTime: '09:00', shiftDays: 7, members: ['ada'] },
      { timeZone: 'Europe/Stockholm', startDate: '2026-02-30', handoffTime: '09:00', shiftDays: 7, members: ['ada'] },
      { timeZone: 'Europe/Stockholm', startDate: '2026-11-02', handoffTime: '25:99', shiftDays: 7, members: ['ada'] },
      { timeZone: 'Europe/Stockholm', startDate: '2026-11-02', handoffTime: '09:00', shiftDays: 0, members: ['ada'] },
      { timeZone: 'Europe/Stockholm', startDate: '2026-11-02', handoffTime: '09:00', shiftDays: 7, members: [] },
    ];
    for (const rotation of broken) expect(rotationShiftAt(rotation, at), JSON.stringify(rotation)).toBeUndefined();
    const fine = { timeZone: 'Europe/Stockholm', startDate: '2026-11-02', handoffTime: '09:00', shiftDays: 7, members: ['ada'] };
    expect(rotationShiftAt(fine, new Date(Number.NaN))).toBeUndefined();
    expect(rotationShiftAt(fine, at)?.personId).toBe('ada');
  });

  it('pages nobody from a corrupt schedule row, and never the person "undefined"', async () => {
    const [corrupt] = await db.database.db
      .insert(onCallSchedules)
      .values({ name: 'written by hand', timeZone: 'UTC+25', startDate: '2026-02-30', handoffTime: '09:00', shiftDays: 7, members: [oncall] })
      .returning();
    const [answer] = await core.read(onCall, operator(), { scheduleId: corrupt!.id, at: clock.now() });
    expect(answer).toMatchObject({ now: undefined, next: undefined });

    const source = await makeAlarmSource(core, 'corrupt-route');
    const policy = await core.execute(createEscalationPolicy, operator(), {
      name: 'through the corrupt schedule',
      steps: [{ target: { type: 'schedule', scheduleId: corrupt!.id } }, { target: { type: 'person', personId: oncall } }],
    });
    await core.execute(setAlarmRoute, operator(), { sourceName: source.name, policyId: policy.id });
    const [outcome] = await ingest(core, source, firing('through-corrupt'));
    const [alarm] = await db.database.db.select().from(alarms).where(eq(alarms.id, outcome!.alarmId!));
    expect(alarm!.paged).toEqual([]);
    const trail = await db.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, alarm!.id));
    expect(JSON.stringify(trail.map((e) => e.data))).not.toMatch(/undefined|null\]|\[null/);
  });
});
