import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type PersonActor } from '../../../core/actor.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { declareIncident, postIncidentUpdate } from '../../../core/incidents/index.ts';
import { createProbe, createService, orgStatus, publicStatus, type PublicService } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf, operator, startCore } from '../../support/core.ts';
import { makeClientOrg, makePerson } from '../../support/server.ts';

/**
 * Declared incidents in the availability rule, on a fixed history hand-computed, "now" 2026-12-05T12:30Z.
 * Each service with checks has 10 on 2026-12-03, 9 up (p = 90%):
 *   Checkout  major 12-03 06:00 → resolved 12:00: f = 6/24 → 90 × 0.75 = 67.5; 12-04: 4 checks, all up → 100;
 *             over the range (9 × 0.75 + 4) / 14 = 10.75 / 14 = 76.785…% → 76.785
 *   Search    minor 12-03 06:00 → resolved 12:00: counts nothing → 90
 *   Mail      minor 03:00, raised to major 06:00, lowered to minor 09:00, resolved 12:00: 06:00-09:00, f = 3/24 → 78.75
 *   Storage   major 12-03 06:00 → 12:00 and critical 12-03 09:00 → 12-04 03:00 overlap: 12-03 06:00-24:00, f = 18/24
 *             → 22.5; 12-04 (no checks) 3/24 down → 87.5; over the range only 12-03 has checks → 22.5
 *   Reports   no checks; critical 12-02 00:00 → 12:00 → 50; critical from 12-05 06:30, still open: 6 of the 12.5 hours
 *             elapsed today → 52; over the range no checks → null
 *   Ledger    internal (org A only): major 12-03 06:00 → 12:00 → 67.5 on org A's page; on no other page
 */
