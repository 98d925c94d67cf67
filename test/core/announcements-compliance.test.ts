import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeCompliance,
  createRelease,
  DIGEST_KEY,
  listInstallations,
  nextDigestAt,
  reportInstallation,
  upgradeCompliance,
} from '../../core/announcements/index.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import type { InstallationRow } from '../../db/schema.ts';
import { timers } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { startCore } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';
import { actorOf, eventsOf } from '../support/announcements.ts';

const released = (version: string, date: string) => ({ version, releasedAt: new Date(date), status: 'completed' as const });
const installation = (kind: InstallationRow['kind'], name: string, version: string): InstallationRow => ({
  id: name,
  orgId: 'org',
  kind,
  name,
  version,
  lastReportAt: new Date('2026-01-01T00:00:00Z'),
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

describe('the maintenance policy on fixed dates', () => {
  const history = [released('5.0.0', '2025-01-15T00:00:00Z'), released('5.1.0', '2025-07-01T00:00:00Z'), released('6.0.0', '2026-01-10T00:00:00Z')];

  it('calls a server overdue once a newer release is more than six months old, counting from the oldest such release', () => {
    const asOf = new Date('2026-03-01T00:00:00Z');
    const [entry] = computeCompliance([installation('server', 'srv-1', '5.0.0')], history, asOf);
    expect(entry).toMatchObject({ requiredVersion: '5.1.0', latestVersion: '6.0.0', overdueSince: new Date('2026-01-01T00:00:00Z'), overdueDays: 59 });
    expect(computeCompliance([installation('server', 'srv-2', '5.1.0')], history, asOf)).toEqual([]);
  });

  it('gives clients twelve months and the cloud fourteen days, on both sides of the boundary', () => {
    const list = [installation('client', 'pc-1', '5.0.0'), installation('cloud', 'cloud', '5.1.0')];
    expect(computeCompliance(list, history, new Date('2026-01-23T23:59:59Z')).map((e) => e.installation.name)).toEqual([]);
    expect(computeCompliance(list, history, new Date('2026-01-24T00:00:00Z')).map((e) => e.installation.name)).toEqual(['cloud']);
    expect(computeCompliance(list, history, new Date('2026-06-30T23:59:59Z')).map((e) => e.installation.name)).toEqual(['cloud']);
    expect(computeCompliance(list, history, new Date('2026-07-01T00:00:00Z')).map((e) => e.installation.name).sort()).toEqual(['cloud', 'pc-1']);
  });

  it('compares versions as semver (5.10 is newer than 5.9) and ignores cancelled and future releases', () => {
    const rows = [released('5.9.0', '2024-01-01T00:00:00Z'), released('5.10.0', '2024-02-01T00:00:00Z'), { ...released('7.0.0', '2024-01-01T00:00:00Z'), status: 'cancelled' as const }];
    const asOf = new Date('2026-01-01T00:00:00Z');
    expect(computeCompliance([installation('server', 'a', '5.10.0')], rows, asOf)).toEqual([]);
    expect(computeCompliance([installation('server', 'b', '5.9')], rows, asOf)[0]?.requiredVersion).toBe('5.10.0');
  });

  it('arms the weekly digest for Monday 08:00 in Stockholm, in winter and in summer time', () => {
    expect(nextDigestAt(new Date('2026-11-23T06:59:00Z')).toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-11-23T07:00:00Z')).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-06-10T12:00:00Z')).toISOString()).toBe('2026-06-15T06:00:00.000Z');
  });
});

describe.each(backends)('installations and compliance on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('takes reports from a member of the org, lists the overdue ones to its admins, and sends a weekly digest', async () => {
    const po = await actorOf(core, (await makePerson(core, core.providerId!, ['product_owner'])).id);
    const agent = await actorOf(core, (await makePerson(core, core.providerId!, ['agent'])).id);
    for (const [version, date] of [['5.0.0', '2025-01-15'], ['5.1.0', '2025-07-01']] as const) {
      const windowStart = new Date(`${date}T00:00:00Z`);
      await core.execute(createRelease, po, { version, title: version, changeLog: '-', windowStart, windowEnd: new Date(windowStart.getTime() + 3_600_000) });
    }
    const acme = await makeClientOrg(core, 'acme');
    const beta = await makeClientOrg(core, 'beta');
    const reporter = await actorOf(core, (await makePerson(core, acme.id, ['contact'])).id);
    const acmeAdmin = await actorOf(core, (await makePerson(core, acme.id, ['contract_admin'])).id);
    const betaAdmin = await actorOf(core, (await makePerson(core, beta.id, ['space_admin'])).id);

    await core.execute(reportInstallation, reporter, { kind: 'server', name: 'srv-1', version: '4.9.0' });
    await core.execute(reportInstallation, reporter, { kind: 'server', name: 'srv-1', version: '5.0.0' });
    await core.execute(reportInstallation, reporter, { kind: 'client', name: 'pc-1', version: '5.0.0' });
    expect((await core.read(listInstallations, reporter, { orgId: acme.id })).map((i) => [i.name, i.version])).toEqual([['pc-1', '5.0.0'], ['srv-1', '5.0.0']]);
    const [second] = (await eventsOf(core, 'installation.reported')).slice(1);
    expect(second).toMatchObject({ chainId: acme.id, data: { version: '5.0.0', previousVersion: '4.9.0' } });

    const overdue = await core.read(upgradeCompliance, acmeAdmin, { orgId: acme.id });
    expect(overdue.map((e) => [e.installation.name, e.requiredVersion, e.overdueDays])).toEqual([['srv-1', '5.1.0', 59]]);
    await expect(core.read(upgradeCompliance, reporter, { orgId: acme.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.read(upgradeCompliance, betaAdmin, { orgId: acme.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(reportInstallation, betaAdmin, { orgId: acme.id, kind: 'server', name: 'x', version: '1.0.0' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(reportInstallation, agent, { orgId: acme.id, kind: 'server', name: 'x', version: '1.0.0' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await core.read(upgradeCompliance, agent, { orgId: acme.id })).toHaveLength(1);

    const [digest] = (await db.database.db.select().from(timers).where(eq(timers.key, DIGEST_KEY))).filter((t) => t.status === 'pending');
    expect(digest?.dueAt.toISOString()).toBe('2026-03-02T07:00:00.000Z');
    clock.set('2026-03-02T07:00:00Z');
    expect(await core.timers.runDue()).toBe(1);
    const [compiled] = await eventsOf(core, 'compliance.digest_compiled');
    expect(compiled).toMatchObject({ chainId: core.providerId, data: { overdue: 1, installations: [{ name: 'srv-1', orgName: 'acme Inc', overdueDays: 60 }] } });
    const [rearmed] = (await db.database.db.select().from(timers).where(eq(timers.key, DIGEST_KEY))).filter((t) => t.status === 'pending');
    expect(rearmed?.dueAt.toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });
});
