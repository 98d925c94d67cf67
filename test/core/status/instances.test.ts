import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSamples } from '../../../db/schema.ts';
import type { Database } from '../../../db/client.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { createProbe, createService, probesSettled } from '../../../core/status/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator, startCore } from '../../support/core.ts';
import { rounds, startTarget, type Target } from '../../support/status.ts';

/**
 * Two instances on one database, one clock. On PostgreSQL each has its own connection pool; PGlite
 * is one process, so there both cores share its one connection (the claim is the same statement).
 */
describe.each(backends)('probes across instances on %s', (backend) => {
  let db: TestDatabase;
  let one: Core;
  let two: Core;
  let target: Target;
  let probeId: string;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const another = (): Promise<Database> => (backend === 'postgres' ? db.openAnother() : Promise.resolve(db.database));
  const samples = async () => (await one.database.db.select({ n: count() }).from(probeSamples).where(eq(probeSamples.probeId, probeId)))[0]!.n;

  beforeAll(async () => {
    target = await startTarget(() => ({ status: 200, body: 'ok', delayMs: 20 }));
    db = await createTestDatabase(backend);
    one = await startCore(db.database, { clock, instanceId: 'one' });
    two = await startCore(await another(), { clock, instanceId: 'two' });
    const { id: serviceId } = await one.execute(createService, operator(), { name: 'API' });
    probeId = (await one.execute(createProbe, operator(), { serviceId, name: 'health', url: `${target.url}/health`, intervalSeconds: 10 })).id;
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await db?.dispose();
    await target?.close();
  });

  it('runs a probe exactly once per interval when two instances fire what is due at the same moment', async () => {
    await rounds(clock, 10_000, 6, one, two);
    expect(target.hits.get('/health')).toBe(6);
    expect(await samples()).toBe(6);
  });

  it('survives a restart: an instance that starts after a pause runs the overdue probe once and carries on from there', async () => {
    await two.stop();
    await one.stop();
    const before = target.hits.get('/health')!;
    clock.advance(45_000);
    const three = await startCore(await another(), { clock, instanceId: 'three' });
    try {
      await probesSettled(three);
      expect(target.hits.get('/health')).toBe(before + 1);
      clock.advance(10_000);
      await rounds(clock, 10_000, 1, three);
      expect(target.hits.get('/health')).toBe(before + 2);
      expect(await samples()).toBe(before + 2);
    } finally {
      await three.stop();
    }
  });
});
