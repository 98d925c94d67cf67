/**
 * A grant expires exactly once: when two instances sharing PostgreSQL race for its timer, and
 * when the instance that granted it is gone and another starts after the grant's time ran out.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { decideAccess, getAccessRequest, requestAccess } from '../../core/access/index.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { makeAccessCast, type AccessCast } from '../support/access.ts';
import { actorOf } from '../support/tickets.ts';

const MINUTE = 60_000;

async function grant(core: Core, cast: AccessCast, durationMinutes: number) {
  const request = await core.execute(requestAccess, await actorOf(core, cast.engineer.id), {
    orgId: cast.a.id,
    ticketId: cast.ticket.id,
    reason: 'Investigate the nightly import',
    scope: 'import workers',
    durationMinutes,
  });
  await core.execute(decideAccess, await actorOf(core, cast.approver.id), { requestId: request.id, decision: 'APPROVE' });
  return core.execute(decideAccess, await actorOf(core, cast.aAdmin.id), { requestId: request.id, decision: 'APPROVE' });
}

async function expiredEvents(core: Core, grantIds: string[]) {
  return core.database.db
    .select({ subjectId: auditEvents.subjectId })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'access.expired'), inArray(auditEvents.subjectId, grantIds)));
}

describe.each(backends)('access expiry after a restart on %s', (backend) => {
  let db: TestDatabase;
  let cores: Core[] = [];
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    for (const core of cores) await core.stop();
    await db?.dispose();
  });

  it('expires a grant whose time ran out while no instance was running, once, at the next start', async () => {
    const first = await startCore(db.database, { clock, instanceId: 'before' });
    cores.push(first);
    const cast = await makeAccessCast(first);
    const granted = await grant(first, cast, 30);
    await first.stop();

    clock.advance(45 * MINUTE);
    const second = await startCore(db.database, { clock, instanceId: 'after' }); // start() fires overdue timers
    cores.push(second);
    expect((await second.read(getAccessRequest, operator(), { requestId: granted.id })).status).toBe('EXPIRED');
    await second.timers.runDue();
    expect(await expiredEvents(second, [granted.id])).toHaveLength(1);
  });
});

describe.runIf(hasPostgres)('access expiry across instances on PostgreSQL', () => {
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

  it('expires each grant exactly once when two instances race for its timer', async () => {
    const cast = await makeAccessCast(one);
    const grants = [];
    for (let i = 0; i < 8; i++) grants.push(await grant(i % 2 ? one : two, cast, 60));
    for (const clock of [clockOne, clockTwo]) clock.advance(60 * MINUTE);
    await Promise.all([one.timers.runDue(), two.timers.runDue(), one.timers.runDue(), two.timers.runDue()]);
    const ids = grants.map((g) => g.id);
    const expired = await expiredEvents(one, ids);
    expect(expired.map((e) => e.subjectId).sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await two.read(getAccessRequest, operator(), { requestId: id })).status).toBe('EXPIRED');
  });
});
