/**
 * Announcements through GraphQL: the product owner's flow, what each client sees, and the
 * isolation matrix: client A's people can neither read nor touch what client B was told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, makeTenants, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { codeOf, collect, gql, wsClient } from '../../support/clients.ts';
import { DAY, HOUR } from '../../support/announcements.ts';

const CREATE = `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { id version status kind } }`;
const ANNOUNCE = `mutation($input: AnnounceReleaseInput!) { announceRelease(input: $input) { orgs recipients announcement { id shortNotice } } }`;
const ANNOUNCEMENT = `query($id: ID!) { announcement(id: $id) {
  id status release { version changeLog preview { url } }
  recipients { orgId personId acknowledgedAt }
  acknowledgementsByOrg { orgId acknowledged { personId } pending { personId } } } }`;

describe.each(backends)('announcements through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let t: Awaited<ReturnType<typeof makeTenants>>;
  let po: MadePerson;
  let aOwner: MadePerson;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let announcementToA: string;
  let releaseToA: string;
  let announcementToBoth: string;

  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  let n = 0;
  const input = (aheadMs: number, extra: Record<string, unknown> = {}) => ({
    version: `7.${++n}.0`,
    title: 'Reports',
    changeLog: '- new *reports*',
    downtime: true,
    windowStart: at(aheadMs),
    windowEnd: at(aheadMs + 2 * HOUR),
    preview: { start: at(DAY), end: at(10 * DAY), url: 'https://preview.example.test/7' },
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    t = await makeTenants(server.core);
    po = await makePerson(server.core, server.core.providerId!, ['product_owner']);
    aOwner = await makePerson(server.core, t.a.id, ['space_owner']);
    const toA = await gql(server.url, po.token, CREATE, { input: input(20 * DAY) });
    releaseToA = toA.data!.createRelease.id;
    const announced = await gql(server.url, po.token, ANNOUNCE, { input: { releaseId: releaseToA, orgIds: [t.a.id] } });
    expect(announced.errors).toBeUndefined();
    announcementToA = announced.data!.announceRelease.announcement.id;
    const both = await gql(server.url, po.token, CREATE, { input: input(30 * DAY) });
    const announcedBoth = await gql(server.url, po.token, ANNOUNCE, { input: { releaseId: both.data!.createRelease.id } });
    announcementToBoth = announcedBoth.data!.announceRelease.announcement.id;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('refuses an announcement less than 14 days ahead, and takes urgent maintenance with its reason', async () => {
    const soon = await gql(server.url, po.token, CREATE, { input: input(13 * DAY) });
    const refused = await gql(server.url, po.token, ANNOUNCE, { input: { releaseId: soon.data!.createRelease.id } });
    expect(codeOf(refused)).toBe('INVALID_TRANSITION');
    const urgent = await gql(server.url, po.token, CREATE, { input: input(13 * DAY, { kind: 'URGENT_MAINTENANCE', urgentReason: 'certificate expiry' }) });
    expect(urgent.data?.createRelease).toMatchObject({ kind: 'URGENT_MAINTENANCE', status: 'PLANNED' });
    const announced = await gql(server.url, po.token, ANNOUNCE, { input: { releaseId: urgent.data!.createRelease.id, orgIds: [t.b.id] } });
    expect(announced.data?.announceRelease).toMatchObject({ orgs: 1, recipients: 1, announcement: { shortNotice: true } });
  });

  it('shows the product owner every org, who has acknowledged and who has not', async () => {
    const acked = await gql(server.url, t.bAdmin.token, `mutation($id: ID!) { acknowledgeAnnouncement(announcementId: $id) { acknowledgedAt orgIds } }`, { id: announcementToBoth });
    expect(acked.data?.acknowledgeAnnouncement.orgIds).toEqual([t.b.id]);
    const again = await gql(server.url, t.bAdmin.token, `mutation($id: ID!) { acknowledgeAnnouncement(announcementId: $id) { acknowledgedAt } }`, { id: announcementToBoth });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain(acked.data!.acknowledgeAnnouncement.acknowledgedAt);
    const seen = await gql(server.url, po.token, ANNOUNCEMENT, { id: announcementToBoth });
    const byOrg = Object.fromEntries(seen.data!.announcement.acknowledgementsByOrg.map((o: any) => [o.orgId, o]));
    expect(byOrg[t.b.id].acknowledged.map((r: any) => r.personId)).toEqual([t.bAdmin.id]);
    expect(byOrg[t.a.id].pending.map((r: any) => r.personId).sort()).toEqual([t.aAdmin.id, aOwner.id].sort());
  });

  it("shows a client admin the change log, the preview and their own org's recipients only", async () => {
    const seen = await gql(server.url, t.aAdmin.token, ANNOUNCEMENT, { id: announcementToBoth });
    expect(seen.data?.announcement.release).toMatchObject({ changeLog: '- new *reports*', preview: { url: 'https://preview.example.test/7' } });
    expect(new Set(seen.data!.announcement.recipients.map((r: any) => r.orgId))).toEqual(new Set([t.a.id]));
    expect(seen.data!.announcement.acknowledgementsByOrg.map((o: any) => o.orgId)).toEqual([t.a.id]);
    const pending = await gql(server.url, t.aAdmin.token, `{ myPendingAnnouncements { id } }`);
    expect(pending.data?.myPendingAnnouncements.map((a: any) => a.id).sort()).toEqual([announcementToA, announcementToBoth].sort());
  });

  it('lets only product owners manage releases', async () => {
    for (const token of [server.adminToken, t.providerAgent.token, t.aAdmin.token]) {
      expect(codeOf(await gql(server.url, token, CREATE, { input: input(40 * DAY) }))).toBe('FORBIDDEN');
    }
    const reschedule = await gql(
      server.url,
      po.token,
      `mutation($input: RescheduleReleaseInput!) { rescheduleRelease(input: $input) { windowStart status } }`,
      { input: { releaseId: releaseToA, windowStart: at(25 * DAY), windowEnd: at(25 * DAY + HOUR), reason: 'freeze' } },
    );
    expect(reschedule.data?.rescheduleRelease).toEqual({ windowStart: at(25 * DAY), status: 'ANNOUNCED' });
  });

  it('takes installation reports with a member token and lists the overdue ones to the org admin', async () => {
    const report = await gql(
      server.url,
      t.aContact.token,
      `mutation { reportInstallation(input: { kind: SERVER, name: "srv-1", version: "1.0.0" }) { orgId kind version } }`,
    );
    expect(report.data?.reportInstallation).toEqual({ orgId: t.a.id, kind: 'SERVER', version: '1.0.0' });
    const seen = await gql(server.url, t.aAdmin.token, `query($a: ID!) { installations(orgId: $a) { name } upgradeCompliance(orgId: $a) { requiredVersion } }`, { a: t.a.id });
    expect(seen.data).toEqual({ installations: [{ name: 'srv-1' }], upgradeCompliance: [] });
    expect(codeOf(await gql(server.url, t.aContact.token, `query($a: ID!) { upgradeCompliance(orgId: $a) { requiredVersion } }`, { a: t.a.id }))).toBe('FORBIDDEN');
  });

  it('streams announcement events of their own org to a client, and nothing of another client', async () => {
    const client = wsClient(server.url, t.bAdmin.token);
    const sub = collect(client, `subscription { announcementEvents { type orgId subjectId } }`);
    await new Promise((r) => setTimeout(r, 200)); // the subscription is registered once the server answers; no event is lost here either way
    const created = await gql(server.url, po.token, CREATE, { input: input(40 * DAY) });
    await gql(server.url, po.token, ANNOUNCE, { input: { releaseId: created.data!.createRelease.id } });
    // A second announcement to B alone: anything of A's from the first would have arrived before it.
    const sentinel = await gql(server.url, po.token, CREATE, { input: input(41 * DAY) });
    await gql(server.url, po.token, ANNOUNCE, { input: { releaseId: sentinel.data!.createRelease.id, orgIds: [t.b.id] } });
    await sub.until(() => sub.received.length >= 2);
    expect(sub.received.map((r) => r.announcementEvents)).toEqual([
      expect.objectContaining({ type: 'announcement.delivered', orgId: t.b.id }),
      expect.objectContaining({ type: 'announcement.delivered', orgId: t.b.id }),
    ]);
    await client.dispose();
  });

  describe('isolation', () => {
    const tokensOfB = () => ({ 'contact of B': t.bContact.token, 'admin of B': t.bAdmin.token });
    const doorsToA = () =>
      ({
        'announcement(id)': [`query($id: ID!) { announcement(id: $id) { id } }`, { id: announcementToA }],
        'release(id)': [`query($id: ID!) { release(id: $id) { id } }`, { id: releaseToA }],
        'announcements(orgId)': [`query($a: ID!) { announcements(filter: { orgId: $a }) { nodes { id } } }`, { a: t.a.id }],
        'installations(orgId)': [`query($a: ID!) { installations(orgId: $a) { id } }`, { a: t.a.id }],
        'upgradeCompliance(orgId)': [`query($a: ID!) { upgradeCompliance(orgId: $a) { overdueDays } }`, { a: t.a.id }],
        acknowledgeAnnouncement: [`mutation($id: ID!) { acknowledgeAnnouncement(announcementId: $id) { acknowledgedAt } }`, { id: announcementToA }],
        'reportInstallation in A': [`mutation($a: ID!) { reportInstallation(input: { orgId: $a, kind: CLIENT, name: "evil", version: "1.0.0" }) { id } }`, { a: t.a.id }],
      }) as Record<string, [string, Record<string, unknown>]>;

    it("answers NOT_FOUND to every read and change of what client A was told, through every GraphQL door", async () => {
      for (const [who, token] of Object.entries(tokensOfB())) {
        for (const [what, [query, variables]] of Object.entries(doorsToA())) {
          const res = await gql(server.url, token, query, variables);
          expect(codeOf(res), `${who}: ${what}`).toBe('NOT_FOUND');
          expect(JSON.stringify(res), `${who}: ${what}`).not.toContain(t.a.name);
        }
      }
    });

    it("never lists an announcement made only to client A among client B's", async () => {
      for (const [who, token] of Object.entries(tokensOfB())) {
        const res = await gql(server.url, token, `{ releases(first: 50) { nodes { id } } announcements(first: 50) { nodes { id recipients { orgId } } } }`);
        expect(res.errors, who).toBeUndefined();
        expect(res.data?.releases.nodes.map((r: any) => r.id), who).not.toContain(releaseToA);
        expect(res.data?.announcements.nodes.map((a: any) => a.id), who).not.toContain(announcementToA);
        const orgIds = res.data!.announcements.nodes.flatMap((a: any) => a.recipients.map((r: any) => r.orgId));
        expect(orgIds.every((id: string) => id === t.b.id), who).toBe(true);
      }
    });

    it("refuses client B a subscription to client A's announcement events", async () => {
      const client = wsClient(server.url, t.bAdmin.token);
      const sub = collect(client, `subscription($a: ID!) { announcementEvents(orgId: $a) { type } }`, { a: t.a.id });
      await sub.until(() => sub.errors.length > 0 || sub.completed);
      expect((sub.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
      await client.dispose();
    });
  });
});
