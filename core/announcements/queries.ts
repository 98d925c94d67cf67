/**
 * Reads of releases, announcements, recipients and installations, run with the actor they are for
 * (`core.read(query, actor, input)`) and decided by the capability's policy. Provider staff see
 * everything; client people see the releases announced to their org and only their own org's
 * recipients. Anything an actor may not see is NOT_FOUND, in the same words as a missing one.
 *
 * The read models the doors render live here too: the card and the DMs of one org's side of an
 * announcement (the Slack notifier), the announcements waiting for a person (App Home), the
 * choices of the /announce modal, and what the announcement subscription follows.
 */
import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { announcementRecipients, announcements, installations, orgs, people, releases } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { isUuid, orgById } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { memberOrgIds, seesEveryOrg, type OrgRef } from '../policy.ts';
import { defineQuery, type Followed } from '../query.ts';
import type { ComplianceEntry } from './compliance.ts';
import { complianceFromDatabase } from './internal/compliance.ts';
import {
  announcementById,
  announcementIdsReaching,
  orgsReached,
  reachOfAnnouncement,
  reachOfRelease,
  releaseById,
} from './internal/lookups.ts';
import type { Announcement, AnnouncementView, Installation, OrgAnnouncementView, RecipientView, Release } from './model.ts';
import { orgUpgradesPolicy, RELEASE_SCHEDULE, releasePolicy, type ReleaseReach } from './policy.ts';

const idInput = z.string().max(100);
const idsInput = z.array(idInput).max(1000);

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

const MAX_PAGE = 200;

/** Offset cursors, one codec per list: lists here are short and ordered by time. */
const CURSORS = {
  releases: cursorCodec('releases', positionSchema),
  announcements: cursorCodec('announcements', positionSchema),
};
type List = keyof typeof CURSORS;

const pageInput = { first: z.number().default(50), after: z.string().optional() };

function pageWindow(list: List, first: number, after: string | undefined) {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new OpsdeskError('INVALID_INPUT', `first is 1 to ${MAX_PAGE}`, { fields: { first: 'out of range' } });
  }
  const offset = after ? CURSORS[list].decode(after) : 0;
  return { offset, limit: first + 1 };
}

function toPage<T>(list: List, rows: T[], first: number, offset: number): Page<T> {
  const nodes = rows.slice(0, first);
  const end = offset + nodes.length;
  return { nodes, hasNextPage: rows.length > first, endCursor: nodes.length ? CURSORS[list].encode(end) : null };
}

/**
 * The orgs whose side of announcements a list shows the actor, in the policy's terms (provider
 * staff and the system see every org: undefined; anyone else the orgs they act in).
 */
const listScope = (actor: Actor): string[] | undefined => (seesEveryOrg(actor) ? undefined : memberOrgIds(actor));

/** An org as the policy sees it, without reading it: client roles only ever exist in client orgs. */
const orgRef = (id: string): OrgRef => ({ id, kind: 'client' });

const reach = (kind: ReleaseReach['kind'], orgIds: readonly string[] = []): ReleaseReach => ({ kind, orgIds, recipientIds: [] });

/** Provider staff: every release. Client people: the releases announced to their org. */
export const listReleases = defineQuery({
  name: 'listReleases',
  input: z.object(pageInput),
  async run({ db, actor }, { first, after }): Promise<Page<Release>> {
    const { offset, limit } = pageWindow('releases', first, after);
    const scope = listScope(actor);
    let where: SQL | undefined;
    if (scope) {
      const ids = await announcementIdsReaching(db, scope);
      if (ids.length === 0) return toPage('releases', [], first, offset);
      const releaseIds = (await db.select({ id: announcements.releaseId }).from(announcements).where(inArray(announcements.id, ids))).map((r) => r.id);
      where = inArray(releases.id, releaseIds);
    }
    const rows = await db.select().from(releases).where(where).orderBy(desc(releases.windowStart), asc(releases.id)).limit(limit).offset(offset);
    return toPage('releases', rows, first, offset);
  },
});

export const getRelease = defineQuery({
  name: 'getRelease',
  input: z.object({ releaseId: idInput }),
  async run({ db, actor }, { releaseId }): Promise<Release> {
    const release = await releaseById(db, releaseId);
    if (!release) throw releasePolicy.notFound(reach('release'));
    releasePolicy.authorize(actor, 'release.read', await reachOfRelease(db, release.id));
    return release;
  },
});

/** Releases by id, those the actor sees (the release of each announcement a list shows: one read for all of them). */
export const releasesByIds = defineQuery({
  name: 'releasesByIds',
  input: z.object({ releaseIds: idsInput }),
  async run({ db, actor }, { releaseIds }): Promise<Map<string, Release>> {
    const rows = await releasesWithAnnouncements(db, releaseIds);
    const reached = await orgsReached(db, rows.flatMap((r) => (r.announcementId ? [r.announcementId] : [])));
    const seen = rows.filter((r) => releasePolicy.may(actor, 'release.read', reach('release', r.announcementId ? reached.get(r.announcementId) : [])));
    return new Map(seen.map((r) => [r.release.id, r.release]));
  },
});

