import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acknowledgeAnnouncement,
  announceRelease,
  cancelRelease,
  createAndAnnounceRelease,
  createRelease,
  acknowledgementsByOrg,
  followAnnouncements,
  getAnnouncement,
  listReleases,
  pendingAcknowledgements,
  recipientsOfAnnouncements,
  rescheduleRelease,
} from '../../core/announcements/index.ts';
import type { PersonActor } from '../../core/actor.ts';
import { setRoles } from '../../core/directory/index.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { announcementRecipients, announcements, releases, timers } from '../../db/schema.ts';
import { operator, startCore } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, type MadePerson } from '../support/server.ts';
import { actorOf, DAY, eventsOf, HOUR, MINUTE, releaseInput } from '../support/announcements.ts';

describe.each(backends)('upgrade announcements on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let po: PersonActor;
  let providerAdmin: PersonActor;
  let acme: { id: string };
  let beta: { id: string };
  let gamma: { id: string };
  const people: Record<string, MadePerson> = {};

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    po = await actorOf(core, (await makePerson(core, core.providerId!, ['product_owner'])).id);
    providerAdmin = await actorOf(core, (await makePerson(core, core.providerId!, ['admin'])).id);
    acme = await makeClientOrg(core, 'acme');
    beta = await makeClientOrg(core, 'beta');
    gamma = await makeClientOrg(core, 'gamma');
    people.acmeSpaceAdmin = await makePerson(core, acme.id, ['space_admin']);
    people.acmeSpaceOwner = await makePerson(core, acme.id, ['space_owner', 'contact']);
    people.acmeContact = await makePerson(core, acme.id, ['contact']);
    people.betaContractAdmin = await makePerson(core, beta.id, ['contract_admin']);
    people.betaContractOwner = await makePerson(core, beta.id, ['contract_owner']);
    people.gammaContractOwner = await makePerson(core, gamma.id, ['contract_owner']);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  const as = (name: keyof typeof people) => actorOf(core, people[name]!.id);
  const pendingFor = async (actor: PersonActor) => (await core.read(pendingAcknowledgements, actor, {})).map((p) => p.announcement.id);
  const recipientsSeenBy = async (actor: PersonActor, announcementId: string) =>
    (await core.read(recipientsOfAnnouncements, actor, { announcementIds: [announcementId] })).get(announcementId) ?? [];
  const recipientRows = (announcementId: string) =>
    db.database.db.select().from(announcementRecipients).where(eq(announcementRecipients.announcementId, announcementId));
  const pendingTimerKeys = async (announcementId: string) =>
    (await db.database.db.select().from(timers).where(eq(timers.status, 'pending')))
      .filter((t) => t.key.startsWith(`announcement:${announcementId}:`))
      .map((t) => t.key)
      .sort();

  describe('the two-week rule', () => {
    it('announces a regular release whose window starts 14 days and a minute ahead', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 14 * DAY + MINUTE));
      const announced = await core.execute(announceRelease, po, { releaseId: release.id });
      expect(announced.announcement.shortNotice).toBe(false);
      const [row] = await db.database.db.select().from(releases).where(eq(releases.id, release.id));
      expect(row?.status).toBe('announced');
    });

    it('refuses a regular release whose window starts 14 days less a minute ahead, and writes nothing', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 14 * DAY - MINUTE));
      const before = (await eventsOf(core, 'announcement.delivered')).length;
      await expect(core.execute(announceRelease, po, { releaseId: release.id })).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('at least 14 days ahead unless the release is urgent maintenance'),
      });
      expect(await db.database.db.select().from(announcements).where(eq(announcements.releaseId, release.id))).toHaveLength(0);
      expect((await eventsOf(core, 'announcement.delivered')).length).toBe(before);
      const [row] = await db.database.db.select().from(releases).where(eq(releases.id, release.id));
      expect(row?.status).toBe('planned');
    });

    it('announces urgent maintenance at short notice, saying so and why', async () => {
      const input = releaseInput(clock.now(), 2 * DAY, { kind: 'urgent', urgentReason: 'a security fix that cannot wait' });
      const { announcement } = await core.execute(createAndAnnounceRelease, po, { release: input });
      expect(announcement.shortNotice).toBe(true);
      const delivered = await eventsOf(core, 'announcement.delivered', announcement.id);
      expect(delivered.length).toBeGreaterThan(0);
      for (const event of delivered) {
        expect(event.data).toMatchObject({ shortNotice: true, urgentReason: 'a security fix that cannot wait' });
      }
    });

    it('will not take urgent maintenance without a written reason', async () => {
      const input = releaseInput(clock.now(), 2 * DAY, { kind: 'urgent' });
      await expect(core.execute(createRelease, po, input)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fields: { urgentReason: expect.any(String) } } });
    });

    it('lets nobody but a product owner create or announce a release', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      for (const actor of [providerAdmin, await as('acmeSpaceAdmin')]) {
        await expect(core.execute(createRelease, actor, releaseInput(clock.now(), 20 * DAY))).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(core.execute(announceRelease, actor, { releaseId: release.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
    });

    it('announces a release only once', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      await core.execute(announceRelease, po, { releaseId: release.id });
      await expect(core.execute(announceRelease, po, { releaseId: release.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('the audience', () => {
    it('goes to the space admins, space owners, contract admins and contract owners of every client org, and no one else', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      const { announcement, orgs, recipients } = await core.execute(announceRelease, po, { releaseId: release.id });
      const rows = await recipientRows(announcement.id);
      const expected = ['acmeSpaceAdmin', 'acmeSpaceOwner', 'betaContractAdmin', 'betaContractOwner', 'gammaContractOwner'].map((n) => people[n]!.id);
      expect(rows.map((r) => r.personId).sort()).toEqual(expected.sort());
      expect([orgs, recipients]).toEqual([3, 5]);
      expect(rows.find((r) => r.personId === people.acmeSpaceOwner!.id)?.roles).toEqual(['space_owner']);
      // Each org's chain says what it was told and to whom; the provider's chain has the summary.
      const delivered = await eventsOf(core, 'announcement.delivered', announcement.id);
      expect(delivered.map((e) => e.chainId).sort()).toEqual([acme.id, beta.id, gamma.id].sort());
      expect(delivered.find((e) => e.orgId === beta.id)?.data).toMatchObject({
        recipients: [people.betaContractAdmin!.id, people.betaContractOwner!.id].sort(),
      });
      const [summary] = await eventsOf(core, 'release.announced', release.id);
      expect(summary).toMatchObject({ chainId: core.providerId, data: { orgs: 3, recipients: 5 } });
    });

    it('goes only to the chosen orgs when some are chosen, and refuses an org that is not a client', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      await expect(core.execute(announceRelease, po, { releaseId: release.id, orgIds: [core.providerId!] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id, orgIds: [beta.id] });
      expect(new Set((await recipientRows(announcement.id)).map((r) => r.orgId))).toEqual(new Set([beta.id]));
    });
  });

  describe('notices on durable timers', () => {
    it('reminds 7 days, 1 day and 1 hour before, nudges those who have not acknowledged after a week, and announces start and completion', async () => {
      clock.set('2026-12-01T09:00:00Z');
      const release = await core.execute(
        createRelease,
        po,
        releaseInput(clock.now(), 21 * DAY, {
          preview: { start: new Date(clock.now().getTime() + 10 * DAY), end: new Date(clock.now().getTime() + 20 * DAY), url: 'https://preview.example.test' },
        }),
      );
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id, orgIds: [acme.id, beta.id] });
      expect(await pendingTimerKeys(announcement.id)).toEqual(
        ['acknowledgement-reminder', 'preview-opened', 'reminder:1d', 'reminder:1h', 'reminder:7d', 'window-ended', 'window-started'].map(
          (k) => `announcement:${announcement.id}:${k}`,
        ),
      );
      await core.execute(acknowledgeAnnouncement, await as('acmeSpaceAdmin'), { announcementId: announcement.id });
      const notices = async () =>
        (await eventsOf(core, 'announcement.notices_sent', announcement.id)).map((e) => [e.data.notice, e.data.offset ?? null, e.data.recipients]);

      clock.advance(7 * DAY - MINUTE);
      await core.timers.runDue();
      expect(await notices()).toEqual([]);
      clock.advance(MINUTE);
      await core.timers.runDue();
      expect(await notices()).toEqual([['acknowledgement_reminder', null, 3]]);
      const [nudgeToBeta] = (await eventsOf(core, 'announcement.notified', announcement.id)).filter((e) => e.orgId === beta.id);
      expect(nudgeToBeta?.data.recipients).toHaveLength(2);

      clock.set(new Date(release.windowStart.getTime() - 7 * DAY));
      await core.timers.runDue();
      clock.set(new Date(release.windowStart.getTime() - HOUR));
      await core.timers.runDue();
      clock.set(release.windowStart);
      await core.timers.runDue();
      expect((await db.database.db.select().from(releases).where(eq(releases.id, release.id)))[0]?.status).toBe('in_window');
      clock.set(release.windowEnd);
      await core.timers.runDue();
      expect(await notices()).toEqual([
        ['acknowledgement_reminder', null, 3],
        ['preview_opened', null, 4],
        ['reminder', '7d', 4],
        ['reminder', '1d', 4],
        ['reminder', '1h', 4],
        ['window_started', null, 4],
        ['window_ended', null, 4],
      ]);
      expect((await db.database.db.select().from(releases).where(eq(releases.id, release.id)))[0]?.status).toBe('completed');
      expect(await pendingTimerKeys(announcement.id)).toEqual([]);
    });

    it('takes configured reminder offsets, and skips the ones already past at short notice', async () => {
      const input = releaseInput(clock.now(), 3 * DAY, { kind: 'urgent', urgentReason: 'data loss bug' });
      const { announcement } = await core.execute(createAndAnnounceRelease, po, { release: input, reminderOffsets: [5 * 24 * 60, 120] });
      expect(announcement.reminderOffsets).toEqual([7200, 120]);
      expect(await pendingTimerKeys(announcement.id)).toEqual(
        ['reminder:2h', 'window-ended', 'window-started'].map((k) => `announcement:${announcement.id}:${k}`),
      );
    });

    it('moves every pending notice on reschedule and tells everyone already told', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id });
      const later = new Date(release.windowStart.getTime() + 5 * DAY);
      await core.execute(rescheduleRelease, po, { releaseId: release.id, windowStart: later, windowEnd: new Date(later.getTime() + HOUR), reason: 'partner freeze' });
      const told = await eventsOf(core, 'announcement.notified', announcement.id);
      expect(told.map((e) => e.orgId).sort()).toEqual([acme.id, beta.id, gamma.id].sort());
      expect(told[0]?.data).toMatchObject({ notice: 'rescheduled', reason: 'partner freeze', previous: { windowStart: release.windowStart.toISOString() } });
      const [reminder] = (await db.database.db.select().from(timers).where(eq(timers.key, `announcement:${announcement.id}:reminder:7d`))).filter((t) => t.status === 'pending');
      expect(reminder?.dueAt).toEqual(new Date(later.getTime() - 7 * DAY));
      // Nothing fires at the old 7-day mark.
      clock.set(new Date(release.windowStart.getTime() - 7 * DAY));
      await core.timers.runDue();
      expect((await eventsOf(core, 'announcement.notices_sent', announcement.id)).filter((e) => e.data.notice === 'reminder')).toEqual([]);
    });

    it('refuses to bring an announced regular window forward to less than 14 days away', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      await core.execute(announceRelease, po, { releaseId: release.id });
      const sooner = new Date(clock.now().getTime() + 10 * DAY);
      await expect(
        core.execute(rescheduleRelease, po, { releaseId: release.id, windowStart: sooner, windowEnd: new Date(sooner.getTime() + HOUR) }),
      ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    });

    it('drops every notice on cancel, tells everyone already told, and takes no acknowledgement afterwards', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id, orgIds: [gamma.id] });
      await core.execute(cancelRelease, po, { releaseId: release.id, reason: 'superseded by 9.x' });
      expect(await pendingTimerKeys(announcement.id)).toEqual([]);
      const [told] = await eventsOf(core, 'announcement.notified', announcement.id);
      expect(told).toMatchObject({ orgId: gamma.id, data: { notice: 'cancelled', reason: 'superseded by 9.x', recipients: [people.gammaContractOwner!.id] } });
      await expect(core.execute(acknowledgeAnnouncement, await as('gammaContractOwner'), { announcementId: announcement.id })).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
      });
      clock.advance(30 * DAY);
      await core.timers.runDue();
      expect(await eventsOf(core, 'announcement.notices_sent', announcement.id)).toHaveLength(1);
    });
  });

  describe('acknowledgements', () => {
    it('records one acknowledgement on the org chain, refuses the second with the time of the first, and shows who has not', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id });
      const betaAdmin = await as('betaContractAdmin');
      expect(await pendingFor(betaAdmin)).toContain(announcement.id);
      const first = await core.execute(acknowledgeAnnouncement, betaAdmin, { announcementId: announcement.id });
      clock.advance(MINUTE);
      await expect(core.execute(acknowledgeAnnouncement, betaAdmin, { announcementId: announcement.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `you already acknowledged this announcement at ${first.acknowledgedAt.toISOString()}`,
      });
      const acks = await eventsOf(core, 'announcement.acknowledged', announcement.id);
      expect(acks).toHaveLength(1);
      expect(acks[0]).toMatchObject({ chainId: beta.id, actorId: betaAdmin.id, data: { personId: betaAdmin.id } });
      expect(await pendingFor(betaAdmin)).not.toContain(announcement.id);

      const byOrg = acknowledgementsByOrg(await recipientsSeenBy(po, announcement.id));
      const betaRow = byOrg.find((o) => o.orgId === beta.id)!;
      expect(betaRow.acknowledged.map((r) => r.personId)).toEqual([betaAdmin.id]);
      expect(betaRow.pending.map((r) => r.personId)).toEqual([people.betaContractOwner!.id]);
      expect(byOrg).toHaveLength(3);
      // A client admin sees their own org's recipients only.
      const seenByAcme = await recipientsSeenBy(await as('acmeSpaceAdmin'), announcement.id);
      expect(new Set(seenByAcme.map((r) => r.orgId))).toEqual(new Set([acme.id]));
    });

    it('tells a non-recipient of a told org FORBIDDEN, and someone of an org not told NOT_FOUND', async () => {
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id, orgIds: [acme.id] });
      await expect(core.execute(acknowledgeAnnouncement, await as('acmeContact'), { announcementId: announcement.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(core.execute(acknowledgeAnnouncement, await as('betaContractAdmin'), { announcementId: announcement.id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'announcement not found',
      });
      await expect(core.read(getAnnouncement, await as('betaContractAdmin'), { announcementId: announcement.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const betaReleases = await core.read(listReleases, await as('betaContractAdmin'), { first: 200 });
      expect(betaReleases.nodes.map((r) => r.id)).not.toContain(release.id);
      await expect(core.execute(acknowledgeAnnouncement, operator(), { announcementId: announcement.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
    it('takes no acknowledgement from a recipient who has since lost every role in the org told', async () => {
      const leaver = await makePerson(core, gamma.id, ['contract_owner']);
      const release = await core.execute(createRelease, po, releaseInput(clock.now(), 20 * DAY));
      const { announcement } = await core.execute(announceRelease, po, { releaseId: release.id, orgIds: [gamma.id] });
      expect((await recipientRows(announcement.id)).map((r) => r.personId)).toContain(leaver.id);
      await core.execute(setRoles, operator(), { orgId: gamma.id, personId: leaver.id, roles: [] });
      await expect(core.execute(acknowledgeAnnouncement, await actorOf(core, leaver.id), { announcementId: announcement.id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'announcement not found',
      });
      expect(await eventsOf(core, 'announcement.acknowledged', announcement.id)).toHaveLength(0);
    });
  });

  describe('following announcements', () => {
    it("follows every org's for provider staff, a client's one org without naming it, and nothing of another client's", async () => {
      const everyOrg = await core.read(followAnnouncements, providerAdmin, {});
      expect(everyOrg.subject).toEqual({ orgId: null });
      const acmeAdmin = await as('acmeSpaceAdmin');
      const ownOrg = await core.read(followAnnouncements, acmeAdmin, {});
      expect(ownOrg.subject).toEqual({ orgId: acme.id });
      await expect(core.read(followAnnouncements, acmeAdmin, { orgId: beta.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'organisation not found' });
      // The check a stream repeats, from the actor alone: losing one's roles ends both.
      expect(() => everyOrg.stillAllowed({ ...providerAdmin, memberships: [] })).toThrow("only the provider's staff follow every org's announcements");
      expect(() => ownOrg.stillAllowed({ ...acmeAdmin, memberships: [] })).toThrow('organisation not found');
      expect(() => ownOrg.stillAllowed(acmeAdmin)).not.toThrow();
    });
  });
});
