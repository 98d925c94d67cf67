import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, timers } from '../../db/schema.ts';
import { createApiToken } from '../../core/directory/index.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { declareTestEvents, operator, startCore } from '../support/core.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';

const HOUR = 3_600_000;

async function expiries(core: Core, tokenId: string) {
  return core.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'api_token.expired'), eq(auditEvents.subjectId, tokenId)));
}

describe.each(backends)('durable timers on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let orgId: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    orgId = (await makeClientOrg(core, 'acme')).id;
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('fires a timer when its time comes, and not before', async () => {
    const person = await makePerson(core, orgId, ['contact']);
    const token = await core.execute(createApiToken, operator(), {
      personId: person.id,
      expiresAt: new Date(clock.now().getTime() + HOUR),
    });
    clock.advance(HOUR - 1000);
    expect(await core.timers.runDue()).toBe(0);
    expect(await expiries(core, token.id)).toHaveLength(0);
    clock.advance(1000);
    expect(await core.timers.runDue()).toBe(1);
    const [event] = await expiries(core, token.id);
    expect(event).toMatchObject({ actorId: 'scheduler', door: 'scheduler', orgId });
    expect(await core.timers.runDue()).toBe(0);
  });

  it('fires timers that came due while no instance was running, at start', async () => {
    const person = await makePerson(core, orgId, ['contact']);
    const token = await core.execute(createApiToken, operator(), {
      personId: person.id,
      expiresAt: new Date(clock.now().getTime() + HOUR),
    });
    await core.stop();
    clock.advance(2 * HOUR);
    core = await startCore(db.database, { clock }); // a restart: start() fires what is overdue
    expect(await expiries(core, token.id)).toHaveLength(1);
  });

  it('rolls back a failing handler with its claim, and tries it again later', async () => {
    let failures = 1;
    declareTestEvents(core, ['test.fired', 'test.scheduled']);
    core.timers.register('test.flaky', async (ctx, payload) => {
      if (failures-- > 0) throw new Error('flaky handler');
      await ctx.record({ orgId, action: 'test.fired', subjectType: 'test', subjectId: String(payload.n), data: {} });
    });
    await core.transact(operator(), async (ctx) => {
      await ctx.schedule({ kind: 'test.flaky', key: 'flaky-1', dueAt: ctx.now, payload: { n: 1 } });
      await ctx.record({ orgId, action: 'test.scheduled', subjectType: 'test', subjectId: '1', data: {} });
    });
    expect(await core.timers.runDue()).toBe(0); // failed: still pending, retried after a back-off
    const [row] = await core.database.db.select().from(timers).where(eq(timers.key, 'flaky-1'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    clock.advance(60_000);
    expect(await core.timers.runDue()).toBe(1);
    const [fired] = await core.database.db.select().from(timers).where(eq(timers.key, 'flaky-1'));
    expect(fired?.status).toBe('fired');
  });

  it('keeps one pending timer per key, moved when armed again, and cancels it with its subject', async () => {
    declareTestEvents(core, ['test.scheduled', 'test.cancelled']);
    await core.transact(operator(), async (ctx) => {
      await ctx.schedule({ kind: 'test.flaky', key: 'moved', dueAt: new Date(ctx.now.getTime() + HOUR), payload: { n: 2 } });
      await ctx.schedule({ kind: 'test.flaky', key: 'moved', dueAt: new Date(ctx.now.getTime() + 2 * HOUR), payload: { n: 3 } });
      await ctx.record({ orgId, action: 'test.scheduled', subjectType: 'test', subjectId: '2', data: {} });
    });
    const rows = await core.database.db.select().from(timers).where(eq(timers.key, 'moved'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toEqual({ n: 3 });
    await core.transact(operator(), async (ctx) => {
      await ctx.cancelTimers('mov*');
      await ctx.record({ orgId, action: 'test.cancelled', subjectType: 'test', subjectId: '2', data: {} });
    });
    clock.advance(3 * HOUR);
    await core.timers.runDue();
    const [after] = await core.database.db.select().from(timers).where(eq(timers.key, 'moved'));
    expect(after?.status).toBe('cancelled');
  });
});

describe.runIf(hasPostgres)('durable timers across instances on PostgreSQL', () => {
  let db: TestDatabase;
  let one: Core;
  let two: Core;
  const clockOne = new ManualClock('2026-11-23T09:00:00Z');
  const clockTwo = new ManualClock('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    one = await startCore(db.database, { clock: clockOne, instanceId: 'one' });
    two = await startCore(await db.openAnother(), { clock: clockTwo, instanceId: 'two' });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await db?.dispose();
  });

  it('fires each timer exactly once when two instances race for it', async () => {
    const org = await makeClientOrg(one, 'race');
    const tokens = [];
    for (let i = 0; i < 20; i++) {
      const person = await makePerson(one, org.id, ['contact']);
      tokens.push(
        await one.execute(createApiToken, operator(), { personId: person.id, expiresAt: new Date(clockOne.now().getTime() + HOUR) }),
      );
    }
    clockOne.advance(HOUR);
    clockTwo.advance(HOUR);
    const [firedOne, firedTwo] = await Promise.all([one.timers.runDue(), two.timers.runDue()]);
    expect(firedOne + firedTwo).toBe(20);
    for (const token of tokens) expect(await expiries(one, token.id)).toHaveLength(1);
    const firedBy = await one.database.db.select({ firedBy: timers.firedBy }).from(timers).where(eq(timers.kind, 'api_token.expire'));
    expect(firedBy.every((r) => r.firedBy === 'one' || r.firedBy === 'two')).toBe(true);
  });
});