/** Each release's announcement, for the releases the actor sees (one read for a whole list). */
export const announcementsOfReleases = defineQuery({
  name: 'announcementsOfReleases',
  input: z.object({ releaseIds: idsInput }),
  async run({ db, actor }, { releaseIds }): Promise<Map<string, Announcement>> {
    const wanted = releaseIds.filter(isUuid);
    if (wanted.length === 0) return new Map();
    const rows = await db.select().from(announcements).where(inArray(announcements.releaseId, wanted));
    const reached = await orgsReached(db, rows.map((a) => a.id));
    const seen = rows.filter((a) => releasePolicy.may(actor, 'release.read', reach('announcement', reached.get(a.id))));
    return new Map(seen.map((a) => [a.releaseId, a]));
  },
});

const announcementFilter = z.object({
  releaseId: idInput.optional(),
  orgId: idInput.optional(),
  status: z.enum(['active', 'cancelled', 'completed']).optional(),
});

export const listAnnouncements = defineQuery({
  name: 'listAnnouncements',
  input: z.object({ ...pageInput, filter: announcementFilter.default({}) }),
  async run({ db, actor }, { filter, first, after }): Promise<Page<Announcement>> {
    const { offset, limit } = pageWindow('announcements', first, after);
    const conditions: SQL[] = [];
    if (filter.releaseId) conditions.push(eq(announcements.releaseId, filter.releaseId));
    if (filter.status) conditions.push(eq(announcements.status, filter.status));
    let scope = listScope(actor);
    if (filter.orgId) {
      // One org's announcements: an org the actor does not see is not found (worded like a missing one).
      orgUpgradesPolicy.authorize(actor, 'announcements.read', orgRef(filter.orgId));
      scope = [filter.orgId];
    }
    if (scope) {
      const ids = await announcementIdsReaching(db, scope);
      if (ids.length === 0) return toPage('announcements', [], first, offset);
      conditions.push(inArray(announcements.id, ids));
    }
    const rows = await db
      .select()
      .from(announcements)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(announcements.announcedAt), asc(announcements.id))
      .limit(limit)
      .offset(offset);
    return toPage('announcements', rows, first, offset);
  },
});

export const getAnnouncement = defineQuery({
  name: 'getAnnouncement',
  input: z.object({ announcementId: idInput }),
  async run({ db, actor }, { announcementId }): Promise<Announcement> {
    const announcement = await announcementById(db, announcementId);
    if (!announcement) throw releasePolicy.notFound(reach('announcement'));
    releasePolicy.authorize(actor, 'release.read', await reachOfAnnouncement(db, announcement.id));
    return announcement;
  },
});

/**
 * The recipients of each announcement that the actor may see: every org's for provider staff,
 * their own org's for client people. By org name, then name (one read for a whole list).
 */
export const recipientsOfAnnouncements = defineQuery({
  name: 'recipientsOfAnnouncements',
  input: z.object({ announcementIds: idsInput }),
  async run({ db, actor }, { announcementIds }): Promise<Map<string, RecipientView[]>> {
    const byAnnouncement = new Map<string, RecipientView[]>(announcementIds.map((id) => [id, []]));
    const wanted = announcementIds.filter(isUuid);
    const scope = listScope(actor);
    if (wanted.length === 0 || scope?.length === 0) return byAnnouncement;
    const rows = await db
      .select({
        announcementId: announcementRecipients.announcementId,
        orgId: announcementRecipients.orgId,
        orgName: orgs.name,
        personId: announcementRecipients.personId,
        name: people.name,
        roles: announcementRecipients.roles,
        deliveredAt: announcementRecipients.deliveredAt,
        acknowledgedAt: announcementRecipients.acknowledgedAt,
        acknowledgedVia: announcementRecipients.acknowledgedVia,
      })
      .from(announcementRecipients)
      .innerJoin(orgs, eq(orgs.id, announcementRecipients.orgId))
      .innerJoin(people, eq(people.id, announcementRecipients.personId))
      .where(and(inArray(announcementRecipients.announcementId, wanted), scope ? inArray(announcementRecipients.orgId, scope) : undefined))
      .orderBy(asc(orgs.name), asc(people.name));
    for (const row of rows) byAnnouncement.get(row.announcementId)?.push(row);
    return byAnnouncement;
  },
});

/**
 * One org's side of an announcement, with its release: what its card in the org's announcements
 * channel shows (who has acknowledged, who has not) and what the DMs to its recipients say.
 */
export const orgAnnouncement = defineQuery({
  name: 'orgAnnouncement',
  input: z.object({ announcementId: idInput, orgId: idInput }),
  async run({ db, actor }, { announcementId, orgId }): Promise<OrgAnnouncementView> {
    const announcement = await announcementById(db, announcementId);
    if (!announcement) throw releasePolicy.notFound(reach('announcement'));
    releasePolicy.authorize(actor, 'release.read', await reachOfAnnouncement(db, announcement.id));
    orgUpgradesPolicy.authorize(actor, 'announcements.read', orgRef(orgId));
    const release = (await releaseById(db, announcement.releaseId))!;
    const recipients = await db
      .select({ personId: announcementRecipients.personId, name: people.name, acknowledgedAt: announcementRecipients.acknowledgedAt })
      .from(announcementRecipients)
      .innerJoin(people, eq(people.id, announcementRecipients.personId))
      .where(and(eq(announcementRecipients.announcementId, announcement.id), eq(announcementRecipients.orgId, orgId)))
      .orderBy(asc(people.name));
    return { announcement, release, orgId, recipients };
  },
});

