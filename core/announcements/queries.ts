/**
 * Reads of releases, announcements and recipients. Provider staff see everything; client people
 * see the releases announced to their org and only their own org's recipients. Anything an actor
 * may not see is NOT_FOUND, in the same words as a missing one.
 */
import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { announcementRecipients, announcements, orgs, people, releases, type AnnouncementRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { OpsdeskError } from '../errors.ts';
import { announcementById, releaseById } from './lookups.ts';
import { visibleOrgIds } from './policy.ts';

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

/** Announcement ids that reached at least one of these orgs. */
async function announcementIdsReaching(db: Queryable, orgIds: string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: announcementRecipients.announcementId })
    .from(announcementRecipients)
    .where(inArray(announcementRecipients.orgId, orgIds));
  return rows.map((r) => r.id);
}

export async function listReleases(db: Queryable, actor: Actor, first = 50, after?: string) {
  const { offset, limit } = pageWindow('releases', first, after);
  const visible = visibleOrgIds(actor);
  let where: SQL | undefined;
  if (visible) {
    const ids = await announcementIdsReaching(db, visible);
    if (ids.length === 0) return toPage('releases', [], first, offset);
    const releaseIds = (await db.select({ id: announcements.releaseId }).from(announcements).where(inArray(announcements.id, ids))).map((r) => r.id);
    where = inArray(releases.id, releaseIds);
  }
  const rows = await db.select().from(releases).where(where).orderBy(desc(releases.windowStart), asc(releases.id)).limit(limit).offset(offset);
  return toPage('releases', rows, first, offset);
}

export async function getRelease(db: Queryable, actor: Actor, releaseId: string) {
  const release = await releaseById(db, releaseId);
  if (!release) throw new OpsdeskError('NOT_FOUND', 'release not found');
  const visible = visibleOrgIds(actor);
  if (visible) {
    const announcement = await db.select().from(announcements).where(eq(announcements.releaseId, release.id));
    const reached = await announcementIdsReaching(db, visible);
    if (!announcement[0] || !reached.includes(announcement[0].id)) throw new OpsdeskError('NOT_FOUND', 'release not found');
  }
  return release;
}

export interface AnnouncementFilter {
  releaseId?: string;
  orgId?: string;
  status?: AnnouncementRow['status'];
}

export async function listAnnouncements(db: Queryable, actor: Actor, filter: AnnouncementFilter = {}, first = 50, after?: string) {
  const { offset, limit } = pageWindow('announcements', first, after);
  const visible = visibleOrgIds(actor);
  const conditions: SQL[] = [];
  if (filter.releaseId) conditions.push(eq(announcements.releaseId, filter.releaseId));
  if (filter.status) conditions.push(eq(announcements.status, filter.status));
  let orgScope = visible;
  if (filter.orgId) {
    if (visible && !visible.includes(filter.orgId)) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
    orgScope = [filter.orgId];
  }
  if (orgScope) {
    const ids = await announcementIdsReaching(db, orgScope);
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
}

export async function getAnnouncement(db: Queryable, actor: Actor, announcementId: string) {
  const announcement = await announcementById(db, announcementId);
  if (!announcement) throw new OpsdeskError('NOT_FOUND', 'announcement not found');
  const visible = visibleOrgIds(actor);
  if (visible && !(await announcementIdsReaching(db, visible)).includes(announcement.id)) {
    throw new OpsdeskError('NOT_FOUND', 'announcement not found');
  }
  return announcement;
}

/** The recipients the actor may see: all for provider staff, their own org's for client people. */
export async function announcementRecipientsOf(db: Queryable, actor: Actor, announcementId: string) {
  const visible = visibleOrgIds(actor);
  const where = and(
    eq(announcementRecipients.announcementId, announcementId),
    visible ? inArray(announcementRecipients.orgId, visible.length ? visible : ['00000000-0000-0000-0000-000000000000']) : undefined,
  );
  return db
    .select({
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
    .where(where)
    .orderBy(asc(orgs.name), asc(people.name));
}

export type RecipientView = Awaited<ReturnType<typeof announcementRecipientsOf>>[number];

/** Per org: who has acknowledged and who has not (what the product owner watches). */
export async function acknowledgementsByOrg(db: Queryable, actor: Actor, announcementId: string) {
  const recipients = await announcementRecipientsOf(db, actor, announcementId);
  const byOrg = new Map<string, { orgId: string; orgName: string; acknowledged: RecipientView[]; pending: RecipientView[] }>();
  for (const r of recipients) {
    const entry = byOrg.get(r.orgId) ?? { orgId: r.orgId, orgName: r.orgName, acknowledged: [], pending: [] };
    (r.acknowledgedAt ? entry.acknowledged : entry.pending).push(r);
    byOrg.set(r.orgId, entry);
  }
  return [...byOrg.values()];
}

/** Active announcements the person has still to acknowledge (App Home), soonest window first. */
export async function awaitingAcknowledgement(db: Queryable, personId: string) {
  return db
    .selectDistinct({
      announcementId: announcements.id,
      version: releases.version,
      title: releases.title,
      windowStart: releases.windowStart,
      windowEnd: releases.windowEnd,
      downtime: releases.downtime,
      shortNotice: announcements.shortNotice,
    })
    .from(announcementRecipients)
    .innerJoin(announcements, eq(announcements.id, announcementRecipients.announcementId))
    .innerJoin(releases, eq(releases.id, announcements.releaseId))
    .where(
      and(
        eq(announcementRecipients.personId, personId),
        isNull(announcementRecipients.acknowledgedAt),
        eq(announcements.status, 'active'),
      ),
    )
    .orderBy(asc(releases.windowStart));
}