describe.each(backends)('availability with declared incidents on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let clientA: PersonActor;
  let clientB: PersonActor;
  let orgA: string;
  let orgB: string;
  const ids: Record<string, string> = {};
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  const anonymous = () => systemActor('host', 'web', `test-${randomUUID()}`);
  const scheduler = () => systemActor('scheduler', 'scheduler', `test-${randomUUID()}`);
  const record = (probeId: string, at: string, up: boolean) =>
    core.transact(
      scheduler(),
      (ctx) => recordProbeResult(ctx, probeId, new Date(at), up ? { up, latencyMs: 50, statusCode: 200, error: null } : { up, latencyMs: 5000, statusCode: 500, error: 'HTTP 500' }),
      { requireRecord: false },
    );
  /** Ten checks on 2026-12-03, the third one failing. */
  const ninetyPercent = async (probeId: string) => {
    for (let hour = 0; hour < 10; hour++) await record(probeId, `2026-12-03T${String(hour * 2).padStart(2, '0')}:30:00Z`, hour !== 2);
  };
  const declare = async (at: string, title: string, impact: 'none' | 'minor' | 'major' | 'critical', serviceIds: string[]) => {
    clock.set(at);
    return (await core.execute(declareIncident, operator(), { title, impact, message: `${title}: investigating`, serviceIds })).id;
  };
  const update = async (at: string, incidentId: string, status: 'identified' | 'resolved', impact?: 'minor' | 'major') => {
    clock.set(at);
    await core.execute(postIncidentUpdate, operator(), { incidentId, status, message: `now ${status}`, ...(impact ? { impact } : {}) });
  };
  const day = (service: PublicService | undefined, date: string) => service?.availability.days.find((d) => d.date === date)?.percent;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    orgA = (await makeClientOrg(core, 'acme')).id;
    orgB = (await makeClientOrg(core, 'globex')).id;
    clientA = await actorOf(core, (await makePerson(core, orgA, ['contact'])).id);
    clientB = await actorOf(core, (await makePerson(core, orgB, ['contact'])).id);
    const service = async (name: string, input: { isPublic?: boolean; orgIds?: string[] }) => (await core.execute(createService, operator(), { name, ...input })).id;
    const probe = async (serviceId: string) =>
      (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/health', intervalSeconds: 10, failureThreshold: 100 })).id;
    for (const name of ['Checkout', 'Search', 'Mail', 'Storage', 'Reports']) ids[name] = await service(name, { isPublic: true });
    ids.Ledger = await service('Ledger', { orgIds: [orgA] });
    for (const name of ['Checkout', 'Search', 'Mail', 'Storage', 'Ledger']) await ninetyPercent(await probe(ids[name]!));
    const checkout = await probe(ids.Checkout!);
    for (const hour of ['01', '05', '09', '13']) await record(checkout, `2026-12-04T${hour}:00:00Z`, true);

    const reportsDay = await declare('2026-12-02T00:00:00Z', 'Reports down', 'critical', [ids.Reports!]);
    await update('2026-12-02T12:00:00Z', reportsDay, 'resolved');
    const mail = await declare('2026-12-03T03:00:00Z', 'Mail slow', 'minor', [ids.Mail!]);
    const checkoutDown = await declare('2026-12-03T06:00:00Z', 'Checkout down', 'major', [ids.Checkout!]);
    const searchSlow = await declare('2026-12-03T06:00:00Z', 'Search slow', 'minor', [ids.Search!]);
    const storageFirst = await declare('2026-12-03T06:00:00Z', 'Storage down', 'major', [ids.Storage!]);
    const ledgerDown = await declare('2026-12-03T06:00:00Z', 'Ledger down', 'major', [ids.Ledger!]);
    await update('2026-12-03T06:00:00Z', mail, 'identified', 'major');
    const storageSecond = await declare('2026-12-03T09:00:00Z', 'Storage unreachable', 'critical', [ids.Storage!]);
    await update('2026-12-03T09:00:00Z', mail, 'identified', 'minor');
    for (const incident of [checkoutDown, searchSlow, storageFirst, ledgerDown, mail]) await update('2026-12-03T12:00:00Z', incident, 'resolved');
    await update('2026-12-04T03:00:00Z', storageSecond, 'resolved');
    await declare('2026-12-05T06:30:00Z', 'Reports down again', 'critical', [ids.Reports!]);
    clock.set('2026-12-05T12:30:00Z');
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('takes a major incident’s time off its day, and weighs the range by checks', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    const checkout = status.services.find((s) => s.name === 'Checkout');
    expect(day(checkout, '2026-12-03')).toBe(67.5);
    expect(day(checkout, '2026-12-04')).toBe(100);
    expect(day(checkout, '2026-12-02')).toBeNull();
    expect(checkout?.availability.percent).toBe(76.785);
  });

  it('leaves a minor incident out, and counts an impact only while it is major', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    const search = status.services.find((s) => s.name === 'Search');
    expect(day(search, '2026-12-03')).toBe(90);
    expect(search?.availability.percent).toBe(90);
    const mail = status.services.find((s) => s.name === 'Mail');
    expect(day(mail, '2026-12-03')).toBe(78.75);
    expect(mail?.availability.percent).toBe(78.75);
  });

  it('counts overlapping incidents once, across midnight, and a declared day without checks', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    const storage = status.services.find((s) => s.name === 'Storage');
    expect(day(storage, '2026-12-03')).toBe(22.5);
    expect(day(storage, '2026-12-04')).toBe(87.5);
    expect(day(storage, '2026-12-05')).toBeNull();
    expect(storage?.availability.percent).toBe(22.5);
  });

  it('shows a declared day without checks as the time not down, today over its elapsed part only', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    const reports = status.services.find((s) => s.name === 'Reports');
    expect(reports?.availability.days.filter((d) => d.percent !== null)).toEqual([
      { date: '2026-12-02', percent: 50 },
      { date: '2026-12-05', percent: 52 },
    ]);
    expect(reports?.availability.percent).toBeNull();
  });

  it('counts an internal service’s incident on the page of the org that uses it only', async () => {
    const publicPage = await core.read(publicStatus, anonymous(), {});
    expect(publicPage.services.map((s) => s.name)).not.toContain('Ledger');
    const pageA = await core.read(orgStatus, clientA, { orgId: orgA });
    const ledger = pageA.services.find((s) => s.name === 'Ledger');
    expect(day(ledger, '2026-12-03')).toBe(67.5);
    expect(ledger?.availability.percent).toBe(67.5);
    // The public services read the same on both pages.
    expect(pageA.services.filter((s) => s.name !== 'Ledger').map((s) => s.availability)).toEqual(publicPage.services.map((s) => s.availability));
    const pageB = await core.read(orgStatus, clientB, { orgId: orgB });
    expect(pageB.services.map((s) => s.name)).toEqual(publicPage.services.map((s) => s.name));
  });

  it('states the rule on the page', async () => {
    const status = await core.read(publicStatus, anonymous(), {});
    expect(status.availabilityRule).toMatch(/major or critical impact/);
    expect(status.availabilityRule).toMatch(/overlapping incidents count once/);
  });
});