/** Active announcements the person has still to acknowledge (App Home, `myPendingAnnouncements`), soonest window first. */
export const pendingAcknowledgements = defineQuery({
  name: 'pendingAcknowledgements',
  input: z.object({}),
  async run({ db, actor }): Promise<AnnouncementView[]> {
    if (actor.type !== 'person') return [];
    const rows = await db
      .select({ announcement: announcements, release: releases })
      .from(announcementRecipients)
      .innerJoin(announcements, eq(announcements.id, announcementRecipients.announcementId))
      .innerJoin(releases, eq(releases.id, announcements.releaseId))
      .where(and(eq(announcementRecipients.personId, actor.id), isNull(announcementRecipients.acknowledgedAt), eq(announcements.status, 'active')))
      .orderBy(asc(releases.windowStart), asc(announcements.id));
    // A person told in two orgs has two rows of one announcement.
    const once = new Map<string, AnnouncementView>();
    for (const row of rows) if (!once.has(row.announcement.id)) once.set(row.announcement.id, row);
    return [...once.values()];
  },
});

/** What the /announce modal offers a product owner: the client orgs an announcement may be limited to. */
export const announceChoices = defineQuery({
  name: 'announceChoices',
  input: z.object({}),
  async run({ db, actor }): Promise<{ orgs: Array<{ id: string; name: string }> }> {
    releasePolicy.authorize(actor, 'release.manage', RELEASE_SCHEDULE);
    const clientOrgs = await db.select({ id: orgs.id, name: orgs.name, kind: orgs.kind }).from(orgs).where(eq(orgs.kind, 'client')).orderBy(asc(orgs.name));
    return { orgs: clientOrgs.filter((org) => orgUpgradesPolicy.sees(actor, org)).map(({ id, name }) => ({ id, name })) };
  },
});

/**
 * What an announcement subscription follows: one org's announcement events, or every org's (the
 * provider's staff, who need not name an org). A client person in one client org needs not say which.
 */
export const followAnnouncements = defineQuery({
  name: 'followAnnouncements',
  input: z.object({ orgId: idInput.optional() }),
  async run({ db, actor }, { orgId }): Promise<Followed<{ orgId: string | null }>> {
    const everyOrg = !orgId && releasePolicy.may(actor, 'announcements.follow_every_org', RELEASE_SCHEDULE);
    if (everyOrg) {
      const every = releasePolicy.follow(actor, 'announcements.follow_every_org', RELEASE_SCHEDULE);
      return { subject: { orgId: null }, stillAllowed: every.stillAllowed };
    }
    const chosen = orgId ?? soleClientOrg(actor);
    const org = orgUpgradesPolicy.visible(actor, await orgById(db, chosen));
    const followed = orgUpgradesPolicy.follow(actor, 'announcements.read', org);
    return { subject: { orgId: org.id }, stillAllowed: followed.stillAllowed };
  },
});

function soleClientOrg(actor: Actor): string {
  const clientOrgs = actor.type === 'person' ? actor.memberships.filter((m) => m.orgKind === 'client') : [];
  if (clientOrgs.length !== 1) throw new OpsdeskError('INVALID_INPUT', 'say which org to follow (orgId)', { fields: { orgId: 'required' } });
  return clientOrgs[0]!.orgId;
}

/** An org's installations, for whoever sees the org. */
export const listInstallations = defineQuery({
  name: 'listInstallations',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<Installation[]> {
    const org = orgUpgradesPolicy.visible(actor, await orgById(db, orgId));
    orgUpgradesPolicy.authorize(actor, 'installation.read', org);
    return db.select().from(installations).where(eq(installations.orgId, org.id)).orderBy(installations.kind, installations.name);
  },
});

/** An org's overdue installations now: provider staff and the org's admins and owners. */
export const upgradeCompliance = defineQuery({
  name: 'upgradeCompliance',
  input: z.object({ orgId: idInput }),
  async run({ db, actor, now }, { orgId }): Promise<ComplianceEntry[]> {
    const org = orgUpgradesPolicy.visible(actor, await orgById(db, orgId));
    orgUpgradesPolicy.authorize(actor, 'compliance.read', org);
    return complianceFromDatabase(db, now, org.id);
  },
});

async function releasesWithAnnouncements(db: Queryable, releaseIds: readonly string[]) {
  const wanted = releaseIds.filter(isUuid);
  if (wanted.length === 0) return [];
  return db
    .select({ release: releases, announcementId: announcements.id })
    .from(releases)
    .leftJoin(announcements, eq(announcements.releaseId, releases.id))
    .where(inArray(releases.id, wanted));
}
